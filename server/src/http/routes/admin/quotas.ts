import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { QuotaGrid } from '../../../../../contract/api/admin';
import type { ValidationIssue } from '../../../../../contract/errors';
import { routes } from '../../../../../contract/routes';
import { membersOf, subtree } from '../../../app/org';
import { loadSettings } from '../../../app/settings';
import { type AuditInput, appendAuditMany } from '../../../audit/chain';
import type { DB } from '../../../db/schema';
import { allocateQuota } from '../../../domain/index';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { Dec, minorDigits } from './decimal';
import { parseQuotaCsv } from './quota-csv';
import { inTransaction, loadOrg, lockedPeriods, nowIso, portalUsers, recomputeAfterChange } from './support';

/** One cell to write: a rep's (or department's) revenue and/or count target for a period. */
interface QuotaWrite {
  scope: 'rep' | 'department';
  subjectId: string;
  period: string;
  amount: string | null;
  count: number | null;
}

/** "1500000.5" → "1500000.50" in the currency's minor unit; null when it has more decimals than the currency. */
export function normaliseAmount(amount: string, currency: string): string | null {
  const digits = minorDigits(currency);
  const d = new Dec(amount);
  return d.decimalPlaces() > digits ? null : d.toFixed(digits);
}

/** Upserts cells and writes one audit entry per changed cell, in the caller's transaction. */
async function writeQuotas(
  trx: Kysely<DB>,
  portalId: string,
  actorId: string,
  now: string,
  cells: QuotaWrite[],
  action: string,
): Promise<number> {
  const key = (scope: string, subject: string, period: string) => `${scope}\u0000${subject}\u0000${period}`;
  const periods = [...new Set(cells.map((c) => c.period))];
  const existing = new Map<string, { amount: string | null; count: number | null }>();
  for (let i = 0; i < periods.length; i += 200) {
    const rows = await trx
      .selectFrom('quotas')
      .select(['scope', 'subject_id', 'period', 'amount', 'count'])
      .where('portal_id', '=', portalId)
      .where('period', 'in', periods.slice(i, i + 200))
      .execute();
    for (const r of rows)
      existing.set(key(r.scope, r.subject_id, r.period), { amount: r.amount, count: r.count ?? null });
  }
  const audits: Omit<AuditInput, 'portalId'>[] = [];
  const changed: QuotaWrite[] = [];
  for (const cell of cells) {
    const before = existing.get(key(cell.scope, cell.subjectId, cell.period));
    if (before && before.amount === cell.amount && before.count === cell.count) continue;
    changed.push(cell);
    audits.push({
      actorId,
      entity: 'quota',
      entityId: `${cell.scope}:${cell.subjectId}:${cell.period}`,
      action,
      before: before ?? null,
      after: { amount: cell.amount, count: cell.count },
      at: now,
    });
  }
  for (let i = 0; i < changed.length; i += 200) {
    await trx
      .insertInto('quotas')
      .values(
        changed.slice(i, i + 200).map((c) => ({
          portal_id: portalId,
          scope: c.scope,
          subject_id: c.subjectId,
          period: c.period,
          amount: c.amount,
          count: c.count,
          updated_at: now,
          updated_by: actorId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['portal_id', 'scope', 'subject_id', 'period']).doUpdateSet((eb) => ({
          amount: eb.ref('excluded.amount'),
          count: eb.ref('excluded.count'),
          updated_at: eb.ref('excluded.updated_at'),
          updated_by: eb.ref('excluded.updated_by'),
        })),
      )
      .execute();
  }
  await appendAuditMany(trx, portalId, audits);
  return audits.length;
}

async function grid(db: Kysely<DB>, portalId: string, period: string, departmentId?: string): Promise<QuotaGrid> {
  const settings = await loadSettings(db, portalId);
  const users = await portalUsers(db, portalId);
  let repIds = [...users.values()].filter((u) => u.active).map((u) => u.id);
  if (departmentId) {
    const org = await loadOrg(db, portalId);
    if (!org.departments.has(departmentId)) throw new AppError('not_found', `No department ${departmentId}`);
    const members = membersOf(org, subtree(org, [departmentId]));
    repIds = repIds.filter((id) => members.has(id));
  }
  const quotas = await db
    .selectFrom('quotas')
    .select(['subject_id', 'amount', 'count'])
    .where('portal_id', '=', portalId)
    .where('scope', '=', 'rep')
    .where('period', '=', period)
    .execute();
  const byRep = new Map(quotas.map((q) => [q.subject_id, q]));
  // Reps who left but still hold a quota in this period stay visible, so nothing is hidden from the admin.
  for (const q of quotas) if (!repIds.includes(q.subject_id) && !departmentId) repIds.push(q.subject_id);
  return {
    period,
    currency: settings.baseCurrency,
    rows: repIds
      .map((id) => {
        const u = users.get(id);
        const q = byRep.get(id);
        return {
          repId: id,
          repName: u?.name ?? id,
          departmentIds: u?.departmentIds ?? [],
          amount: q?.amount ? { amount: q.amount, currency: settings.baseCurrency } : null,
          count: q?.count ?? null,
        };
      })
      .sort((a, b) => a.repName.localeCompare(b.repName, 'ru') || a.repId.localeCompare(b.repId)),
  };
}

export function registerQuotaRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.quotaGrid, async (c, { query }) =>
    grid(c.get('deps').db, c.get('session').portalId, query.period, query.departmentId),
  );

  defineRoute(app, routes.saveQuotas, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const settings = await loadSettings(deps.db, portalId);
    const users = await portalUsers(deps.db, portalId);
    const issues: ValidationIssue[] = [];
    const cells: QuotaWrite[] = [];
    const seen = new Set<string>();
    body.entries.forEach((e, i) => {
      if (!users.has(e.repId))
        issues.push({ path: `entries[${i}].repId`, message: `No user ${e.repId} in this portal` });
      if (seen.has(e.repId)) issues.push({ path: `entries[${i}].repId`, message: `${e.repId} appears twice` });
      seen.add(e.repId);
      const amount = e.amount === null ? null : normaliseAmount(e.amount, settings.baseCurrency);
      if (e.amount !== null && amount === null) {
        issues.push({
          path: `entries[${i}].amount`,
          message: `${e.amount} has more decimals than ${settings.baseCurrency} has`,
          expected: `at most ${minorDigits(settings.baseCurrency)} decimals`,
        });
      }
      cells.push({ scope: 'rep', subjectId: e.repId, period: body.period, amount, count: e.count ?? null });
    });
    if ((await lockedPeriods(deps.db, portalId)).includes(body.period)) {
      throw new AppError('period_locked', `Period ${body.period} is locked; its quotas no longer change`);
    }
    if (issues.length > 0) throw new AppError('bad_request', 'Some quota cells are invalid; nothing was saved', issues);
    const now = nowIso(c);
    await inTransaction(deps, (trx) => writeQuotas(trx, portalId, userId, now, cells, 'update'));
    await recomputeAfterChange(deps, portalId, { repIds: cells.map((x) => x.subjectId), periods: [body.period] });
    return grid(deps.db, portalId, body.period);
  });

  defineRoute(app, routes.importQuotas, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const settings = await loadSettings(deps.db, portalId);
    const users = await portalUsers(deps.db, portalId);
    const locked = new Set(await lockedPeriods(deps.db, portalId));
    const { rows, issues } = parseQuotaCsv(body.csv, new Set(users.keys()));
    const cells: QuotaWrite[] = [];
    for (const r of rows) {
      const amount = r.amount === null ? null : normaliseAmount(r.amount, settings.baseCurrency);
      if (r.amount !== null && amount === null) {
        issues.push({
          path: `line ${r.line}, amount`,
          message: `${r.amount} has more decimals than ${settings.baseCurrency} has`,
          expected: `at most ${minorDigits(settings.baseCurrency)} decimals`,
        });
      }
      if (locked.has(r.period)) {
        issues.push({
          path: `line ${r.line}, period`,
          message: `Period ${r.period} is locked`,
          expected: 'an open period',
        });
      }
      cells.push({ scope: 'rep', subjectId: r.repId, period: r.period, amount, count: r.count });
    }
    if (issues.length > 0) {
      issues.sort((a, b) => lineOf(a.path) - lineOf(b.path));
      const lines = new Set(issues.map((i) => lineOf(i.path))).size;
      throw new AppError(
        'bad_request',
        `${lines} row${lines === 1 ? '' : 's'} of the file have problems; nothing was imported`,
        issues,
      );
    }
    const now = nowIso(c);
    await inTransaction(deps, (trx) => writeQuotas(trx, portalId, userId, now, cells, 'import'));
    const periods = [...new Set(cells.map((x) => x.period))].sort();
    await recomputeAfterChange(deps, portalId, { repIds: [...new Set(cells.map((x) => x.subjectId))], periods });
    return { imported: cells.length, periods };
  });

  defineRoute(app, routes.allocateQuota, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const settings = await loadSettings(deps.db, portalId);
    const org = await loadOrg(deps.db, portalId);
    if (!org.departments.has(body.departmentId)) throw new AppError('not_found', `No department ${body.departmentId}`);
    const reps = [...membersOf(org, subtree(org, [body.departmentId]))]
      .filter((id) => org.users.get(id)?.active !== false)
      .sort();
    if (reps.length === 0)
      throw new AppError('conflict', `Department ${body.departmentId} has no active reps to allocate to`);
    const target = normaliseAmount(body.target, settings.baseCurrency);
    if (target === null) {
      throw new AppError('bad_request', `The target has more decimals than ${settings.baseCurrency} has`, [
        { path: 'target', message: body.target, expected: `at most ${minorDigits(settings.baseCurrency)} decimals` },
      ]);
    }
    let weights: string[] | undefined;
    if (body.method === 'weighted') {
      const given = body.weights ?? {};
      const unknown = Object.keys(given).filter((id) => !reps.includes(id));
      if (unknown.length > 0) {
        throw new AppError(
          'bad_request',
          'Weights name reps outside the department',
          unknown.map((id) => ({ path: `weights.${id}`, message: `${id} is not in department ${body.departmentId}` })),
        );
      }
      weights = reps.map((id) => given[id] ?? '0');
      if (weights.every((w) => new Dec(w).isZero())) {
        throw new AppError('bad_request', 'Weighted allocation needs at least one positive weight', [
          { path: 'weights', message: 'all weights are zero', expected: 'repId → positive decimal' },
        ]);
      }
    }
    const parts = allocateQuota(target, settings.baseCurrency, reps, body.method, weights);
    const allocations = parts.map((p) => ({
      repId: p.repId,
      repName: org.users.get(p.repId)?.name ?? p.repId,
      amount: { amount: p.amount, currency: settings.baseCurrency },
    }));
    if (!body.dryRun) {
      if ((await lockedPeriods(deps.db, portalId)).includes(body.period)) {
        throw new AppError('period_locked', `Period ${body.period} is locked; its quotas no longer change`);
      }
      const counts = await deps.db
        .selectFrom('quotas')
        .select(['subject_id', 'count'])
        .where('portal_id', '=', portalId)
        .where('scope', '=', 'rep')
        .where('period', '=', body.period)
        .execute();
      const countOf = new Map(counts.map((r) => [r.subject_id, r.count ?? null]));
      const cells: QuotaWrite[] = [
        { scope: 'department', subjectId: body.departmentId, period: body.period, amount: target, count: null },
        ...parts.map((p) => ({
          scope: 'rep' as const,
          subjectId: p.repId,
          period: body.period,
          amount: p.amount,
          count: countOf.get(p.repId) ?? null,
        })),
      ];
      const now = nowIso(c);
      await inTransaction(deps, (trx) => writeQuotas(trx, portalId, userId, now, cells, `allocate_${body.method}`));
      await recomputeAfterChange(deps, portalId, { repIds: reps, periods: [body.period] });
    }
    return { period: body.period, departmentId: body.departmentId, saved: !body.dryRun, allocations };
  });
}

function lineOf(path: string): number {
  const m = /line (\d+)/.exec(path);
  return m ? Number(m[1]) : 0;
}
