/**
 * The stack browser tests run against: the demo host page (playing Bitrix24) framing the widget, which talks to a
 * Kvota API. Today: a fake portal and a fake, contract-valid Kvota (fake-kvota.ts). The demo wiring (emulator +
 * real server) can provide the same `BrowserStack` shape and the tests run unchanged.
 */
import { startHostPage } from '../../../demo/host/serve';
import { ensureWidgetBuilt } from '../../../widget/build/ensure-built';
import { createFakePortal, type FakePortal } from './fake-portal';
import { type FakeKvota, startFakeKvota } from './fake-kvota';

export interface BrowserStack {
  /** The host page ("Bitrix24"). */
  hostUrl: string;
  /** Where the widget pages are served. */
  widgetUrl: string;
  portal: FakePortal;
  kvota: FakeKvota;
  close(): Promise<void>;
}

export async function startFakeStack(): Promise<BrowserStack> {
  await ensureWidgetBuilt();
  const portal = createFakePortal();
  const kvota = await startFakeKvota(portal);
  const host = await startHostPage({ portal, widgetUrl: kvota.widgetUrl, personas: { rep: 7, manager: 3, admin: 1 } });
  // Like the emulator, the portal's domain is where its pages are served.
  portal.domain = new URL(host.url).host;
  return {
    hostUrl: host.url,
    widgetUrl: kvota.widgetUrl,
    portal,
    kvota,
    close: async () => {
      await host.close();
      await kvota.close();
    },
  };
}
