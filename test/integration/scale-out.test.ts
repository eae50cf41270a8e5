/**
 * Several `kvota serve` processes on one PostgreSQL (here: two servers in this test process, each with its own pool,
 * scheduler and LISTEN connection): a session issued by one works on the other, a portal's sync lease has exactly one
 * holder, and a deal won through the process that runs the sync reaches a widget streaming from the other process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from '../../emulators/bitrix24/index';
import { type RunningServer, startServer } from '../../server/src/main';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { call, SESSION_SECRET, waitFor } from './stack';

describe('postgres: two server processes share one database', () => {
  let store: TestDatabase;
  let emu: Bitrix24Emulator;
  let one: RunningServer;
  let two: RunningServer;
  let portalId: string;

  beforeAll(async () => {
    store = await openTestDatabase('postgres');
    emu = await startBitrix24Emulator({ seed: 33, reps: 8, deals: 200, limits: 'off' });
    const options = {
      databaseUrl: store.url,
      databaseSchema: store.options.schema,
      port: 0,
      sessionSecret: SESSION_SECRET,
      bitrix24: { clientId: emu.oauth.clientId, clientSecret: emu.oauth.clientSecret, allowHttp: true },
      syncIntervalSeconds: 0,
      logLevel: 'silent' as const,
      env: {},
    };
    one = await startServer(options);
    two = await startServer(options);
    const installed = await emu.control.installApp({ handlerUrl: one.bitrix24InstallUrl });
    expect(installed.handlerStatus).toBe(200);
    portalId = `bitrix24:${emu.memberId}`;
    await waitFor(
      'initial sync',
      async () => {
        const row = await store.db
          .selectFrom('sync_state')
          .select('cursor')
          .where('portal_id', '=', portalId)
          .where('job', '=', 'deals.full')
          .executeTakeFirst();
        return row && (JSON.parse(row.cursor) as { done?: boolean }).done;
      },
      30_000,
    );
    await one.scheduler?.idle();
    await two.scheduler?.idle();
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await emu?.close();
    await store?.close();
  });

  it("gives the portal's sync lease to exactly one process", async () => {
    const leases = await store.db.selectFrom('sync_leases').selectAll().where('portal_id', '=', portalId).execute();
    expect(leases).toHaveLength(1);
    expect([one.scheduler?.holder, two.scheduler?.holder]).toContain(leases[0]!.holder);
  });

  it('streams a deal won in the syncing process to a widget connected to the other one', async () => {
    const semantic = new Map(emu.store.stages().map((s) => [s.statusId, s.semantic]));
    const openDeal = emu.store.deals().find((d) => semantic.get(d.stageId) === 'P' && d.assignedById)!;
    const rep = emu.store.users().find((u) => u.id === openDeal.assignedById)!;
    const auth = emu.control.issueUserAuth(rep.id);
    // The session comes from process one and is used on process two: same secret, stateless tokens.
    const session = await call(`${one.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ crm: 'bitrix24', domain: emu.domain, memberId: emu.memberId, authId: auth.AUTH_ID }),
    });
    expect(session.status).toBe(200);
    const token = session.body.token as string;
    expect((await call(`${two.url}/api/me/summary`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );

    // Stream from the process that does NOT run this portal's sync: the event can only arrive through NOTIFY.
    const lease = await store.db
      .selectFrom('sync_leases')
      .select('holder')
      .where('portal_id', '=', portalId)
      .executeTakeFirstOrThrow();
    const listener = lease.holder === one.scheduler?.holder ? two : one;
    const ctrl = new AbortController();
    const res = await fetch(`${listener.url}/api/events?token=${encodeURIComponent(token)}`, { signal: ctrl.signal });
    const seen: string[] = [];
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          seen.push(decoder.decode(value));
        }
      } catch {}
    })();
    await waitFor('stream ready', async () => seen.join('').includes('event: ready'));

    const deal = String(openDeal.id);
    await emu.control.winDeal(Number(deal));
    await waitFor('deal_won on the other process', async () => seen.join('').includes(`"dealId":"${deal}"`), 20_000);
    ctrl.abort();
  });
});
