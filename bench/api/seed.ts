/**
 * Seeds one large portal straight into storage for the API bench: 1,000 reps in 50 departments (20 each, a head per
 * department) and 200,000 deals over the last 12 months, a published monthly plan and a quota per rep and month.
 * Deterministic (seeded PRNG). The sync's own speed is benched elsewhere.
 */
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { dealHash } from '../../server/src/db/crm/deals';
import { replaceDepartments, upsertUsers } from '../../server/src/db/crm/directory';
import { upsertInstalledPortal } from '../../server/src/db/crm/portals';
import { saveCursor } from '../../server/src/db/crm/sync-state';
import type { DB } from '../../server/src/db/schema';
import type { CrmDeal, CrmDepartment, CrmUser } from '../../server/src/ports/crm';

export interface SeededPortal {
  portalId: string;
  memberId: string;
  applicationToken: string;
  reps: string[];
  departments: { id: string; headId: string; members: string[] }[];
  months: string[];
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export async function seedBigPortal(
  db: Kysely<DB>,
  opts: { reps: number; deals: number; now: Date; sqliteFile?: string },
): Promise<SeededPortal> {
  const rnd = prng(42);
  const memberId = 'bench0000000000000000000000000001';
  const applicationToken = 'bench-application-token-0123456789';
  const iso = opts.now.toISOString();
  const portalId = await upsertInstalledPortal(
    db,
    {
      crm: 'bitrix24',
      domain: 'bench.bitrix24.ru',
      memberId,
      tokens: { accessToken: 'x', refreshToken: 'y', expiresAt: 0, clientEndpoint: 'https://bench.bitrix24.ru/rest/' },
      applicationToken,
    },
    iso,
  );
  const perDept = 20;
  const deptCount = Math.ceil(opts.reps / perDept);
  const departments: CrmDepartment[] = [{ id: '1', name: 'Компания', parentId: null, headId: '1', sort: 0 }];
  const users: CrmUser[] = [];
  const seeded: SeededPortal['departments'] = [];
  for (let d = 0; d < deptCount; d++) {
    const id = String(d + 2);
    const members: string[] = [];
    for (let i = 0; i < perDept && users.length < opts.reps; i++) {
      const uid = String(users.length + 1);
      users.push({
        id: uid,
        name: `Сотрудник ${uid}`,
        email: null,
        active: true,
        hiredAt: '2020-01-01',
        isAdmin: uid === '1',
        departmentIds: [id],
      });
      members.push(uid);
    }
    departments.push({ id, name: `Отдел ${d + 1}`, parentId: '1', headId: members[0]!, sort: d + 1 });
    seeded.push({ id, headId: members[0]!, members });
  }
  await replaceDepartments(db, portalId, departments);
  await upsertUsers(db, portalId, users, iso);

  // 12 months back from now, won deals spread evenly; a quarter of deals still open.
  const months: string[] = [];
  for (let k = 11; k >= 0; k--) {
    const d = new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth() - k, 1));
    months.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`);
  }
  const start = Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth() - 11, 1);
  const span = opts.now.getTime() - start;
  const rows: DB['crm_deals'][] = [];
  for (let i = 0; i < opts.deals; i++) {
    const owner = users[Math.floor(rnd() * users.length)]!.id;
    const won = rnd() < 0.75;
    const at = new Date(start + Math.floor(rnd() * span)).toISOString();
    const deal: CrmDeal = {
      id: String(i + 1),
      title: `Сделка ${i + 1}`,
      ownerId: owner,
      amount: `${Math.floor(5_000 + rnd() * 495_000)}.${pad(Math.floor(rnd() * 100))}`,
      currency: 'RUB',
      pipelineId: '0',
      stageId: won ? 'WON' : 'NEW',
      status: won ? 'won' : 'open',
      wonAt: won ? at : null,
      closedAt: won ? at : null,
      createdAt: at,
      modifiedAt: at,
    };
    rows.push({
      portal_id: portalId,
      id: deal.id,
      title: deal.title,
      owner_id: deal.ownerId,
      amount: deal.amount,
      currency: deal.currency,
      pipeline_id: deal.pipelineId,
      stage_id: deal.stageId,
      status: deal.status,
      won_at: deal.wonAt,
      closed_at: deal.closedAt,
      created_at: deal.createdAt,
      modified_at: deal.modifiedAt,
      hash: dealHash(deal),
      deleted: 0,
      synced_at: iso,
    });
  }
  if (opts.sqliteFile) {
    // A prepared statement in one transaction: ~50× faster than building 500 multi-row statements.
    const raw = new SQLite(opts.sqliteFile);
    raw.pragma('busy_timeout = 5000');
    const cols = Object.keys(rows[0]!);
    const insert = raw.prepare(
      `INSERT INTO crm_deals (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`,
    );
    raw.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
    raw.close();
  } else {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 400)
        await trx
          .insertInto('crm_deals')
          .values(rows.slice(i, i + 400))
          .execute();
    });
  }
  await db
    .insertInto('crm_stages')
    .values([
      { portal_id: portalId, id: 'NEW', pipeline_id: '0', name: 'Новая', sort: 10, semantic: 'open' },
      { portal_id: portalId, id: 'WON', pipeline_id: '0', name: 'Успешно', sort: 20, semantic: 'won' },
    ])
    .execute();

  await db
    .insertInto('plans')
    .values({ id: 'plan-bench', portal_id: portalId, name: 'План продаж', created_at: iso, created_by: null })
    .execute();
  await db
    .insertInto('plan_versions')
    .values({
      id: 'pv-bench',
      portal_id: portalId,
      plan_id: 'plan-bench',
      version: 1,
      status: 'published',
      effective_from: '2020-01-01',
      effective_to: null,
      definition: JSON.stringify({
        currency: 'RUB',
        period: 'month',
        rules: [
          {
            id: 'base',
            type: 'tiered',
            basis: 'attainment',
            method: 'marginal',
            tiers: [
              { name: 'База', from: '0', to: '1', rate: '0.05' },
              { name: 'Сверх плана', from: '1', to: null, rate: '0.08' },
            ],
          },
        ],
      }),
      created_at: iso,
      created_by: null,
      published_at: iso,
    })
    .execute();
  const quotas = users.flatMap((u) =>
    months.map((m) => ({
      portal_id: portalId,
      scope: 'rep' as const,
      subject_id: u.id,
      period: m,
      amount: '1500000.00',
      count: null,
      updated_at: iso,
      updated_by: null,
    })),
  );
  for (let i = 0; i < quotas.length; i += 500)
    await db
      .insertInto('quotas')
      .values(quotas.slice(i, i + 500))
      .execute();
  // Storage already holds everything: the sync has nothing to load.
  await saveCursor(db, portalId, 'deals.full', { done: true, next: null, startedAt: iso, completedAt: iso }, iso);
  await saveCursor(db, portalId, 'directory', { syncedAt: iso }, iso);
  return { portalId, memberId, applicationToken, reps: users.map((u) => u.id), departments: seeded, months };
}
