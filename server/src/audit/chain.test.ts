import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { canonicalJson } from './canonical';
import { appendAudit, GENESIS_HASH, verifyAuditChain } from './chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
  it('refuses numbers without a JSON form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/JSON/);
  });
});

/** Drops the append-only triggers, as someone with direct database access could, to show the chain still catches it. */
async function dropAppendOnlyGuard(store: TestDatabase): Promise<void> {
  if (store.dialect === 'postgres') await sql.raw('DROP TRIGGER audit_log_no_change ON audit_log').execute(store.db);
  else {
    await sql.raw('DROP TRIGGER audit_log_no_update').execute(store.db);
    await sql.raw('DROP TRIGGER audit_log_no_delete').execute(store.db);
  }
}

forEachDatabase('audit hash chain', (open) => {
  let store: TestDatabase;
  const ids: string[] = [];

  beforeAll(async () => {
    store = await open();
    for (let i = 1; i <= 5; i += 1) {
      const entry = await store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          portalId: 'p1',
          actorId: 'admin-1',
          entity: 'quota',
          entityId: `r${i}:2026-11`,
          action: 'update',
          before: i === 1 ? null : { amount: `${i}00000.00` },
          after: { amount: `${i}50000.00`, note: 'Квота на ноябрь' },
          at: `2026-11-0${i}T10:00:00.000Z`,
        }),
      );
      ids.push(entry.id);
    }
    await store.db.transaction().execute((trx) =>
      appendAudit(trx, {
        portalId: 'p2',
        actorId: 'a',
        entity: 'lock',
        entityId: '2026-10',
        action: 'lock',
        before: null,
        after: { period: '2026-10' },
      }),
    );
  });
  afterAll(() => store.close());
  it('links entries: seq 1…n per portal, first prev_hash is the genesis', async () => {
    const rows = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('portal_id', '=', 'p1')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: true,
      portals: [
        { portalId: 'p1', entries: 5 },
        { portalId: 'p2', entries: 1 },
      ],
    });
  });

  it('rolls the entry back with the change it describes', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAudit(trx, {
          portalId: 'p1',
          actorId: 'x',
          entity: 'quota',
          entityId: 'q',
          action: 'update',
          before: null,
          after: 1,
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await verifyAuditChain(store.db, { portalId: 'p1' })).portals[0]?.entries).toBe(5);
  });

  it('keeps seq contiguous under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.db.transaction().execute((trx) =>
          appendAudit(trx, {
            portalId: 'p3',
            actorId: 'a',
            entity: 'quota',
            entityId: `q${i}`,
            action: 'update',
            before: null,
            after: i,
          }),
        ),
      ),
    );
    const report = await verifyAuditChain(store.db, { portalId: 'p3' });
    expect(report.portals[0]).toMatchObject({ entries: 12, broken: null });
  });

  it('is append-only in the database', async () => {
    await expect(sql.raw(`UPDATE audit_log SET actor_id = 'x'`).execute(store.db)).rejects.toThrow(/append_only/);
    await expect(sql.raw('DELETE FROM audit_log').execute(store.db)).rejects.toThrow(/append_only/);
  });

  it('pinpoints an edited entry, then a deleted one', async () => {
    await dropAppendOnlyGuard(store);
    await sql
      .raw(
        `UPDATE audit_log SET after_json = '{"amount":"9350000.00","note":"Квота на ноябрь"}' WHERE id = '${ids[2]}'`,
      )
      .execute(store.db);
    const edited = await verifyAuditChain(store.db, { portalId: 'p1' });
    expect(edited.ok).toBe(false);
    expect(edited.portals[0]?.broken).toMatchObject({ id: ids[2], seq: 3 });
    expect(edited.portals[0]?.broken?.reason).toMatch(/edited/);

    // Another portal's chain is unaffected.
    expect((await verifyAuditChain(store.db, { portalId: 'p2' })).ok).toBe(true);

    await sql.raw(`DELETE FROM audit_log WHERE id = '${ids[1]}'`).execute(store.db);
    const deleted = await verifyAuditChain(store.db, { portalId: 'p1' });
    expect(deleted.portals[0]?.broken).toMatchObject({ id: ids[2], seq: 3 });
    expect(deleted.portals[0]?.broken?.reason).toMatch(/missing|deleted/);
  });

  it('notices a deleted tail through the chain head', async () => {
    await sql
      .raw(`DELETE FROM audit_log WHERE portal_id = 'p2'`)
      .execute(store.db)
      .catch(() => undefined);
    const report = await verifyAuditChain(store.db, { portalId: 'p2' });
    expect(report.ok).toBe(false);
    expect(report.portals[0]?.broken?.reason).toMatch(/head/);
  });
});
