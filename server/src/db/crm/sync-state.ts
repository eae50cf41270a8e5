import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/**
 * Durable sync bookkeeping: per-job cursors (written in the same transaction as the rows they cover), the dirty-deal
 * queue filled by events, and the per-portal lease that keeps two workers from syncing one portal at once.
 */

export async function loadCursor<T>(db: Kysely<DB>, portalId: string, job: string): Promise<T | null> {
  const row = await db
    .selectFrom('sync_state')
    .select('cursor')
    .where('portal_id', '=', portalId)
    .where('job', '=', job)
    .executeTakeFirst();
  return row ? (JSON.parse(row.cursor) as T) : null;
}

export async function saveCursor(
  db: Kysely<DB>,
  portalId: string,
  job: string,
  cursor: unknown,
  now: string,
): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({ portal_id: portalId, job, cursor: JSON.stringify(cursor), updated_at: now })
    .onConflict((oc) =>
      oc.columns(['portal_id', 'job']).doUpdateSet({ cursor: JSON.stringify(cursor), updated_at: now }),
    )
    .execute();
}

export async function clearCursor(db: Kysely<DB>, portalId: string, job: string): Promise<void> {
  await db.deleteFrom('sync_state').where('portal_id', '=', portalId).where('job', '=', job).execute();
}

/** Queue deals for re-reading; a deal already queued keeps one entry (the latest reason). */
export async function markDirty(
  db: Kysely<DB>,
  portalId: string,
  dealIds: string[],
  reason: string,
  now: string,
): Promise<void> {
  const ids = [...new Set(dealIds)];
  // A unique stamp per mark (time + random suffix): clearDirty can tell "still the mark I processed" from "marked
  // again since", even within one millisecond.
  const stamp = `${now}~${randomBytes(6).toString('hex')}`;
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('sync_dirty_deals')
      .values(ids.slice(i, i + 500).map((id) => ({ portal_id: portalId, deal_id: id, reason, marked_at: stamp })))
      .onConflict((oc) => oc.columns(['portal_id', 'deal_id']).doUpdateSet({ reason, marked_at: stamp }))
      .execute();
  }
}

export interface DirtyDeal {
  dealId: string;
  reason: string;
  markedAt: string;
}

export async function peekDirty(db: Kysely<DB>, portalId: string, limit: number): Promise<DirtyDeal[]> {
  const rows = await db
    .selectFrom('sync_dirty_deals')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('marked_at')
    .orderBy('deal_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ dealId: r.deal_id, reason: r.reason, markedAt: r.marked_at }));
}

/**
 * Removes entries that were processed; an entry re-marked after it was read (another stamp) stays queued, so an
 * event arriving mid-fetch is never lost.
 */
export async function clearDirty(db: Kysely<DB>, portalId: string, processed: DirtyDeal[]): Promise<void> {
  for (const d of processed) {
    await db
      .deleteFrom('sync_dirty_deals')
      .where('portal_id', '=', portalId)
      .where('deal_id', '=', d.dealId)
      .where('marked_at', '=', d.markedAt)
      .execute();
  }
}

export async function countDirty(db: Kysely<DB>, portalId: string): Promise<number> {
  const row = await db
    .selectFrom('sync_dirty_deals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('portal_id', '=', portalId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes the portal's sync lease for `ttlMs` if it is free, expired, or already ours. Returns whether we hold it.
 * Atomic on both stores: one INSERT … ON CONFLICT DO UPDATE … WHERE.
 */
export async function acquireLease(
  db: Kysely<DB>,
  portalId: string,
  holder: string,
  ttlMs: number,
  nowMs: number,
): Promise<boolean> {
  await db
    .insertInto('sync_leases')
    .values({ portal_id: portalId, holder, expires_at: nowMs + ttlMs })
    .onConflict((oc) =>
      oc
        .column('portal_id')
        .doUpdateSet({ holder, expires_at: nowMs + ttlMs })
        .where((eb) => eb.or([eb('sync_leases.expires_at', '<=', nowMs), eb('sync_leases.holder', '=', holder)])),
    )
    .execute();
  const row = await db.selectFrom('sync_leases').select('holder').where('portal_id', '=', portalId).executeTakeFirst();
  return row?.holder === holder;
}

/** Extends a lease we still hold; false means it expired and someone else may have it (stop working). */
export async function renewLease(
  db: Kysely<DB>,
  portalId: string,
  holder: string,
  ttlMs: number,
  nowMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('sync_leases')
    .set({ expires_at: nowMs + ttlMs })
    .where('portal_id', '=', portalId)
    .where('holder', '=', holder)
    .where('expires_at', '>', nowMs)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseLease(db: Kysely<DB>, portalId: string, holder: string): Promise<void> {
  await db.deleteFrom('sync_leases').where('portal_id', '=', portalId).where('holder', '=', holder).execute();
}
