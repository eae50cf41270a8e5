import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../../test/helpers/databases';

/** "A locked period's numbers never change" holds against raw SQL, not only through our code. */
forEachDatabase('period lock triggers (003_close)', (open, dialect) => {
  let store: TestDatabase;
  const now = '2026-12-01T09:00:00.000Z';

  const statement = (portal: string, rep: string, period: string, total: string) => ({
    portal_id: portal,
    rep_id: rep,
    period,
    plan_id: null,
    plan_version_id: null,
    currency: 'RUB',
    quota: '100000.00',
    quota_count: null,
    credit: '120000.00',
    won_count: 3,
    attainment: '1.2',
    total,
    document: '{}',
    computed_at: now,
  });
  const adjustment = (id: string, period: string) => ({
    id,
    portal_id: 'p1',
    period,
    rep_id: 'r1',
    amount: '-500.00',
    currency: 'RUB',
    reason: 'double-counted deal',
    source_period: null,
    source_inquiry_id: null,
    created_by: 'admin',
    created_at: now,
  });

  beforeAll(async () => {
    store = await open();
    const { db } = store;
    await db
      .insertInto('statements')
      .values([
        statement('p1', 'r1', '2026-11', '15000.50'),
        statement('p1', 'r2', '2026-11', '7000.00'),
        statement('p1', 'r1', '2026-12', '100.00'),
        statement('p2', 'r1', '2026-11', '999.99'),
      ])
      .execute();
    await db.insertInto('adjustments').values(adjustment('a1', '2026-11')).execute();
    await db
      .insertInto('period_approvals')
      .values({
        portal_id: 'p1',
        period: '2026-11',
        rep_id: 'r1',
        approved_by: 'm1',
        approved_at: now,
        total_amount: '15000.50',
        currency: 'RUB',
      })
      .execute();
    await db
      .insertInto('period_locks')
      .values({ portal_id: 'p1', period: '2026-11', locked_by: 'admin', locked_at: now })
      .execute();
  });
  afterAll(() => store.close());

  const rejects = async (text: string) => {
    await expect(sql.raw(text).execute(store.db)).rejects.toThrow(/period_locked|append_only/);
  };

  it('rejects raw UPDATE and DELETE of a locked statement', async () => {
    await rejects(
      `UPDATE statements SET total = '1.00' WHERE portal_id = 'p1' AND period = '2026-11' AND rep_id = 'r1'`,
    );
    await rejects(`UPDATE statements SET total = '0.00'`);
    await rejects(`DELETE FROM statements WHERE portal_id = 'p1' AND period = '2026-11'`);
    await rejects(`UPDATE statements SET period = '2026-12' WHERE portal_id = 'p1' AND period = '2026-11'`);
    const rows = await store.db
      .selectFrom('statements')
      .select(['rep_id', 'total'])
      .where('portal_id', '=', 'p1')
      .where('period', '=', '2026-11')
      .orderBy('rep_id')
      .execute();
    expect(rows).toEqual([
      { rep_id: 'r1', total: '15000.50' },
      { rep_id: 'r2', total: '7000.00' },
    ]);
  });

  it('rejects moving an open statement into a locked period and adding one to it', async () => {
    await rejects(`UPDATE statements SET period = '2026-11' WHERE portal_id = 'p1' AND period = '2026-12'`);
    await rejects(
      `INSERT INTO statements (portal_id, rep_id, period, currency, credit, won_count, total, document, computed_at)
       VALUES ('p1', 'r9', '2026-11', 'RUB', '0', 0, '0', '{}', '${now}')`,
    );
  });

  it('leaves open periods and other portals editable', async () => {
    await sql
      .raw(`UPDATE statements SET total = '200.00' WHERE portal_id = 'p1' AND period = '2026-12'`)
      .execute(store.db);
    await sql
      .raw(`UPDATE statements SET total = '1000.00' WHERE portal_id = 'p2' AND period = '2026-11'`)
      .execute(store.db);
    const open = await store.db
      .selectFrom('statements')
      .select('total')
      .where('portal_id', '=', 'p2')
      .executeTakeFirstOrThrow();
    expect(open.total).toBe('1000.00');
  });

  it('freezes adjustments and approvals of the locked period; new corrections go to open periods', async () => {
    await rejects(`UPDATE adjustments SET amount = '0' WHERE id = 'a1'`);
    await rejects(`DELETE FROM adjustments WHERE id = 'a1'`);
    await expect(store.db.insertInto('adjustments').values(adjustment('a2', '2026-11')).execute()).rejects.toThrow(
      /period_locked/,
    );
    await store.db.insertInto('adjustments').values(adjustment('a3', '2026-12')).execute();
    await rejects(`DELETE FROM period_approvals WHERE period = '2026-11'`);
    await rejects(`UPDATE period_approvals SET total_amount = '1' WHERE period = '2026-11'`);
  });

  it('never lets the lock itself be changed or removed', async () => {
    await rejects(`DELETE FROM period_locks WHERE portal_id = 'p1'`);
    await rejects(`UPDATE period_locks SET period = '2026-10' WHERE portal_id = 'p1'`);
    const locks = await store.db.selectFrom('period_locks').select('period').execute();
    expect(locks).toEqual([{ period: '2026-11' }]);
  });

  if (dialect === 'postgres') {
    it('rejects TRUNCATE, which bypasses row triggers', async () => {
      await rejects('TRUNCATE statements');
      await rejects('TRUNCATE period_locks');
      await rejects('TRUNCATE audit_log');
    });
  }
});

forEachDatabase('published plan versions never change (005_published_plans)', (open) => {
  let store: TestDatabase;
  const version = (id: string, status: 'draft' | 'published', version: number) => ({
    id,
    portal_id: 'p1',
    plan_id: 'plan',
    version,
    status,
    effective_from: '2026-01-01',
    effective_to: null,
    definition: '{"period":"month","rules":[]}',
    created_at: '2026-01-01T00:00:00Z',
    created_by: 'a',
    published_at: status === 'published' ? '2026-01-01T00:00:00Z' : null,
  });
  beforeAll(async () => {
    store = await open();
    await store.db
      .insertInto('plans')
      .values({ id: 'plan', portal_id: 'p1', name: 'План', created_at: '2026-01-01T00:00:00Z', created_by: 'a' })
      .execute();
    await store.db
      .insertInto('plan_versions')
      .values([version('v1', 'published', 1), version('v2', 'draft', 2)])
      .execute();
  });
  afterAll(() => store.close());

  it('rejects editing or deleting a published version, and deleting its plan', async () => {
    const rejects = (text: string) => expect(sql.raw(text).execute(store.db)).rejects.toThrow(/published_plan/);
    await rejects(`UPDATE plan_versions SET definition = '{}' WHERE id = 'v1'`);
    await rejects(`UPDATE plan_versions SET status = 'draft' WHERE id = 'v1'`);
    await rejects(`DELETE FROM plan_versions WHERE id = 'v1'`);
    await rejects(`DELETE FROM plans WHERE id = 'plan'`);
  });

  it('lets drafts change and be published', async () => {
    await sql.raw(`UPDATE plan_versions SET effective_from = '2026-07-01' WHERE id = 'v2'`).execute(store.db);
    await sql.raw(`UPDATE plan_versions SET status = 'published' WHERE id = 'v2'`).execute(store.db);
    const rows = await store.db.selectFrom('plan_versions').select(['id', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'v1', status: 'published' },
      { id: 'v2', status: 'published' },
    ]);
  });
});
