/**
 * The stack browser tests run against: the host page ("Bitrix24", served at the portal's origin) framing the widget,
 * which talks to a Kvota API. Two implementations of one shape:
 * - fake (default): a tiny portal and a contract-valid fake Kvota (fake-kvota.ts) — fast, no database;
 * - demo: the real demo stack (emulator + server on SQLite + plan), demo-stack.ts.
 * Tests derive what the widget must show from the stack's own API (what the engine computes), so both run the
 * same assertions.
 */
import type { HostPortal, Personas } from '../../../demo/host/portal';
import { startHostPage } from '../../../demo/host/serve';
import { ensureWidgetBuilt } from '../../../widget/build/ensure-built';
import { startFakeKvota } from './fake-kvota';
import { createFakePortal } from './fake-portal';

export interface BrowserStack {
  kind: 'fake' | 'demo';
  /** The host page ("Bitrix24"). */
  hostUrl: string;
  /** Where the widget pages are served (the Kvota server's /widget/). */
  widgetUrl: string;
  /** The Kvota API origin. */
  kvotaUrl: string;
  portal: HostPortal;
  personas: Personas;
  /** Fake only: every POST /api/session body. */
  sessions?: () => { crm: string; domain: string; memberId: string; authId: string }[];
  /** Fake only: the user a frame AUTH_ID was issued to. */
  verifyAuth?: (authId: string) => number | null;
  /** Fake only: make the API unreachable (sockets closed). */
  setDown?: (down: boolean) => void;
  close(): Promise<void>;
}

export type StackKind = BrowserStack['kind'];

export async function startStack(kind: StackKind): Promise<BrowserStack> {
  if (kind === 'demo') return (await import('./demo-stack')).startDemoStack();
  return startFakeStack();
}

export async function startFakeStack(): Promise<BrowserStack> {
  await ensureWidgetBuilt();
  const portal = createFakePortal();
  const kvota = await startFakeKvota(portal);
  const personas = { rep: 7, manager: 3, admin: 1 };
  const host = await startHostPage({ portal, widgetUrl: kvota.widgetUrl, personas });
  // Like the emulator, the portal's domain is where its pages are served.
  portal.domain = new URL(host.url).host;
  return {
    kind: 'fake',
    hostUrl: host.url,
    widgetUrl: kvota.widgetUrl,
    kvotaUrl: kvota.url,
    portal,
    personas,
    sessions: () => kvota.sessions,
    verifyAuth: (a) => portal.verify(a),
    setDown: (down) => {
      kvota.down = down;
    },
    close: async () => {
      await host.close();
      await kvota.close();
    },
  };
}
