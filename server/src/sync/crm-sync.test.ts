import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Bitrix24Harness, portalDealHashes, startBitrix24App } from '../../../test/helpers/bitrix24-app';
import { forEachDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { dealHashes, listDeals } from '../db/crm/deals';
import { listCurrencies, listDepartments, listPipelines, listUsers } from '../db/crm/directory';
import { getPortal } from '../db/crm/portals';
import { loadCursor } from '../db/crm/sync-state';
import type { DealChange } from '../ports/crm';
import { CrmSync } from './crm-sync';
import { syncUnderLease } from './runner';

forEachDatabase('Bitrix24 install → sync', (open) => {
  let store: TestDatabase;
  let h: Bitrix24Harness;
  const changes: DealChange[] = [];
  beforeAll(async () => {
    store = await open();
    h = await startBitrix24App(store, { emulator: { seed: 7, deals: 3000, reps: 12 } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
  });

  it('install stores tokens and application token, binds placements and events', async () => {
    const p = await getPortal(store.db, h.portalId);
    expect(p?.access_token).toBeTruthy();
    expect(p?.application_token).toBe(h.emu.store.applicationToken());
    const placements = h.emu.store
      .placements()
      .map((x) => x.placement)
      .sort();
    expect(placements).toEqual(['CRM_DEAL_DETAIL_TAB', 'LEFT_MENU']);
    const events = h.emu.store
      .eventBindings()
      .map((b) => b.event)
      .sort();
    expect(events).toEqual([
      'ONAPPINSTALL',
      'ONAPPUNINSTALL',
      'ONCRMDEALADD',
      'ONCRMDEALDELETE',
      'ONCRMDEALUPDATE',
      'ONUSERADD',
    ]);
  });

  it('full sync loads the directory and every deal with batch >ID paging, never refused', async () => {
    h.emu.control.resetStats();
    const sync = new CrmSync({ db: store.db, port: h.port, onDealsChanged: (_p, c) => void changes.push(...c) });
    const report = await sync.run(h.portalId);
    expect(report.fullDone).toBe(true);
    const stats = h.emu.control.stats();
    const refusals = Object.values(stats).reduce((s, m) => s + m.refused503 + m.refused429, 0);
    expect(refusals).toBe(0);
    // 3000 deals = 60 list pages chained in batches of 50 (2 requests), one max-id probe, one end check.
    expect(stats['crm.deal.list']?.calls).toBeLessThanOrEqual(62);
    expect(stats.batch?.calls).toBeLessThanOrEqual(4);

    const users = await listUsers(store.db, h.portalId);
    expect(users.length).toBe(h.emu.store.users().length);
    const deps = await listDepartments(store.db, h.portalId);
    expect(deps.length).toBe(h.emu.store.departments().length);
    expect(deps.some((d) => d.headId !== null)).toBe(true);
    const { pipelines, stages } = await listPipelines(store.db, h.portalId);
    expect(pipelines.length).toBe(h.emu.store.categories().length);
    expect(stages.filter((s) => s.semantic === 'won').length).toBe(pipelines.length);
    const currencies = await listCurrencies(store.db, h.portalId);
    expect(currencies.find((c) => c.isBase)?.code).toBe('RUB');
    expect(currencies.find((c) => c.code === 'USD')?.rate).toMatch(/^\d+(\.\d+)?$/);

    const deals = await listDeals(store.db, h.portalId);
    expect(deals.length).toBe(3000);
    expect(changes.length).toBe(3000);
    const won = deals.filter((d) => d.status === 'won');
    expect(won.length).toBeGreaterThan(0);
    expect(won.every((d) => d.wonAt !== null)).toBe(true);
    // The won date equals the portal's stage history: the newest move into a success stage.
    const history = h.emu.store.stageHistory();
    for (const d of won.slice(0, 200)) {
      const rows = history.filter((r) => r.ownerId === Number(d.id) && r.semantic === 'S');
      const last = Math.max(...rows.map((r) => r.createdTime));
      expect(Date.parse(d.wonAt!)).toBe(Math.floor(last / 1000) * 1000);
    }
    // Exact money: emulator kopecks → our decimal string, no float on the way.
    const sample = h.emu.store.deal(Number(deals[0]?.id));
    const kop = sample!.opportunity;
    expect(deals[0]?.amount).toBe(`${Math.floor(kop / 100)}.${String(kop % 100).padStart(2, '0')}`);
    expect(await dealHashes(store.db, h.portalId)).toEqual(await portalDealHashes(h));
    h.emu.control.resetLimits();
  });

  it('events mark deals dirty; the dirty queue and reconciliation bring storage level with the portal', async () => {
    changes.length = 0;
    const sync = new CrmSync({ db: store.db, port: h.port, onDealsChanged: (_p, c) => void changes.push(...c) });
    const [a, b, c] = h.emu.store
      .deals()
      .slice(0, 3)
      .map((d) => d.id) as [number, number, number];
    await h.emu.control.changeDeal(a, { opportunity: '777.70' });
    await h.emu.control.deleteDeal(b);
    const added = await h.emu.control.addDeal({
      title: 'Новая сделка',
      assignedById: h.emu.store.users()[2]!.id,
      opportunity: '1000.00',
    });
    h.emu.control.dropNextEvents(1);
    await h.emu.control.changeDeal(c, { opportunity: '55.55' }); // this event is lost; reconciliation must catch it
    await h.emu.control.flushEvents();
    expect(h.dirty.filter((x) => x.endsWith(':deals')).length).toBe(3);
    const report = await sync.run(h.portalId, { reconcile: true, sweep: true });
    expect(report.dealsDeleted).toBe(1);
    const ids = new Set(changes.map((ch) => ch.dealId));
    expect(ids).toEqual(new Set([String(a), String(b), String(c), String(added.id)]));
    expect(changes.find((ch) => ch.dealId === String(b))?.after).toBeUndefined();
    expect(await dealHashes(store.db, h.portalId)).toEqual(await portalDealHashes(h));
    h.emu.control.resetLimits();
    expect(await loadCursor(store.db, h.portalId, 'deals.watermark')).toBeTruthy();
  });

  it('lets one worker at a time sync a portal', async () => {
    const sync = new CrmSync({ db: store.db, port: h.port });
    const [a, b] = await Promise.all([
      syncUnderLease({ db: store.db, sync, portalId: h.portalId, holder: 'worker-a' }),
      syncUnderLease({ db: store.db, sync, portalId: h.portalId, holder: 'worker-b' }),
    ]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    expect(await syncUnderLease({ db: store.db, sync, portalId: h.portalId, holder: 'worker-b' })).not.toBeNull();
  });
});
