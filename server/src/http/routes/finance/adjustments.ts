import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AdjustmentDto } from '../../../../../contract/api/finance';
import { routes } from '../../../../../contract/routes';
import { loadSettings } from '../../../app/settings';
import { appendAudit } from '../../../audit/chain';
import type { AdjustmentsTable } from '../../../db/close.tables';
import type { DB } from '../../../db/schema';
import { periodKindOfKey, periodOf, shiftPeriod } from '../../../domain/index';
import { type AppEnv, assertCanViewRep, canViewRep } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { normaliseAmount } from '../admin/quotas';
import {
  assertPeriodOpen,
  inTransaction,
  isLocked,
  nowIso,
  portalUsers,
  recomputeAfterChange,
  sortableId,
} from '../admin/support';

/**
 * Adjustments: manual corrections of a rep's payout. They only ever land in an OPEN period (the 003_close triggers
 * refuse anything else); a correction of a locked month names it in `source_period` — and the inquiry behind it,
 * if any — so the statement line explains where the money came from. Under ст. 137 ТК РФ a "clawback" is a reduced
 * future accrual, never a deduction from wages already paid: a negative adjustment lowers a future payout.
 */

export function adjustmentDto(r: AdjustmentsTable): AdjustmentDto {
  return {
    id: r.id,
    repId: r.rep_id,
    period: r.period,
    amount: { amount: r.amount, currency: r.currency },
    reason: r.reason,
    sourcePeriod: r.source_period,
    sourceInquiryId: r.source_inquiry_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export interface NewAdjustment {
  portalId: string;
  actorId: string;
  repId: string;
  period: string;
  amount: string;
  reason: string;
  sourcePeriod: string | null;
  sourceInquiryId: string | null;
  now: string;
}

/** Validates the amount against the base currency; the period's openness is re-checked by the database trigger. */
export async function prepareAdjustment(
  db: Kysely<DB>,
  input: Omit<NewAdjustment, 'amount'> & { amount: string },
): Promise<AdjustmentsTable> {
  const settings = await loadSettings(db, input.portalId);
  const negative = input.amount.startsWith('-');
  const magnitude = normaliseAmount(negative ? input.amount.slice(1) : input.amount, settings.baseCurrency);
  if (magnitude === null) {
    throw new AppError('bad_request', `The amount has more decimals than ${settings.baseCurrency} has`, [
      { path: 'amount', message: input.amount, expected: 'kopecks at most, e.g. -1500.50' },
    ]);
  }
  if (/^0(\.0+)?$/.test(magnitude)) {
    throw new AppError('bad_request', 'An adjustment of zero changes nothing', [
      { path: 'amount', message: input.amount, expected: 'a non-zero amount' },
    ]);
  }
  await assertPeriodOpen(db, input.portalId, input.period);
  return {
    id: sortableId(),
    portal_id: input.portalId,
    period: input.period,
    rep_id: input.repId,
    amount: negative ? `-${magnitude}` : magnitude,
    currency: settings.baseCurrency,
    reason: input.reason,
    source_period: input.sourcePeriod,
    source_inquiry_id: input.sourceInquiryId,
    created_by: input.actorId,
    created_at: input.now,
  };
}

/** Inserts the adjustment and its audit entry in the caller's transaction. */
export async function insertAdjustment(trx: Kysely<DB>, row: AdjustmentsTable): Promise<void> {
  await trx.insertInto('adjustments').values(row).execute();
  await appendAudit(trx, {
    portalId: row.portal_id,
    actorId: row.created_by,
    entity: 'adjustment',
    entityId: row.id,
    action: 'create',
    before: null,
    after: adjustmentDto(row),
    at: row.created_at,
  });
}

/** The first open period of the same kind as `period`, starting from the current one (corrections go forward). */
export async function firstOpenPeriodFrom(c: Context<AppEnv>, portalId: string, likePeriod: string): Promise<string> {
  const { db, clock } = c.get('deps');
  const kind = periodKindOfKey(likePeriod) ?? 'month';
  const settings = await loadSettings(db, portalId);
  let p = periodOf(clock().getTime(), { kind, timeZone: settings.timeZone, fiscalYearStart: settings.fiscalYearStart });
  for (let i = 0; i < 24 && (await isLocked(db, portalId, p)); i++) p = shiftPeriod(p, 1, settings.fiscalYearStart);
  return p;
}

/** Nobody corrects their own pay, whatever their role. */
export function assertNotSelf(actorId: string, repId: string): void {
  if (actorId === repId) throw new AppError('forbidden', 'You cannot adjust or approve your own payout');
}

export function registerAdjustmentRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.listAdjustments, async (c, { query }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    if (query.repId) await assertCanViewRep(deps, session, query.repId);
    let q = deps.db
      .selectFrom('adjustments')
      .selectAll()
      .where('portal_id', '=', session.portalId)
      .where('period', '=', query.period);
    if (query.repId) q = q.where('rep_id', '=', query.repId);
    const rows = await q.orderBy('id').execute();
    const out: AdjustmentDto[] = [];
    for (const r of rows) if (await canViewRep(deps, session, r.rep_id)) out.push(adjustmentDto(r));
    return { adjustments: out };
  });

  defineRoute(app, routes.createAdjustment, async (c, { body }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    await assertCanViewRep(deps, session, body.repId);
    assertNotSelf(session.userId, body.repId);
    if (!(await portalUsers(deps.db, session.portalId)).has(body.repId)) {
      throw new AppError('not_found', `No user ${body.repId} in this portal`);
    }
    const row = await prepareAdjustment(deps.db, {
      portalId: session.portalId,
      actorId: session.userId,
      repId: body.repId,
      period: body.period,
      amount: body.amount,
      reason: body.reason,
      sourcePeriod: body.sourcePeriod ?? null,
      sourceInquiryId: null,
      now: nowIso(c),
    });
    await inTransaction(deps, (trx) => insertAdjustment(trx, row));
    await recomputeAfterChange(deps, session.portalId, { repIds: [row.rep_id], periods: [row.period] });
    return adjustmentDto(row);
  });
}
