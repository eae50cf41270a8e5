/**
 * `npm run bench -- close`: the admin/finance paths that grow with the portal, on SQLite (a temp file, WAL — the
 * embedded default) and, when KVOTA_BENCH_PG_URL is set, PostgreSQL:
 *   quota_import_1000_ms   POST /api/admin/quotas/import of 1,000 rows (validation, upserts, 1,000 audit entries)
 *   export_csv_1000_ms     GET /api/periods/P/export (1,000 payout rows)
 *   export_xlsx_1000_ms    the same as XLSX
 *   audit_verify_per_s     entries verified per second by `kvota audit verify` (chain of 50,000 entries)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditMany, verifyAuditChain } from '../server/src/audit/chain';
import { upsertUsers } from '../server/src/db/crm/directory';
import { type Database, migrateToLatest, openDatabase } from '../server/src/db/database';
import type { CrmUser } from '../server/src/ports/crm';
import { NOW, startHarness } from '../test/helpers/admin-finance';
import { type BenchFigure, figure } from './run';

const REPS = 1000;
const CHAIN = 50_000;

async function measure(store: Database, label: string, schema?: string): Promise<BenchFigure[]> {
  await migrateToLatest(store.db, schema ? { schema } : {});
  const users: CrmUser[] = Array.from({ length: REPS }, (_, i) => ({
    id: `u${i}`,
    name: `Сотрудник ${String(i).padStart(4, '0')}`,
    email: null,
    active: true,
    hiredAt: null,
    isAdmin: i === 0,
    departmentIds: [],
  }));
  await upsertUsers(store.db, 'p1', users, NOW.toISOString());
  // startHarness needs only db and dialect of the store.
  const h = await startHarness({ ...store, url: '', options: {} });
  const admin = 'a1';
  await upsertUsers(store.db, 'p1', [{ ...users[0]!, id: admin }], NOW.toISOString());

  const csv = ['rep_id;period;amount', ...users.map((u, i) => `${u.id};2026-11;${100000 + i},50`)].join('\r\n');
  let t = performance.now();
  const res = await h.call(admin, 'POST', '/api/admin/quotas/import', { csv });
  const importMs = performance.now() - t;
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);

  for (let i = 0; i < REPS; i += 250) {
    await store.db
      .insertInto('statements')
      .values(
        users.slice(i, i + 250).map((u, k) => ({
          portal_id: 'p1',
          rep_id: u.id,
          period: '2026-11',
          plan_id: null,
          plan_version_id: null,
          currency: 'RUB',
          quota: null,
          quota_count: null,
          credit: '0',
          won_count: 0,
          attainment: null,
          total: `${5000 + i + k}.25`,
          document: '{}',
          computed_at: NOW.toISOString(),
        })),
      )
      .execute();
  }
  t = performance.now();
  const csvRes = await h.call(admin, 'GET', '/api/periods/2026-11/export?format=csv');
  await csvRes.arrayBuffer();
  const csvMs = performance.now() - t;
  t = performance.now();
  const xlsxRes = await h.call(admin, 'GET', '/api/periods/2026-11/export?format=xlsx');
  await xlsxRes.arrayBuffer();
  const xlsxMs = performance.now() - t;

  const batch = Array.from({ length: 1000 }, (_, i) => ({
    actorId: admin,
    entity: 'quota' as const,
    entityId: `rep:u${i}:2026-12`,
    action: 'update',
    before: { amount: '100000.00', count: null },
    after: { amount: '120000.00', count: null },
  }));
  for (let n = 0; n < CHAIN; n += batch.length) {
    await store.db.transaction().execute((trx) => appendAuditMany(trx, 'p9', batch));
  }
  t = performance.now();
  const report = await verifyAuditChain(store.db, { portalId: 'p9' });
  const verifyS = (performance.now() - t) / 1000;
  if (!report.ok) throw new Error('audit chain broken in bench');

  return [
    figure('close', `${label}_quota_import_1000_ms`, importMs, 'ms'),
    figure('close', `${label}_export_csv_1000_ms`, csvMs, 'ms'),
    figure('close', `${label}_export_xlsx_1000_ms`, xlsxMs, 'ms'),
    figure('close', `${label}_audit_verify_per_s`, CHAIN / verifyS, 'entries/s'),
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const out: BenchFigure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kvota-bench-close-'));
  const sqlite = openDatabase(join(dir, 'bench.sqlite'));
  try {
    out.push(...(await measure(sqlite, 'sqlite')));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.env.KVOTA_BENCH_PG_URL;
  if (pgUrl) {
    const pg = await import('pg');
    const schema = `bench_close_${Date.now().toString(36)}`;
    const admin = new pg.default.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = openDatabase(pgUrl, { schema, poolSize: 4 });
    try {
      out.push(...(await measure(store, 'postgres', schema)));
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
  return out;
}
