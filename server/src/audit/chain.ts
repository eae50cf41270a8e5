import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DB } from '../db/schema';
import { canonicalJson } from './canonical';

/** What was changed: one audit entry's subject. */
export type AuditEntity =
  | 'plan'
  | 'plan_version'
  | 'plan_assignment'
  | 'quota'
  | 'settings'
  | 'adjustment'
  | 'approval'
  | 'lock'
  | 'acknowledgement'
  | 'inquiry'
  | 'payroll_number';

export interface AuditInput {
  portalId: string;
  actorId: string;
  entity: AuditEntity;
  entityId: string;
  /** create | update | delete | publish | import | allocate | approve | lock … */
  action: string;
  before: unknown;
  after: unknown;
  /** ISO time; defaults to now. */
  at?: string;
}

export interface AuditEntry {
  id: string;
  portalId: string;
  seq: number;
  at: string;
  actorId: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/** The prev_hash of every portal's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an entry: everything but the hashes themselves. */
function hashOf(prevHash: string, e: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    id: e.id,
    portalId: e.portalId,
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    entity: e.entity,
    entityId: e.entityId,
    action: e.action,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

const toJsonText = (v: unknown): string | null => (v === undefined || v === null ? null : canonicalJson(v));

/**
 * Appends one entry to the portal's chain. Call it with the SAME transaction that makes the change, so the change
 * and its record commit or roll back together. On PostgreSQL a transaction-scoped advisory lock serialises appends
 * per portal (SQLite serialises writers anyway); the unique (portal_id, seq) index is the last line of defence.
 */
export async function appendAudit(trx: Kysely<DB>, input: AuditInput): Promise<AuditEntry> {
  const [entry] = await appendAuditMany(trx, input.portalId, [input]);
  return entry!;
}

const INSERT_CHUNK = 200;

/**
 * Appends several entries of one portal in order, with one read and one write of the chain head (bulk changes such
 * as a quota import of thousands of rows). Same transaction rule as appendAudit.
 */
export async function appendAuditMany(
  trx: Kysely<DB>,
  portalId: string,
  inputs: readonly Omit<AuditInput, 'portalId'>[],
): Promise<AuditEntry[]> {
  if (inputs.length === 0) return [];
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`kvota_audit:${portalId}`}))`.execute(trx);
  }
  const head = await trx
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  let prevHash = head?.hash ?? GENESIS_HASH;
  let seq = Number(head?.seq ?? 0);
  const now = new Date().toISOString();
  const entries: AuditEntry[] = inputs.map((input) => {
    seq += 1;
    const base = {
      id: randomUUID(),
      portalId,
      seq,
      at: input.at ?? now,
      actorId: input.actorId,
      entity: input.entity,
      entityId: input.entityId,
      action: input.action,
      // Round-trip through JSON so what we hash is exactly what a verifier will read back.
      before: input.before === undefined || input.before === null ? null : JSON.parse(canonicalJson(input.before)),
      after: input.after === undefined || input.after === null ? null : JSON.parse(canonicalJson(input.after)),
    };
    const hash = hashOf(prevHash, base);
    const entry = { ...base, prevHash, hash };
    prevHash = hash;
    return entry;
  });
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + INSERT_CHUNK).map((e) => ({
          id: e.id,
          portal_id: e.portalId,
          seq: e.seq,
          at: e.at,
          actor_id: e.actorId,
          entity: e.entity,
          entity_id: e.entityId,
          action: e.action,
          before_json: toJsonText(e.before),
          after_json: toJsonText(e.after),
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
  const last = entries[entries.length - 1]!;
  if (head) {
    await trx
      .updateTable('audit_heads')
      .set({ seq: last.seq, hash: last.hash })
      .where('portal_id', '=', portalId)
      .execute();
  } else {
    await trx.insertInto('audit_heads').values({ portal_id: portalId, seq: last.seq, hash: last.hash }).execute();
  }
  return entries;
}

export interface BrokenEntry {
  /** Id of the first entry that fails (for a deleted tail: the last entry still present, or null if none is). */
  id: string | null;
  seq: number;
  reason: string;
}

export interface PortalChainReport {
  portalId: string;
  entries: number;
  broken: BrokenEntry | null;
}

export interface AuditVerification {
  ok: boolean;
  portals: PortalChainReport[];
}

const PAGE = 1000;

/** Walks one portal's chain in seq order and stops at the first entry whose link or content does not hold. */
async function verifyPortal(db: Kysely<DB>, portalId: string): Promise<PortalChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let lastId: string | null = null;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (reason: string): PortalChainReport => ({ portalId, entries, broken: { id: r.id, seq, reason } });
      if (seq !== expectedSeq) return broken(`entries ${expectedSeq}…${seq - 1} before it are missing (deleted)`);
      if (r.prev_hash !== prevHash)
        return broken('its link to the previous entry does not match (an entry before it was altered or removed)');
      let before: unknown;
      let after: unknown;
      try {
        before = r.before_json === null ? null : JSON.parse(r.before_json);
        after = r.after_json === null ? null : JSON.parse(r.after_json);
      } catch {
        return broken('its before/after data is not valid JSON (edited)');
      }
      const expected = hashOf(prevHash, {
        id: r.id,
        portalId: r.portal_id,
        seq,
        at: r.at,
        actorId: r.actor_id,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        before,
        after,
      });
      if (expected !== r.hash) return broken('its content does not match its hash (edited)');
      prevHash = r.hash;
      lastId = r.id;
      expectedSeq = seq + 1;
      entries += 1;
    }
    if (rows.length < PAGE) break;
  }
  const head = await db
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
    return {
      portalId,
      entries,
      broken: {
        id: lastId,
        seq: expectedSeq - 1,
        reason: `the log ends at entry ${expectedSeq - 1} but its head records entry ${Number(head.seq)} (entries after it deleted or head altered)`,
      },
    };
  }
  return { portalId, entries, broken: null };
}

/** Verifies the hash chain of one portal, or of every portal that has audit entries. */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { portalId?: string } = {},
): Promise<AuditVerification> {
  let portalIds: string[];
  if (options.portalId) portalIds = [options.portalId];
  else {
    const fromLog = await db.selectFrom('audit_log').select('portal_id').distinct().execute();
    const fromHeads = await db.selectFrom('audit_heads').select('portal_id').execute();
    portalIds = [...new Set([...fromLog, ...fromHeads].map((r) => r.portal_id))].sort();
  }
  const portals: PortalChainReport[] = [];
  for (const portalId of portalIds) portals.push(await verifyPortal(db, portalId));
  return { ok: portals.every((p) => p.broken === null), portals };
}

/** Reads a page of a portal's audit log, newest first, for the admin UI. */
export async function listAudit(
  db: Kysely<DB>,
  portalId: string,
  options: { beforeSeq?: number; limit?: number; entity?: string } = {},
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('portal_id', '=', portalId);
  if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
  if (options.entity) q = q.where('entity', '=', options.entity);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(Math.min(options.limit ?? 100, 500))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    portalId: r.portal_id,
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
