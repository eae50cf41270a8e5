import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Harness, startBitrix24App } from '../../../../test/helpers/bitrix24-app';
import { forEachDatabase, openTestDatabase, type TestDatabase } from '../../../../test/helpers/databases';
import { dealHash, dealHashes, listDeals } from '../../db/crm/deals';
import { listUsers } from '../../db/crm/directory';
import { getPortal } from '../../db/crm/portals';
import { countDirty } from '../../db/crm/sync-state';
import { CrmSync } from '../../sync/crm-sync';
import type { PacerLimits } from './pacer';

function refusals(h: Bitrix24Harness): number {
  return Object.values(h.emu.control.stats()).reduce((s, m) => s + m.refused503 + m.refused429, 0);
}

async function portalHashes(h: Bitrix24Harness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const saved = h.emu.control;
  saved.setLimits('off');
  const conn = await h.port.connect(h.portalId);
  let next = null;
  do {
    const page = await conn.readDeals(next);
    for (const d of page.deals) out.set(d.id, dealHash(d));
    next = page.next;
  } while (next);
  return out;
}

function postEvent(h: Bitrix24Harness, fields: Record<string, string>): Promise<Response> {
  return fetch(`${h.appUrl}/b24/event`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('Bitrix24 adapter against the emulator (SQLite)', () => {
  let store: TestDatabase;
  let h: Bitrix24Harness | undefined;
  beforeAll(async () => {
    store = await openTestDatabase('sqlite');
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  afterAll(() => store.close());

  it('respects both limits: tight bucket and operating budget, zero refusals', async () => {
    // 8-request bucket draining 4/s; 1.2 s of operating time per 3 s window (a 50-row page costs 0.11 s).
    const limits: PacerLimits = {
      bucketSize: 8,
      leakPerSecond: 4,
      operatingBudgetSeconds: 1.2,
      operatingWindowSeconds: 3,
    };
    h = await startBitrix24App(store, { emulator: { seed: 11, deals: 1200, limits }, limits });
    h.emu.control.resetStats();
    h.emu.control.resetLimits();
    const conn = await h.port.connect(h.portalId);
    // Many single requests: the bucket binds.
    for (let i = 0; i < 14; i++) await conn.listCurrencies();
    // A scan of 24 pages (2.6 s of operating time) through a 1.2 s budget: the operating limit binds.
    const ids: string[] = [];
    let next = null;
    do {
      const page = await conn.listDealIds(next);
      ids.push(...page.ids);
      next = page.next;
    } while (next);
    expect(ids.length).toBe(1200);
    expect(new Set(ids).size).toBe(1200);
    expect(refusals(h)).toBe(0);
    expect(conn.stats().refusals).toBe(0);
  });

  it('refreshes expired tokens mid-sync and stores the rotated refresh token', async () => {
    h = await startBitrix24App(store, { emulator: { seed: 12, deals: 2000 } });
    const harness = h;
    const before = await getPortal(store.db, h.portalId);
    let pages = 0;
    const sync = new CrmSync({
      db: store.db,
      port: h.port,
      pageRows: 500,
      onDealsChanged: () => {
        if (++pages === 2) harness.emu.control.expireAllTokens();
      },
    });
    const report = await sync.run(h.portalId);
    expect(report.fullDone).toBe(true);
    const after = await getPortal(store.db, h.portalId);
    expect(after?.refresh_token).not.toBe(before?.refresh_token);
    expect(after?.access_token).not.toBe(before?.access_token);
    expect((await listDeals(store.db, h.portalId)).length).toBe(2000);
    // The stored tokens are the live ones: a fresh connection works after another expiry.
    h.emu.control.expireAllTokens();
    const conn = await h.port.connect(h.portalId);
    expect((await conn.listCurrencies()).length).toBeGreaterThan(0);
    expect(conn.stats().tokenRefreshes).toBe(1);
  });

  it('survives 503, 429, 500 and dropped connections mid-sync', async () => {
    h = await startBitrix24App(store, { emulator: { seed: 13, deals: 3000 }, maxAttempts: 12 });
    const harness = h;
    let pages = 0;
    const sync = new CrmSync({
      db: store.db,
      port: h.port,
      pageRows: 500,
      onDealsChanged: () => {
        pages++;
        const c = harness.emu.control;
        if (pages === 1)
          c.failNext(2, { status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' });
        if (pages === 2) c.failNext(2, { drop: true });
        if (pages === 3) c.failNext(2, { status: 500 });
        if (pages === 4) c.failNext(1, { status: 502, error: 'BAD_GATEWAY', description: 'Bad gateway' });
        if (pages === 5)
          c.failNext(1, {
            status: 429,
            error: 'OPERATION_TIME_LIMIT',
            description: 'Method is blocked due to operation time limit.',
          });
      },
    });
    const report = await sync.run(h.portalId);
    expect(report.fullDone).toBe(true);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(await dealHashes(store.db, h.portalId)).toEqual(await portalHashes(h));
  }, 60_000);

  it('retries requests that time out', async () => {
    h = await startBitrix24App(store, { emulator: { seed: 15, deals: 500 }, timeoutMs: 400 });
    const target = h.emu.baseUrl;
    // A proxy in front of the portal that swallows the next requests without ever answering.
    let swallow = 0;
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (swallow > 0) {
        swallow--;
        return; // never answers: the client's timeout must fire
      }
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    try {
      const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/rest/`;
      await store.db.updateTable('portals').set({ client_endpoint: proxied }).where('id', '=', h.portalId).execute();
      const conn = await h.port.connect(h.portalId);
      swallow = 2;
      const ids: string[] = [];
      let next = null;
      do {
        const page = await conn.listDealIds(next);
        ids.push(...page.ids);
        next = page.next;
      } while (next);
      expect(ids.length).toBe(500);
      expect(swallow).toBe(0);
      expect(conn.stats().retries).toBeGreaterThanOrEqual(2);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it('verifies frame auth by asking the portal', async () => {
    h = await startBitrix24App(store, { emulator: { seed: 14, deals: 50 } });
    const admin = h.emu.control.issueUserAuth(1);
    const rep = h.emu.control.issueUserAuth(h.emu.store.users()[5]!.id);
    const me = await h.port.verifyFrameAuth({ domain: h.emu.domain, memberId: h.emu.memberId, authId: admin.AUTH_ID });
    expect(me).toMatchObject({ portalId: h.portalId, userId: '1', isAdmin: true });
    const r = await h.port.verifyFrameAuth({ domain: h.emu.domain, memberId: h.emu.memberId, authId: rep.AUTH_ID });
    expect(r).toMatchObject({ userId: String(h.emu.store.users()[5]!.id), isAdmin: false });
    expect(
      await h.port.verifyFrameAuth({ domain: h.emu.domain, memberId: h.emu.memberId, authId: 'forged' }),
    ).toBeNull();
    expect(
      await h.port.verifyFrameAuth({ domain: 'evil.example', memberId: h.emu.memberId, authId: admin.AUTH_ID }),
    ).toBeNull();
    expect(await h.port.verifyFrameAuth({ domain: h.emu.domain, memberId: 'other', authId: admin.AUTH_ID })).toBeNull();
  });
});

forEachDatabase('Bitrix24 events and uninstall', (open) => {
  let store: TestDatabase;
  let h: Bitrix24Harness;
  beforeAll(async () => {
    store = await open();
    h = await startBitrix24App(store, { emulator: { seed: 21, deals: 300 } });
    await new CrmSync({ db: store.db, port: h.port }).run(h.portalId);
  });
  afterAll(async () => {
    await h.close();
    await store.close();
  });

  it('refuses forged and foreign events and changes nothing', async () => {
    const token = h.emu.store.applicationToken()!;
    const base = { event: 'ONCRMDEALUPDATE', 'data[FIELDS][ID]': '5', 'auth[member_id]': h.emu.memberId };
    expect((await postEvent(h, { ...base, 'auth[application_token]': 'x'.repeat(token.length) })).status).toBe(403);
    expect((await postEvent(h, { ...base, 'auth[application_token]': token.slice(1) })).status).toBe(403);
    expect(
      (await postEvent(h, { ...base, 'auth[member_id]': 'f'.repeat(32), 'auth[application_token]': token })).status,
    ).toBe(403);
    expect((await postEvent(h, base)).status).toBe(401);
    const uninstall = { event: 'ONAPPUNINSTALL', 'data[CLEAN]': '1', 'auth[member_id]': h.emu.memberId };
    expect((await postEvent(h, { ...uninstall, 'auth[application_token]': 'forged' })).status).toBe(403);
    const install = { event: 'ONAPPINSTALL', 'auth[member_id]': h.emu.memberId, 'auth[application_token]': 'forged' };
    expect((await postEvent(h, install)).status).toBe(403);
    expect(await countDirty(store.db, h.portalId)).toBe(0);
    const p = await getPortal(store.db, h.portalId);
    expect(p?.uninstalled_at).toBeNull();
    expect(p?.application_token).toBe(token);
    expect((await listDeals(store.db, h.portalId)).length).toBe(300);
  });

  it('handles every deal event and ONUSERADD', async () => {
    const sync = new CrmSync({ db: store.db, port: h.port });
    const c = h.emu.control;
    const owner = h.emu.store.users()[3]!.id;
    const added = await c.addDeal({ title: 'Поставка', assignedById: owner, opportunity: '150000.00' });
    const [x, y] = h.emu.store
      .deals()
      .slice(10, 12)
      .map((d) => d.id) as [number, number];
    await c.winDeal(x);
    await c.deleteDeal(y);
    const user = await c.addUser({
      name: 'Ирина',
      lastName: 'Соколова',
      departmentId: h.emu.store.departments()[1]!.id,
    });
    await c.flushEvents();
    expect(await countDirty(store.db, h.portalId)).toBe(3);
    expect(h.dirty).toContain(`${h.portalId}:users`);
    await sync.run(h.portalId);
    const deals = new Map((await listDeals(store.db, h.portalId)).map((d) => [d.id, d]));
    expect(deals.get(String(added.id))?.amount).toBe('150000.00');
    expect(deals.get(String(x))?.status).toBe('won');
    expect(deals.get(String(x))?.wonAt).toBeTruthy();
    expect(deals.has(String(y))).toBe(false);
    expect(
      (await listUsers(store.db, h.portalId)).some((u) => u.id === String(user.id) && u.name === 'Ирина Соколова'),
    ).toBe(true);
    expect(await countDirty(store.db, h.portalId)).toBe(0);
  });

  it('ONAPPUNINSTALL (verified) wipes tokens and, with CLEAN, the synced data', async () => {
    await h.emu.control.uninstallApp({ clean: true });
    const p = await getPortal(store.db, h.portalId);
    expect(p?.uninstalled_at).toBeTruthy();
    expect(p?.access_token).toBeNull();
    expect(p?.refresh_token).toBeNull();
    expect(p?.application_token).toBeNull();
    expect(await listDeals(store.db, h.portalId)).toEqual([]);
    await expect(h.port.connect(h.portalId)).rejects.toThrow(/not installed/);
  });
});
