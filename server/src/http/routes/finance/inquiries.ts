import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { InquiryDto } from '../../../../../contract/api/finance';
import { routes } from '../../../../../contract/routes';
import type { InquiriesTable } from '../../../db/close.tables';
import type { DB } from '../../../db/schema';
import { type AppEnv, assertCanViewRep, canViewRep, type Session } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { inTransaction, isLocked, nowIso, portalUsers, recomputeAfterChange, sortableId } from '../admin/support';
import { adjustmentDto, assertNotSelf, firstOpenPeriodFrom, insertAdjustment, prepareAdjustment } from './adjustments';

/**
 * Inquiries ("disputes"): a rep flags a statement line or a deal that is missing from their statement, with a
 * comment; their manager (anyone who may see the rep, except the rep) answers, optionally booking an adjustment;
 * both read the same thread. Inquiries about locked periods are the normal case — the answer's adjustment then lands
 * in an open period and names the locked one as its source.
 */

async function loadInquiry(db: Kysely<DB>, portalId: string, id: string): Promise<InquiriesTable> {
  const row = await db
    .selectFrom('inquiries')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No inquiry ${id}`);
  return row;
}

async function thread(db: Kysely<DB>, portalId: string, inquiry: InquiriesTable): Promise<InquiryDto> {
  const users = await portalUsers(db, portalId);
  const messages = await db
    .selectFrom('inquiry_messages')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('id')
    .execute();
  const adjIds = messages.flatMap((m) => (m.adjustment_id ? [m.adjustment_id] : []));
  const adjustments = adjIds.length
    ? await db
        .selectFrom('adjustments')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('id', 'in', adjIds)
        .execute()
    : [];
  const adjById = new Map(adjustments.map((a) => [a.id, adjustmentDto(a)]));
  return {
    ...summary(inquiry, users.get(inquiry.rep_id)?.name),
    messages: messages.map((m) => ({
      id: m.id,
      authorId: m.author_id,
      authorName: users.get(m.author_id)?.name ?? m.author_id,
      body: m.body,
      adjustment: m.adjustment_id ? (adjById.get(m.adjustment_id) ?? null) : null,
      createdAt: m.created_at,
    })),
  };
}

function summary(r: InquiriesTable, repName: string | undefined): Omit<InquiryDto, 'messages'> {
  return {
    id: r.id,
    repId: r.rep_id,
    repName: repName ?? r.rep_id,
    period: r.period,
    kind: r.kind,
    lineId: r.line_id,
    dealId: r.deal_id,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The line a rep flags must exist on their stored statement for that period. */
async function assertLineExists(db: Kysely<DB>, session: Session, period: string, lineId: string): Promise<void> {
  const st = await db
    .selectFrom('statements')
    .select('document')
    .where('portal_id', '=', session.portalId)
    .where('rep_id', '=', session.userId)
    .where('period', '=', period)
    .executeTakeFirst();
  const lines = st ? ((JSON.parse(st.document) as { lines?: { id: string }[] }).lines ?? []) : [];
  if (!lines.some((l) => l.id === lineId)) {
    throw new AppError('bad_request', `Your statement for ${period} has no line ${lineId}`, [
      {
        path: 'lineId',
        message: `no line ${lineId} on your ${period} statement`,
        expected: 'a line id from GET /api/statements',
      },
    ]);
  }
}

export function registerInquiryRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.listInquiries, async (c, { query }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    if (query.repId) await assertCanViewRep(deps, session, query.repId);
    let q = deps.db.selectFrom('inquiries').selectAll().where('portal_id', '=', session.portalId);
    if (session.role === 'rep') q = q.where('rep_id', '=', session.userId);
    if (query.repId) q = q.where('rep_id', '=', query.repId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.period) q = q.where('period', '=', query.period);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(1000).execute();
    const users = await portalUsers(deps.db, session.portalId);
    const out: Omit<InquiryDto, 'messages'>[] = [];
    for (const r of rows)
      if (await canViewRep(deps, session, r.rep_id)) out.push(summary(r, users.get(r.rep_id)?.name));
    return { inquiries: out };
  });

  defineRoute(app, routes.createInquiry, async (c, { body }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    if (body.kind === 'statement_line') await assertLineExists(deps.db, session, body.period, body.lineId!);
    const now = nowIso(c);
    const row: InquiriesTable = {
      id: sortableId(),
      portal_id: session.portalId,
      rep_id: session.userId,
      period: body.period,
      kind: body.kind,
      line_id: body.lineId ?? null,
      deal_id: body.dealId ?? null,
      status: 'open',
      created_by: session.userId,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(deps, async (trx) => {
      await trx.insertInto('inquiries').values(row).execute();
      await trx
        .insertInto('inquiry_messages')
        .values({
          id: sortableId(),
          inquiry_id: row.id,
          portal_id: session.portalId,
          author_id: session.userId,
          body: body.message,
          adjustment_id: null,
          created_at: now,
        })
        .execute();
    });
    return thread(deps.db, session.portalId, row);
  });

  defineRoute(app, routes.getInquiry, async (c, { params }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    const inquiry = await loadInquiry(deps.db, session.portalId, params.inquiryId!);
    // Same answer as for a missing inquiry, so ids of other reps' inquiries cannot be probed.
    if (!(await canViewRep(deps, session, inquiry.rep_id))) throw new AppError('not_found', `No inquiry ${inquiry.id}`);
    return thread(deps.db, session.portalId, inquiry);
  });

  defineRoute(app, routes.replyInquiry, async (c, { params, body }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    const inquiry = await loadInquiry(deps.db, session.portalId, params.inquiryId!);
    if (!(await canViewRep(deps, session, inquiry.rep_id))) throw new AppError('not_found', `No inquiry ${inquiry.id}`);
    const isOwner = inquiry.rep_id === session.userId;
    if (body.adjustment) {
      if (session.role === 'rep') throw new AppError('forbidden', 'Only a manager or an admin can book an adjustment');
      assertNotSelf(session.userId, inquiry.rep_id);
    }
    const now = nowIso(c);
    let adjustment = null;
    if (body.adjustment) {
      const period =
        body.adjustment.period ??
        ((await isLocked(deps.db, session.portalId, inquiry.period))
          ? await firstOpenPeriodFrom(c, session.portalId, inquiry.period)
          : inquiry.period);
      adjustment = await prepareAdjustment(deps.db, {
        portalId: session.portalId,
        actorId: session.userId,
        repId: inquiry.rep_id,
        period,
        amount: body.adjustment.amount,
        reason: body.adjustment.reason,
        sourcePeriod: period === inquiry.period ? null : inquiry.period,
        sourceInquiryId: inquiry.id,
        now,
      });
    }
    const status: InquiriesTable['status'] = body.resolve ? 'resolved' : isOwner ? 'open' : 'answered';
    await inTransaction(deps, async (trx) => {
      if (adjustment) await insertAdjustment(trx, adjustment);
      await trx
        .insertInto('inquiry_messages')
        .values({
          id: sortableId(),
          inquiry_id: inquiry.id,
          portal_id: session.portalId,
          author_id: session.userId,
          body: body.message,
          adjustment_id: adjustment?.id ?? null,
          created_at: now,
        })
        .execute();
      await trx
        .updateTable('inquiries')
        .set({ status, updated_at: now })
        .where('portal_id', '=', session.portalId)
        .where('id', '=', inquiry.id)
        .execute();
    });
    if (adjustment) {
      await recomputeAfterChange(deps, session.portalId, { repIds: [adjustment.rep_id], periods: [adjustment.period] });
    }
    return thread(deps.db, session.portalId, { ...inquiry, status, updated_at: now });
  });
}
