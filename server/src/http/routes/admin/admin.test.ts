import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, NOW, seedPortals, startHarness } from '../../../../../test/helpers/admin-finance';
import { forEachDatabase, type TestDatabase } from '../../../../../test/helpers/databases';
import { upsertDeals } from '../../../db/crm/deals';

const FLAT_5 = { period: 'month', rules: [{ id: 'base', name: 'Базовая ставка', type: 'flat', rate: '0.05' }] };
const FLAT_10 = { period: 'month', rules: [{ id: 'base', name: 'Базовая ставка', type: 'flat', rate: '0.10' }] };

forEachDatabase('admin API (plans, quotas, settings, audit) over HTTP', (open) => {
  let store: TestDatabase;
  let h: Harness;
  let planId: string;
  let v1: string;

  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response JSON
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
  const count = async (table: 'quotas' | 'audit_log' | 'plans' | 'plan_assignments') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    store = await open();
    await seedPortals(store);
    h = await startHarness(store);
  });
  afterAll(() => store.close());

  it('refuses callers without a session, reps and managers', async () => {
    expect((await h.call(null, 'GET', '/api/admin/plans')).status).toBe(401);
    const rep = await json(await h.call('r1', 'GET', '/api/admin/plans'));
    expect(rep.status).toBe(403);
    expect(rep.body.error.code).toBe('forbidden');
    const mgr = await h.call('m1', 'POST', '/api/admin/plans', {
      name: 'x',
      effectiveFrom: '2026-01-01',
      definition: FLAT_5,
    });
    expect(mgr.status).toBe(403);
    expect(
      (await h.call('m1', 'PUT', '/api/admin/quotas', { period: '2026-12', entries: [{ repId: 'r1', amount: '1' }] }))
        .status,
    ).toBe(403);
    expect((await h.call('r1', 'PUT', '/api/admin/settings', { leaderboardVisibility: 'amounts' })).status).toBe(403);
    expect(await count('plans')).toBe(0);
    expect(await count('quotas')).toBe(0);
  });

  it('rejects a malformed plan with every problem listed, and writes nothing', async () => {
    const bad = {
      period: 'week',
      rules: [
        { id: 'base', type: 'flat', rate: 'пять процентов' },
        { id: 'bonus', type: 'teleport' },
        { id: 'tiers', type: 'tiered', basis: 'revenue', method: 'marginal', tiers: [] },
      ],
    };
    const res = await json(
      await h.call('a1', 'POST', '/api/admin/plans', {
        name: 'Кривой план',
        effectiveFrom: '2026-01-01',
        definition: bad,
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_plan');
    const paths: string[] = res.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const fragment of ['period', 'rules[0].rate', 'rules[1]', 'rules[2].tiers']) {
      expect(paths.some((p) => p.includes(fragment))).toBe(true);
    }
    for (const issue of res.body.error.issues) expect(issue.message.length).toBeGreaterThan(0);
    expect(await count('plans')).toBe(0);
    expect(await count('audit_log')).toBe(0);

    const check = await json(await h.call('a1', 'POST', '/api/admin/plans/validate', { definition: bad, lang: 'en' }));
    expect(check.status).toBe(200);
    expect(check.body.ok).toBe(false);
    expect(check.body.issues.length).toBe(res.body.error.issues.length);
  });

  it('creates, versions, publishes and assigns a plan; published versions never change', async () => {
    const created = await json(
      await h.call('a1', 'POST', '/api/admin/plans', {
        name: 'Менеджеры 2026',
        effectiveFrom: '2026-01-01',
        definition: FLAT_5,
      }),
    );
    expect(created.status).toBe(200);
    planId = created.body.id;
    v1 = created.body.versions[0].id;
    expect(created.body.versions[0]).toMatchObject({ version: 1, status: 'draft', effectiveTo: null });

    const published = await json(await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions/${v1}/publish`, {}));
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: NOW.toISOString() });
    expect(h.recomputes.at(-1)).toEqual({ portalId: 'p1', repIds: 'all', periods: 'kept' });

    const edit = await json(
      await h.call('a1', 'PUT', `/api/admin/plans/${planId}/versions/${v1}`, {
        effectiveFrom: '2026-01-01',
        definition: FLAT_10,
      }),
    );
    expect(edit.status).toBe(409);
    expect((await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions/${v1}/publish`, {})).status).toBe(409);

    const v2 = await json(
      await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions`, {
        effectiveFrom: '2027-01-01',
        definition: FLAT_10,
      }),
    );
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft', effectiveFrom: '2027-01-01' });
    const dates = await json(
      await h.call('a1', 'PUT', `/api/admin/plans/${planId}/versions/${v2.body.id}`, {
        effectiveFrom: '2027-02-01',
        effectiveTo: '2027-01-01',
        definition: FLAT_10,
      }),
    );
    expect(dates.status).toBe(400);

    const unknown = await json(
      await h.call('a1', 'PUT', `/api/admin/plans/${planId}/assignments`, {
        repIds: ['r1', 'ghost'],
        departmentIds: ['nope'],
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['repIds[1]', 'departmentIds[0]']);
    expect(await count('plan_assignments')).toBe(0);

    const assigned = await json(
      await h.call('a1', 'PUT', `/api/admin/plans/${planId}/assignments`, { repIds: ['r4'], departmentIds: ['d1'] }),
    );
    expect(assigned.status).toBe(200);
    const plan = await json(await h.call('a1', 'GET', `/api/admin/plans/${planId}`));
    expect(plan.body.assignments).toEqual([
      { repId: 'r4', departmentId: null },
      { repId: null, departmentId: 'd1' },
    ]);
    expect(plan.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('keeps portals apart: another portal sees no plan and cannot touch it', async () => {
    expect((await h.call('x1', 'GET', `/api/admin/plans/${planId}`)).status).toBe(404);
    expect((await json(await h.call('x1', 'GET', '/api/admin/plans'))).body.plans).toEqual([]);
    expect((await h.call('x1', 'POST', `/api/admin/plans/${planId}/versions/${v1}/publish`, {})).status).toBe(404);
    expect((await h.call('x1', 'PUT', `/api/admin/plans/${planId}/assignments`, { repIds: ['x2'] })).status).toBe(404);
    // p1's users do not exist for p2's admin.
    const q = await json(
      await h.call('x1', 'PUT', '/api/admin/quotas', { period: '2026-12', entries: [{ repId: 'r1', amount: '100' }] }),
    );
    expect(q.status).toBe(400);
    expect((await json(await h.call('x1', 'GET', '/api/admin/audit'))).body.entries).toEqual([]);
  });

  it('previews a draft on the real synced deals next to what the published plan pays', async () => {
    const deal = (id: string, owner: string, amount: string, wonAt: string | null) => ({
      id,
      title: `Сделка ${id}`,
      ownerId: owner,
      amount,
      currency: 'RUB',
      pipelineId: '0',
      stageId: wonAt ? 'WON' : 'NEW',
      status: (wonAt ? 'won' : 'open') as 'won' | 'open',
      wonAt,
      closedAt: wonAt,
      createdAt: '2026-10-01T09:00:00Z',
      modifiedAt: wonAt ?? '2026-10-01T09:00:00Z',
    });
    await upsertDeals(
      store.db,
      'p1',
      [
        deal('1', 'r1', '100000.00', '2026-11-05T10:00:00Z'),
        deal('2', 'r1', '50000.50', '2026-11-20T10:00:00Z'),
        deal('3', 'r2', '30000.00', '2026-11-21T10:00:00Z'),
        deal('4', 'r2', '999999.00', null),
      ],
      NOW.toISOString(),
    );
    const draft = await json(
      await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions`, {
        effectiveFrom: '2026-12-01',
        definition: FLAT_10,
      }),
    );
    const res = await json(
      await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions/${draft.body.id}/preview`, { period: '2026-11' }),
    );
    expect(res.status).toBe(200);
    const r1 = res.body.rows.find((r: { repId: string }) => r.repId === 'r1');
    expect(r1.credit.amount).toMatch(/^150000\.50?$/);
    expect(r1.current.amount).toBe('7500.03'); // 5 % of 150 000,50 = 7 500,025 → half-up
    expect(r1.draft.amount).toBe('15000.05');
    expect(r1.delta.amount).toBe('7500.02');
    expect(res.body.totals).toEqual({
      current: { amount: '9000.03', currency: 'RUB' },
      draft: { amount: '18000.05', currency: 'RUB' },
      delta: { amount: '9000.02', currency: 'RUB' },
    });
    const wrongKind = await h.call('a1', 'POST', `/api/admin/plans/${planId}/versions/${draft.body.id}/preview`, {
      period: '2026-Q4',
    });
    expect(wrongKind.status).toBe(400);
  });

  it('imports a quota CSV all-or-nothing, listing every bad row', async () => {
    const auditBefore = await count('audit_log');
    const bad = [
      'ID сотрудника;Период;Сумма;Количество',
      'r1;2026-12;1 500 000,50;10',
      'ghost;2026-12;100;',
      'r2;2026-13;100;',
      'r3;2026-12;сто тысяч;',
      'r1;2026-12;200;',
      'r4;2026-12;;',
      'r2;2026-12;100,123;',
    ].join('\r\n');
    const res = await json(await h.call('a1', 'POST', '/api/admin/quotas/import', { csv: bad }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    const lines = [...new Set(res.body.error.issues.map((i: { path: string }) => /line (\d+)/.exec(i.path)?.[1]))];
    expect(lines).toEqual(['3', '4', '5', '6', '7', '8']);
    expect(res.body.error.message).toMatch(/nothing was imported/);
    expect(await count('quotas')).toBe(0);
    expect(await count('audit_log')).toBe(auditBefore);

    const good = '\uFEFFID сотрудника;Период;Сумма;Количество\r\nr1;2026-12;1 500 000,50;10\r\nr2;2026-12;800000;\r\n';
    const ok = await json(await h.call('a1', 'POST', '/api/admin/quotas/import', { csv: good }));
    expect(ok).toEqual({ status: 200, body: { imported: 2, periods: ['2026-12'] } });
    const grid = await json(await h.call('a1', 'GET', '/api/admin/quotas?period=2026-12&departmentId=d1'));
    const r1 = grid.body.rows.find((r: { repId: string }) => r.repId === 'r1');
    expect(r1).toMatchObject({ amount: { amount: '1500000.50', currency: 'RUB' }, count: 10 });
    expect(grid.body.rows.some((r: { repId: string }) => r.repId === 'r4')).toBe(false);
    expect(await count('audit_log')).toBe(auditBefore + 2);
  });

  it('allocates a team target top-down, equally or by weight, to the kopeck', async () => {
    const equal = await json(
      await h.call('a1', 'POST', '/api/admin/quotas/allocate', {
        period: '2027-01',
        departmentId: 'd1',
        target: '1000000.00',
        method: 'equal',
        dryRun: true,
      }),
    );
    expect(equal.status).toBe(200);
    expect(equal.body.saved).toBe(false);
    // d1's subtree: m1, r1, r2 (d1) and m2, r3 (d2).
    expect(equal.body.allocations.map((a: { repId: string }) => a.repId).sort()).toEqual([
      'm1',
      'm2',
      'r1',
      'r2',
      'r3',
    ]);
    expect(new Set(equal.body.allocations.map((a: { amount: { amount: string } }) => a.amount.amount))).toEqual(
      new Set(['200000.00']),
    );
    expect(await count('quotas')).toBe(2);

    const weighted = await json(
      await h.call('a1', 'POST', '/api/admin/quotas/allocate', {
        period: '2027-01',
        departmentId: 'd2',
        target: '100000.00',
        method: 'weighted',
        weights: { m2: '1', r3: '2' },
      }),
    );
    expect(weighted.status).toBe(200);
    const parts = Object.fromEntries(
      weighted.body.allocations.map((a: { repId: string; amount: { amount: string } }) => [a.repId, a.amount.amount]),
    );
    expect(parts).toEqual({ m2: '33333.33', r3: '66666.67' });
    const stored = await store.db
      .selectFrom('quotas')
      .select(['scope', 'subject_id', 'amount'])
      .where('period', '=', '2027-01')
      .orderBy('subject_id')
      .execute();
    expect(stored).toEqual([
      { scope: 'department', subject_id: 'd2', amount: '100000.00' },
      { scope: 'rep', subject_id: 'm2', amount: '33333.33' },
      { scope: 'rep', subject_id: 'r3', amount: '66666.67' },
    ]);
    const outsider = await h.call('a1', 'POST', '/api/admin/quotas/allocate', {
      period: '2027-01',
      departmentId: 'd2',
      target: '1.00',
      method: 'weighted',
      weights: { r4: '1' },
    });
    expect(outsider.status).toBe(400);
  });

  it('changes settings with validation against the synced pipelines, audited before and after', async () => {
    const bad = await json(
      await h.call('a1', 'PUT', '/api/admin/settings', { countedPipelineIds: ['0', '99'], countedStageIds: ['NEW'] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'countedPipelineIds[1]',
      'countedStageIds[0]',
    ]);
    const currency = await h.call('a1', 'PUT', '/api/admin/settings', { baseCurrency: 'USD' });
    expect(currency.status).toBe(409); // quotas exist by now: they are rubles
    const unknownField = await h.call('a1', 'PUT', '/api/admin/settings', { theme: 'dark' });
    expect(unknownField.status).toBe(400);

    const ok = await json(
      await h.call('a1', 'PUT', '/api/admin/settings', {
        countedPipelineIds: ['7'],
        leaderboardVisibility: 'amounts',
        fiscalYearStart: 4,
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({
      countedPipelineIds: ['7'],
      leaderboardVisibility: 'amounts',
      fiscalYearStart: 4,
    });
    expect(ok.body.pipelines.map((p: { id: string }) => p.id)).toEqual(['0', '7']);
    const audit = await json(await h.call('a1', 'GET', '/api/admin/audit?entity=settings'));
    expect(audit.body.entries[0]).toMatchObject({
      actorId: 'a1',
      action: 'update',
      before: { countedPipelineIds: [], leaderboardVisibility: 'ranks', fiscalYearStart: 1 },
      after: { countedPipelineIds: ['7'], leaderboardVisibility: 'amounts', fiscalYearStart: 4 },
    });
  });

  it('audits every change with a verifiable chain', async () => {
    const log = await json(await h.call('a1', 'GET', '/api/admin/audit?limit=500'));
    const entities = new Set(log.body.entries.map((e: { entity: string }) => e.entity));
    for (const e of ['plan', 'plan_version', 'plan_assignment', 'quota', 'settings'])
      expect(entities.has(e)).toBe(true);
    const seqs = log.body.entries.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const verify = await json(await h.call('a1', 'GET', '/api/admin/audit/verify'));
    expect(verify.body).toEqual({ ok: true, entries: log.body.entries.length, broken: null });
    expect((await h.call('m1', 'GET', '/api/admin/audit/verify')).status).toBe(403);
  });
});
