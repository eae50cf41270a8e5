import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../../../test/helpers/databases';
import type { CrmDeal } from '../../ports/crm';
import { dealHash, dealHashes, listDeals, markDealsDeleted, upsertDeals } from './deals';
import { listPipelines, replacePipelines } from './directory';
import { getPortal, purgeUninstalledPortals, saveTokens, uninstallPortal, upsertInstalledPortal } from './portals';
import {
  acquireLease,
  clearDirty,
  countDirty,
  loadCursor,
  markDirty,
  peekDirty,
  releaseLease,
  renewLease,
  saveCursor,
} from './sync-state';

const deal = (id: string, over: Partial<CrmDeal> = {}): CrmDeal => ({
  id,
  title: `Сделка ${id}`,
  ownerId: '1',
  amount: '1234567890123.45',
  currency: 'RUB',
  pipelineId: '0',
  stageId: 'NEW',
  status: 'open',
  wonAt: null,
  closedAt: null,
  createdAt: '2026-01-10T10:00:00+03:00',
  modifiedAt: '2026-01-10T10:00:00+03:00',
  ...over,
});

forEachDatabase('CRM storage', (open) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());
  const now = '2026-11-27T12:00:00.000Z';

  it('keeps amounts exact and reports only real changes, per portal', async () => {
    const { db } = store;
    const first = await upsertDeals(db, 'p1', [deal('1'), deal('2')], now);
    expect(first.map((c) => c.dealId).sort()).toEqual(['1', '2']);
    await upsertDeals(db, 'p2', [deal('1', { amount: '5.00' })], now);
    expect(await upsertDeals(db, 'p1', [deal('1')], now)).toEqual([]);
    const changed = await upsertDeals(
      db,
      'p1',
      [deal('2', { status: 'won', wonAt: '2026-02-01T00:00:00+03:00' })],
      now,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]?.before?.status).toBe('open');
    expect(changed[0]?.after?.status).toBe('won');
    const p1 = await listDeals(db, 'p1');
    expect(p1.find((d) => d.id === '1')?.amount).toBe('1234567890123.45');
    expect((await listDeals(db, 'p2'))[0]?.amount).toBe('5.00');
    const hashes = await dealHashes(db, 'p1');
    expect(hashes.get('1')).toBe(dealHash(deal('1')));
    const gone = await markDealsDeleted(db, 'p1', ['1', '404'], now);
    expect(gone.map((c) => c.dealId)).toEqual(['1']);
    expect([...(await dealHashes(db, 'p1')).keys()]).toEqual(['2']);
    // a deleted deal that comes back is live again
    expect(await upsertDeals(db, 'p1', [deal('1')], now)).toHaveLength(1);
  });

  it('stores cursors and the dirty queue without losing re-marks', async () => {
    const { db } = store;
    await db.transaction().execute(async (trx) => {
      await upsertDeals(trx, 'p3', [deal('7')], now);
      await saveCursor(trx, 'p3', 'deals.full', { lastId: 7 }, now);
    });
    expect(await loadCursor(db, 'p3', 'deals.full')).toEqual({ lastId: 7 });
    await markDirty(db, 'p3', ['1', '2', '2'], 'update', '2026-11-27T12:00:00.000Z');
    const batch = await peekDirty(db, 'p3', 10);
    expect(batch.map((d) => d.dealId)).toEqual(['1', '2']);
    await markDirty(db, 'p3', ['2'], 'update', '2026-11-27T12:00:00.000Z'); // same millisecond: still a new mark
    await clearDirty(db, 'p3', batch);
    expect((await peekDirty(db, 'p3', 10)).map((d) => d.dealId)).toEqual(['2']);
    expect(await countDirty(db, 'p3')).toBe(1);
  });

  it('grants a lease to one holder at a time', async () => {
    const { db } = store;
    expect(await acquireLease(db, 'p1', 'a', 1000, 10_000)).toBe(true);
    expect(await acquireLease(db, 'p1', 'b', 1000, 10_500)).toBe(false);
    expect(await renewLease(db, 'p1', 'a', 1000, 10_900)).toBe(true);
    expect(await renewLease(db, 'p1', 'b', 1000, 10_900)).toBe(false);
    expect(await acquireLease(db, 'p1', 'b', 1000, 12_000)).toBe(true);
    expect(await renewLease(db, 'p1', 'a', 1000, 12_001)).toBe(false);
    await releaseLease(db, 'p1', 'b');
    expect(await acquireLease(db, 'p1', 'a', 1000, 12_002)).toBe(true);
  });

  it('rotates tokens compare-and-set, and uninstall wipes secrets and (with purge) data', async () => {
    const { db } = store;
    const id = await upsertInstalledPortal(
      db,
      {
        crm: 'bitrix24',
        domain: 'x.bitrix24.ru',
        memberId: 'm1',
        tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
      },
      now,
    );
    const v = (await getPortal(db, id))?.token_version ?? -1;
    expect(await saveTokens(db, id, { accessToken: 'a2', refreshToken: 'r2', expiresAt: 2 }, v)).toBe(true);
    expect(await saveTokens(db, id, { accessToken: 'a3', refreshToken: 'r3', expiresAt: 3 }, v)).toBe(false);
    expect((await getPortal(db, id))?.refresh_token).toBe('r2');
    await replacePipelines(
      db,
      id,
      [{ id: '0', name: 'Общая', sort: 1, isDefault: true }],
      [{ id: 'WON', pipelineId: '0', name: 'Успех', sort: 1, semantic: 'won' }],
    );
    await upsertDeals(db, id, [deal('1')], now);
    await uninstallPortal(db, id, now, { purge: false });
    const p = await getPortal(db, id);
    expect(p?.access_token).toBeNull();
    expect(p?.application_token).toBeNull();
    expect(await listDeals(db, id)).toHaveLength(1);
    await uninstallPortal(db, id, now, { purge: true });
    expect(await listDeals(db, id)).toHaveLength(0);
    expect((await listPipelines(db, id)).stages).toHaveLength(0);
  });

  it('keeps an uninstalled portal data for the grace period, then the daily purge removes it', async () => {
    const { db } = store;
    const id = await upsertInstalledPortal(
      db,
      {
        crm: 'bitrix24',
        domain: 'grace.bitrix24.ru',
        memberId: 'm-grace',
        tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
      },
      now,
    );
    await upsertDeals(db, id, [deal('7')], now);
    await uninstallPortal(db, id, '2026-10-01T00:00:00.000Z', { purge: false });
    expect(await purgeUninstalledPortals(db, '2026-09-30T00:00:00.000Z')).not.toContain(id);
    expect(await listDeals(db, id)).toHaveLength(1);
    expect(await purgeUninstalledPortals(db, '2026-10-31T00:00:00.000Z')).toContain(id);
    expect(await listDeals(db, id)).toHaveLength(0);
    expect((await getPortal(db, id))?.uninstalled_at).toBe('2026-10-01T00:00:00.000Z'); // the tombstone stays
  });
});
