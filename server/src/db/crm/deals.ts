import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CrmDeal, DealChange } from '../../ports/crm';
import type { CrmDealsTable } from '../crm.tables';
import type { DB } from '../schema';

/** SHA-256 over the deal's fields in a fixed order; equal hashes mean storage holds exactly what the CRM has. */
export function dealHash(d: CrmDeal): string {
  const canonical = [
    d.id,
    d.title,
    d.ownerId,
    d.amount,
    d.currency,
    d.pipelineId,
    d.stageId,
    d.status,
    d.wonAt,
    d.closedAt,
    d.createdAt,
    d.modifiedAt,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function rowToDeal(r: Selectable<CrmDealsTable>): CrmDeal {
  return {
    id: r.id,
    title: r.title,
    ownerId: r.owner_id,
    amount: r.amount,
    currency: r.currency,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    status: r.status,
    wonAt: r.won_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

const CHUNK = 400; // rows per statement: 16 columns × 400 stays far below SQLite's and PostgreSQL's parameter limits

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Live (not deleted) deals with these ids, keyed by id. */
export async function findDeals(
  db: Kysely<DB>,
  portalId: string,
  ids: string[],
): Promise<Map<string, Selectable<CrmDealsTable>>> {
  const found = new Map<string, Selectable<CrmDealsTable>>();
  for (const part of chunks([...new Set(ids)], 900)) {
    const rows = await db
      .selectFrom('crm_deals')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('id', 'in', part)
      .where('deleted', '=', 0)
      .execute();
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}

/**
 * Writes the CRM's current state of these deals; only rows whose hash changed are written and reported.
 * Run it inside the transaction that also stores the sync cursor covering these rows.
 */
export async function upsertDeals(
  db: Kysely<DB>,
  portalId: string,
  deals: CrmDeal[],
  now: string,
): Promise<DealChange[]> {
  if (deals.length === 0) return [];
  const byId = new Map(deals.map((d) => [d.id, d]));
  const existing = await findDeals(db, portalId, [...byId.keys()]);
  const changes: DealChange[] = [];
  const rows: CrmDealsTable[] = [];
  for (const d of byId.values()) {
    const hash = dealHash(d);
    const before = existing.get(d.id);
    if (before && before.hash === hash) continue;
    changes.push(before ? { dealId: d.id, before: rowToDeal(before), after: d } : { dealId: d.id, after: d });
    rows.push({
      portal_id: portalId,
      id: d.id,
      title: d.title,
      owner_id: d.ownerId,
      amount: d.amount,
      currency: d.currency,
      pipeline_id: d.pipelineId,
      stage_id: d.stageId,
      status: d.status,
      won_at: d.wonAt,
      closed_at: d.closedAt,
      created_at: d.createdAt,
      modified_at: d.modifiedAt,
      hash,
      deleted: 0,
      synced_at: now,
    });
  }
  for (const part of chunks(rows)) {
    await db
      .insertInto('crm_deals')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['portal_id', 'id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          owner_id: eb.ref('excluded.owner_id'),
          amount: eb.ref('excluded.amount'),
          currency: eb.ref('excluded.currency'),
          pipeline_id: eb.ref('excluded.pipeline_id'),
          stage_id: eb.ref('excluded.stage_id'),
          status: eb.ref('excluded.status'),
          won_at: eb.ref('excluded.won_at'),
          closed_at: eb.ref('excluded.closed_at'),
          created_at: eb.ref('excluded.created_at'),
          modified_at: eb.ref('excluded.modified_at'),
          hash: eb.ref('excluded.hash'),
          deleted: 0,
          synced_at: eb.ref('excluded.synced_at'),
        })),
      )
      .execute();
  }
  return changes;
}

/** Marks deals deleted (kept for the audit trail of closed periods); reports the ones that were live. */
export async function markDealsDeleted(
  db: Kysely<DB>,
  portalId: string,
  ids: string[],
  now: string,
): Promise<DealChange[]> {
  const existing = await findDeals(db, portalId, ids);
  for (const part of chunks([...existing.keys()], 900)) {
    await db
      .updateTable('crm_deals')
      .set({ deleted: 1, synced_at: now })
      .where('portal_id', '=', portalId)
      .where('id', 'in', part)
      .execute();
  }
  return [...existing.values()].map((r) => ({ dealId: r.id, before: rowToDeal(r) }));
}

/** Ids of every live deal of the portal (the deletion sweep diffs them with the CRM). */
export async function liveDealIds(db: Kysely<DB>, portalId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('crm_deals')
    .select('id')
    .where('portal_id', '=', portalId)
    .where('deleted', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

/** Live deals with their hashes (reconciliation checks and the fault test compare these with the CRM). */
export async function dealHashes(db: Kysely<DB>, portalId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('crm_deals')
    .select(['id', 'hash'])
    .where('portal_id', '=', portalId)
    .where('deleted', '=', 0)
    .execute();
  return new Map(rows.map((r) => [r.id, r.hash]));
}

export async function listDeals(db: Kysely<DB>, portalId: string): Promise<CrmDeal[]> {
  const rows = await db
    .selectFrom('crm_deals')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('deleted', '=', 0)
    .execute();
  return rows.map(rowToDeal);
}
