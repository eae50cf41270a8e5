/**
 * A Bitrix24 emulator plus Kvota's Bitrix24 routes on real HTTP (127.0.0.1, random ports), installed the way the
 * portal does it (install form → ONAPPINSTALL). For tests of install, events and sync.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { type Bitrix24Emulator, type Bitrix24EmulatorOptions, startBitrix24Emulator } from '../../emulators/bitrix24';
import type { PacerLimits } from '../../server/src/crm/bitrix24/pacer';
import type { Bitrix24Port } from '../../server/src/crm/bitrix24/port';
import { Bitrix24Port as Port } from '../../server/src/crm/bitrix24/port';
import { bitrix24Routes } from '../../server/src/crm/bitrix24/routes';
import { dealHash } from '../../server/src/db/crm/deals';
import { portalIdFor } from '../../server/src/db/crm/portals';
import type { DB } from '../../server/src/db/schema';

export interface Bitrix24Harness {
  emu: Bitrix24Emulator;
  port: Bitrix24Port;
  appUrl: string;
  portalId: string;
  dirty: string[];
  close(): Promise<void>;
}

export async function startBitrix24App(
  store: { db: Kysely<DB> },
  opts: {
    emulator?: Bitrix24EmulatorOptions;
    limits?: PacerLimits;
    install?: boolean;
    maxAttempts?: number;
    timeoutMs?: number;
  } = {},
): Promise<Bitrix24Harness> {
  const emu = await startBitrix24Emulator(opts.emulator ?? {});
  const port = new Port({
    db: store.db,
    oauth: emu.oauth,
    limits: opts.limits,
    maxAttempts: opts.maxAttempts,
    timeoutMs: opts.timeoutMs,
  });
  const dirty: string[] = [];
  const app = new Hono();
  let appUrl = '';
  const routes = () =>
    bitrix24Routes({
      db: store.db,
      port,
      oauth: emu.oauth,
      publicUrl: appUrl,
      mountPath: '/b24',
      appPageUrl: `${appUrl}/app`,
      dealTabUrl: `${appUrl}/app/deal`,
      allowHttp: true,
      onDirty: (portalId, what) => dirty.push(`${portalId}:${what}`),
    });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.route('/b24', routes());
  const portalId = portalIdFor('bitrix24', emu.memberId);
  if (opts.install !== false) {
    const res = await emu.control.installApp({ handlerUrl: `${appUrl}/b24/install` });
    if (res.handlerStatus !== 200) throw new Error(`install failed: ${res.handlerStatus} ${res.handlerBody}`);
  }
  return {
    emu,
    port,
    appUrl,
    portalId,
    dirty,
    close: async () => {
      await emu.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}

/**
 * What the portal holds now, read independently of any sync state (limits off, a fresh connection), as deal id →
 * field hash; limits are back on the standard plan afterwards.
 */
export async function portalDealHashes(h: Bitrix24Harness): Promise<Map<string, string>> {
  h.emu.control.setLimits('off');
  const conn = await h.port.connect(h.portalId);
  const out = new Map<string, string>();
  let next = null;
  do {
    const page = await conn.readDeals(next);
    for (const d of page.deals) out.set(d.id, dealHash(d));
    next = page.next;
  } while (next);
  h.emu.control.setLimits('standard');
  return out;
}
