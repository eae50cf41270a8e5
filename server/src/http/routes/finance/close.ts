import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { PeriodCloseStatus } from '../../../../../contract/api/finance';
import { PeriodKey } from '../../../../../contract/money';
import { routes } from '../../../../../contract/routes';
import type { AppDeps } from '../../../app/deps';
import { loadSettings } from '../../../app/settings';
import { appendAudit } from '../../../audit/chain';
import type { DB } from '../../../db/schema';
import { type AppEnv, canViewRep, type Session } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { Dec, minorDigits } from '../admin/decimal';
import { inTransaction, nowIso, portalUsers } from '../admin/support';

/**
 * Period close, as finance runs it: managers approve their team's statements (the total they saw is recorded, so a
 * later recalculation shows up as "changed since approval"), then an admin locks the period. The lock is a row in
 * period_locks; from then on the database itself refuses to change that period's statements, approvals and
 * adjustments (003_close triggers). There is no unlock: corrections are adjustments in an open period.
 */

export function periodParam(raw: string | undefined): string {
  const parsed = PeriodKey.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('bad_request', `"${raw}" is not a period`, [
      { path: 'period', message: `"${raw}" is not a period`, expected: '2026-11, 2026-Q4, 2026-H2 or 2026' },
    ]);
  }
  return parsed.data;
}

/** The period's statements the viewer may see, with their approvals and the lock. */
export async function closeStatus(deps: AppDeps, session: Session, period: string): Promise<PeriodCloseStatus> {
  const db: Kysely<DB> = deps.db;
  const { portalId } = session;
  const [statements, approvals, lock, users, settings] = await Promise.all([
    db
      .selectFrom('statements')
      .select(['rep_id', 'total', 'currency'])
      .where('portal_id', '=', portalId)
      .where('period', '=', period)
      .execute(),
    db
      .selectFrom('period_approvals')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('period', '=', period)
      .execute(),
    db
      .selectFrom('period_locks')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('period', '=', period)
      .executeTakeFirst(),
    portalUsers(db, portalId),
    loadSettings(db, portalId),
  ]);
  const approvalOf = new Map(approvals.map((a) => [a.rep_id, a]));
  const rows: PeriodCloseStatus['rows'] = [];
  let total = new Dec(0);
  let pending = 0;
  for (const s of statements) {
    if (!(await canViewRep(deps, session, s.rep_id))) continue;
    const a = approvalOf.get(s.rep_id);
    const approvedTotal = a ? { amount: a.total_amount, currency: a.currency } : null;
    if (!a || !new Dec(a.total_amount).eq(new Dec(s.total)) || a.currency !== s.currency) pending += 1;
    total = total.plus(new Dec(s.total));
    const u = users.get(s.rep_id);
    rows.push({
      repId: s.rep_id,
      repName: u?.name ?? s.rep_id,
      departmentIds: u?.departmentIds ?? [],
      total: { amount: s.total, currency: s.currency },
      approvedBy: a?.approved_by ?? null,
      approvedAt: a?.approved_at ?? null,
      approvedTotal,
    });
  }
  rows.sort((x, y) => x.repName.localeCompare(y.repName, 'ru') || x.repId.localeCompare(y.repId));
  const currency = statements[0]?.currency ?? settings.baseCurrency;
  return {
    period,
    locked: lock !== undefined,
    lockedAt: lock?.locked_at ?? null,
    lockedBy: lock?.locked_by ?? null,
    rows,
    pending,
    total: { amount: total.toFixed(minorDigits(currency)), currency },
  };
}

export function registerCloseRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.periodClose, async (c, { params }) =>
    closeStatus(c.get('deps'), c.get('session'), periodParam(params.period)),
  );

  defineRoute(app, routes.approvePeriod, async (c, { params, body }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    const period = periodParam(params.period);
    const status = await closeStatus(deps, session, period);
    if (status.locked) throw new AppError('period_locked', `Period ${period} is locked already`);
    const byRep = new Map(status.rows.map((r) => [r.repId, r]));
    let repIds: string[];
    if (body.repIds) {
      for (const id of body.repIds) {
        if (!(await canViewRep(deps, session, id)))
          throw new AppError('forbidden', `Rep ${id} is outside your departments`);
        if (id === session.userId) throw new AppError('forbidden', 'You cannot approve your own statement');
        if (!byRep.has(id)) throw new AppError('not_found', `Rep ${id} has no statement for ${period}`);
      }
      repIds = [...new Set(body.repIds)];
    } else {
      // Everyone the viewer may see, except the viewer: a head's own pay is approved above them.
      repIds = status.rows.map((r) => r.repId).filter((id) => id !== session.userId);
    }
    if (repIds.length === 0) throw new AppError('conflict', `No statements to approve for ${period}`);
    const now = nowIso(c);
    await inTransaction(deps, async (trx) => {
      const approved = [];
      for (const repId of repIds) {
        const row = byRep.get(repId)!;
        const values = {
          approved_by: session.userId,
          approved_at: now,
          total_amount: row.total.amount,
          currency: row.total.currency,
        };
        await trx
          .insertInto('period_approvals')
          .values({ portal_id: session.portalId, period, rep_id: repId, ...values })
          .onConflict((oc) => oc.columns(['portal_id', 'period', 'rep_id']).doUpdateSet(values))
          .execute();
        approved.push({ repId, total: row.total, previous: row.approvedTotal });
      }
      await appendAudit(trx, {
        portalId: session.portalId,
        actorId: session.userId,
        entity: 'approval',
        entityId: period,
        action: 'approve',
        before: null,
        after: { period, approved },
        at: now,
      });
    });
    return closeStatus(deps, session, period);
  });

  defineRoute(app, routes.lockPeriod, async (c, { params, body }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    const period = periodParam(params.period);
    // Freeze the newest numbers: bring the period's statements up to date first (a no-op when nothing changed).
    const reps = (
      await deps.db.selectFrom('crm_users').select('id').where('portal_id', '=', session.portalId).execute()
    ).map((r) => r.id);
    await deps.statements.recompute(session.portalId, reps, [period]);
    const status = await closeStatus(deps, session, period);
    if (status.locked) throw new AppError('conflict', `Period ${period} is locked already (${status.lockedAt})`);
    if (status.rows.length === 0 && !body.force) {
      // Usually the wrong granularity (locking 2026-Q4 while plans pay per month): say so instead of locking nothing.
      throw new AppError('conflict', `No statements exist for ${period}; check the period (plans may pay per month)`);
    }
    if (status.pending > 0 && !body.force) {
      const names = status.rows
        .filter((r) => !r.approvedTotal || r.approvedTotal.amount !== r.total.amount)
        .slice(0, 10)
        .map((r) => r.repName);
      throw new AppError(
        'conflict',
        `${status.pending} statement(s) are not approved or changed since approval (${names.join(', ')}); approve them or lock with force`,
      );
    }
    const now = nowIso(c);
    await inTransaction(deps, async (trx) => {
      // Freeze exactly what was checked: take the period's statement rows (PostgreSQL: row locks, so a recompute in
      // flight finishes first) and refuse if any total moved since the check above.
      let q = trx
        .selectFrom('statements')
        .select(['rep_id', 'total'])
        .where('portal_id', '=', session.portalId)
        .where('period', '=', period);
      if (deps.dialect === 'postgres') q = q.forUpdate();
      const current = new Map((await q.execute()).map((r) => [r.rep_id, r.total]));
      const checked = new Map(status.rows.map((r) => [r.repId, r.total.amount]));
      const moved = [...current].filter(([rep, total]) => checked.has(rep) && checked.get(rep) !== total);
      if (moved.length > 0 || [...checked.keys()].some((rep) => !current.has(rep))) {
        throw new AppError('conflict', `Statements of ${period} changed while locking; review them and lock again`);
      }
      await trx
        .insertInto('period_locks')
        .values({ portal_id: session.portalId, period, locked_by: session.userId, locked_at: now })
        .execute();
      await appendAudit(trx, {
        portalId: session.portalId,
        actorId: session.userId,
        entity: 'lock',
        entityId: period,
        action: 'lock',
        before: null,
        after: {
          period,
          forced: body.force && status.pending > 0,
          total: status.total,
          statements: status.rows.map((r) => ({ repId: r.repId, total: r.total.amount })),
        },
        at: now,
      });
    });
    await deps.live
      .publish(session.portalId, {
        type: 'statements_changed',
        repIds: status.rows.map((r) => r.repId),
        periods: [period],
      })
      .catch((e) => deps.log.warn('live publish failed', { error: String(e) }));
    return closeStatus(deps, session, period);
  });
}
