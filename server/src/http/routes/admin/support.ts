import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../../app/deps';
import { buildOrg, type Org } from '../../../app/org';
import { listDepartments, listUsers } from '../../../db/crm/directory';
import type { DB } from '../../../db/schema';
import { periodRange } from '../../../domain/index';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';

/** Helpers shared by the admin and finance routes: time, transactions, lock checks, recomputation. */

export const nowIso = (c: Context<AppEnv>): string => c.get('deps').clock().toISOString();

const LOCKED_MESSAGE =
  'This period is locked: its numbers never change. Book a correction as an adjustment in an open period.';

/** Turns the 003_close triggers' "period_locked" error into the API's 423 period_locked; rethrows anything else. */
export function translateDbError(error: unknown): never {
  if (error instanceof AppError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  if (/period_locked/.test(message)) throw new AppError('period_locked', LOCKED_MESSAGE);
  if (/published_plan/.test(message)) {
    throw new AppError('conflict', 'A published plan version never changes; add a new version with its own dates');
  }
  throw error;
}

/** Runs `fn` in one transaction (the change and its audit entries commit together). */
export async function inTransaction<T>(deps: AppDeps, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (error) {
    translateDbError(error);
  }
}

/**
 * Statements are derived data: recompute them after a committed change. A failure here must not turn a committed
 * change into an error response (the next sync or change recomputes again), so it is logged, not thrown.
 */
export async function recomputeAfterChange(
  deps: AppDeps,
  portalId: string,
  scope?: { repIds: readonly string[]; periods: readonly string[] },
): Promise<void> {
  try {
    if (scope) await deps.statements.recompute(portalId, scope.repIds, scope.periods);
    else await deps.statements.recomputePortal(portalId);
  } catch (error) {
    deps.log.error('statement recompute after change failed', {
      portalId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export async function lockedPeriods(db: Kysely<DB>, portalId: string): Promise<string[]> {
  const rows = await db.selectFrom('period_locks').select('period').where('portal_id', '=', portalId).execute();
  return rows.map((r) => r.period);
}

export async function isLocked(db: Kysely<DB>, portalId: string, period: string): Promise<boolean> {
  const row = await db
    .selectFrom('period_locks')
    .select('period')
    .where('portal_id', '=', portalId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row !== undefined;
}

export async function assertPeriodOpen(db: Kysely<DB>, portalId: string, period: string): Promise<void> {
  if (await isLocked(db, portalId, period))
    throw new AppError('period_locked', `Period ${period} is locked. ${LOCKED_MESSAGE}`);
}

/** Locked periods whose dates intersect [from, to) (to = null: open-ended); calendar dates as YYYY-MM-DD. */
export function lockedPeriodsWithin(
  locked: readonly string[],
  from: string,
  to: string | null,
  fiscalYearStart: number,
): string[] {
  return locked.filter((key) => {
    const r = periodRange(key, { fiscalYearStart });
    return r.endDate > from && (to === null || r.startDate < to);
  });
}

/** Users of the portal by id (name, departments), for rows that show a rep's name. */
export async function portalUsers(
  db: Kysely<DB>,
  portalId: string,
): Promise<Map<string, { id: string; name: string; active: boolean; departmentIds: string[] }>> {
  const rows = await db
    .selectFrom('crm_users')
    .select(['id', 'name', 'active', 'department_ids'])
    .where('portal_id', '=', portalId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, active: r.active === 1, departmentIds: JSON.parse(r.department_ids) as string[] },
    ]),
  );
}

/** The portal's org chart, read fresh (admin and close screens must not act on a cached directory). */
export async function loadOrg(db: Kysely<DB>, portalId: string): Promise<Org> {
  const [users, departments] = await Promise.all([listUsers(db, portalId), listDepartments(db, portalId)]);
  return buildOrg(users, departments);
}

let idCounter = 0;

/**
 * An id that sorts in creation order (time, then a per-process counter, then randomness), for rows whose order
 * matters and whose timestamps may be equal: inquiry messages, adjustments.
 */
export function sortableId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  return `${Date.now().toString(36).padStart(9, '0')}${idCounter.toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}
