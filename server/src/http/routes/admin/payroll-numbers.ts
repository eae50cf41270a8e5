import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ValidationIssue } from '../../../../../contract/errors';
import { routes } from '../../../../../contract/routes';
import { appendAudit } from '../../../audit/chain';
import type { DB } from '../../../db/schema';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { inTransaction, nowIso, portalUsers } from './support';

/**
 * 1C табельные номера: 1C:ЗУП matches imported accruals to employees by табельный номер, which the CRM does not
 * know. Admins enter them once here; exports use them and fall back to the CRM user id for users without one.
 */

export async function payrollNumberMap(db: Kysely<DB>, portalId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('payroll_numbers')
    .select(['user_id', 'personnel_number'])
    .where('portal_id', '=', portalId)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.personnel_number]));
}

async function list(db: Kysely<DB>, portalId: string) {
  const [users, numbers] = await Promise.all([portalUsers(db, portalId), payrollNumberMap(db, portalId)]);
  return {
    rows: [...users.values()]
      .filter((u) => u.active || numbers.has(u.id))
      .map((u) => ({ repId: u.id, repName: u.name, personnelNumber: numbers.get(u.id) ?? null }))
      .sort((a, b) => a.repName.localeCompare(b.repName, 'ru') || a.repId.localeCompare(b.repId)),
  };
}

export function registerPayrollNumberRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.payrollNumbers, async (c) => list(c.get('deps').db, c.get('session').portalId));

  defineRoute(app, routes.savePayrollNumbers, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const users = await portalUsers(deps.db, portalId);
    const current = await payrollNumberMap(deps.db, portalId);
    const next = new Map(current);
    const issues: ValidationIssue[] = [];
    const seen = new Set<string>();
    body.entries.forEach((e, i) => {
      if (!users.has(e.repId))
        issues.push({ path: `entries[${i}].repId`, message: `No user ${e.repId} in this portal` });
      if (seen.has(e.repId)) issues.push({ path: `entries[${i}].repId`, message: `${e.repId} appears twice` });
      seen.add(e.repId);
      if (e.personnelNumber === null) next.delete(e.repId);
      else next.set(e.repId, e.personnelNumber);
    });
    // One employee per number: 1C would otherwise book two people's bonuses to one person.
    const owners = new Map<string, string>();
    for (const [user, number] of next) {
      const other = owners.get(number);
      if (other !== undefined) {
        const i = body.entries.findIndex((e) => e.repId === user || e.repId === other);
        issues.push({
          path: `entries[${Math.max(i, 0)}].personnelNumber`,
          message: `Табельный номер ${number} would belong to both ${other} and ${user}`,
          expected: 'a number no other user has',
        });
      } else owners.set(number, user);
    }
    if (issues.length > 0) throw new AppError('bad_request', 'Some entries are invalid; nothing was saved', issues);
    const now = nowIso(c);
    await inTransaction(deps, async (trx) => {
      // Clear the changed users first, so swapping two numbers never trips the uniqueness constraint midway.
      const changed = body.entries.filter((e) => (current.get(e.repId) ?? null) !== e.personnelNumber);
      for (const e of changed) {
        await trx
          .deleteFrom('payroll_numbers')
          .where('portal_id', '=', portalId)
          .where('user_id', '=', e.repId)
          .execute();
      }
      for (const e of changed) {
        if (e.personnelNumber !== null) {
          await trx
            .insertInto('payroll_numbers')
            .values({
              portal_id: portalId,
              user_id: e.repId,
              personnel_number: e.personnelNumber,
              updated_at: now,
              updated_by: userId,
            })
            .execute();
        }
        await appendAudit(trx, {
          portalId,
          actorId: userId,
          entity: 'payroll_number',
          entityId: e.repId,
          action: 'update',
          before: current.has(e.repId) ? { personnelNumber: current.get(e.repId) } : null,
          after: e.personnelNumber === null ? null : { personnelNumber: e.personnelNumber },
          at: now,
        });
      }
    });
    return list(deps.db, portalId);
  });
}
