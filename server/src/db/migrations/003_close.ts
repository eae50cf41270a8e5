import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * 003_close: period close (approvals, locks), adjustments, inquiries, plan acknowledgements, audit log — and the
 * triggers that make "a locked period never changes" a property of the database rather than of our code:
 *
 * - statements (from 002_app), period_approvals, adjustments: any INSERT, UPDATE or DELETE touching a row whose
 *   (portal_id, period) has a period_locks row is rejected with an error starting "period_locked".
 * - period_locks: UPDATE and DELETE are always rejected (there is no unlock; corrections are adjustments).
 * - audit_log: UPDATE and DELETE are always rejected (append-only; the hash chain catches whoever drops the trigger).
 * - PostgreSQL: TRUNCATE of these tables is rejected too (TRUNCATE skips row triggers).
 */

/** Tables whose rows belong to a (portal_id, period) and freeze with it. */
export const LOCK_GUARDED_TABLES = ['statements', 'period_approvals', 'adjustments'] as const;
/** Tables that never allow UPDATE or DELETE. */
export const APPEND_ONLY_TABLES = ['period_locks', 'audit_log'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

async function createTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('period_locks')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('period_locks_pk', ['portal_id', 'period'])
    .execute();

  await db.schema
    .createTable('period_approvals')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('total_amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('period_approvals_pk', ['portal_id', 'period', 'rep_id'])
    .execute();

  await db.schema
    .createTable('adjustments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source_period', 'text')
    .addColumn('source_inquiry_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('adjustments_portal_period')
    .on('adjustments')
    .columns(['portal_id', 'period', 'rep_id'])
    .execute();

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('line_id', 'text')
    .addColumn('deal_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiries_portal_rep').on('inquiries').columns(['portal_id', 'rep_id']).execute();

  await db.schema
    .createTable('inquiry_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('adjustment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inquiry_messages_inquiry').on('inquiry_messages').column('inquiry_id').execute();

  await db.schema
    .createTable('plan_acknowledgements')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('plan_version_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_acknowledgements_pk', ['portal_id', 'plan_version_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_log_portal_seq', ['portal_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_heads')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

async function createSqliteTriggers(db: AnyDb): Promise<void> {
  for (const table of LOCK_GUARDED_TABLES) {
    const locked = (row: 'NEW' | 'OLD') =>
      `EXISTS (SELECT 1 FROM period_locks l WHERE l.portal_id = ${row}.portal_id AND l.period = ${row}.period)`;
    const raise = `SELECT RAISE(ABORT, 'period_locked: ${table} of a locked period cannot change');`;
    await sql
      .raw(`CREATE TRIGGER ${table}_locked_insert BEFORE INSERT ON ${table} WHEN ${locked('NEW')} BEGIN ${raise} END`)
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_locked_update BEFORE UPDATE ON ${table} WHEN ${locked('OLD')} OR ${locked('NEW')} BEGIN ${raise} END`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_locked_delete BEFORE DELETE ON ${table} WHEN ${locked('OLD')} BEGIN ${raise} END`)
      .execute(db);
  }
  for (const table of APPEND_ONLY_TABLES) {
    const code = table === 'period_locks' ? 'period_locked' : 'append_only';
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${code}: ${table} rows never change'); END`,
        )
        .execute(db);
    }
  }
}

async function createPostgresTriggers(db: AnyDb): Promise<void> {
  await sql
    .raw(`
CREATE OR REPLACE FUNCTION kvota_guard_locked_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM period_locks l WHERE l.portal_id = OLD.portal_id AND l.period = OLD.period) THEN
      RAISE EXCEPTION 'period_locked: % of locked period % cannot change', TG_TABLE_NAME, OLD.period;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM period_locks l WHERE l.portal_id = NEW.portal_id AND l.period = NEW.period) THEN
      RAISE EXCEPTION 'period_locked: % of locked period % cannot change', TG_TABLE_NAME, NEW.period;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$`)
    .execute(db);
  await sql
    .raw(`
CREATE OR REPLACE FUNCTION kvota_guard_truncate_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM period_locks) THEN
    RAISE EXCEPTION 'period_locked: % holds rows of locked periods and cannot be truncated', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(`
CREATE OR REPLACE FUNCTION kvota_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: % rows never change', TG_ARGV[0], TG_TABLE_NAME;
END $$`)
    .execute(db);

  for (const table of LOCK_GUARDED_TABLES) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_locked BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION kvota_guard_locked_period()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_locked_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION kvota_guard_truncate_locked()`,
      )
      .execute(db);
  }
  for (const table of APPEND_ONLY_TABLES) {
    const code = table === 'period_locks' ? 'period_locked' : 'append_only';
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION kvota_reject_change('${code}')`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION kvota_reject_change('${code}')`,
      )
      .execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  await createTables(db);
  if (isPostgres(db)) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);
}

export async function down(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  for (const table of LOCK_GUARDED_TABLES) {
    const names = pg
      ? [`${table}_locked`, `${table}_locked_truncate`]
      : ['insert', 'update', 'delete'].map((op) => `${table}_locked_${op}`);
    for (const name of names)
      await sql.raw(pg ? `DROP TRIGGER IF EXISTS ${name} ON ${table}` : `DROP TRIGGER IF EXISTS ${name}`).execute(db);
  }
  for (const table of [
    'audit_heads',
    'audit_log',
    'plan_acknowledgements',
    'inquiry_messages',
    'inquiries',
    'adjustments',
    'period_approvals',
    'period_locks',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  if (pg) {
    for (const fn of ['kvota_guard_locked_period', 'kvota_guard_truncate_locked', 'kvota_reject_change']) {
      await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
    }
  }
}
