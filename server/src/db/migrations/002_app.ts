import type { Kysely } from 'kysely';

/** App area: settings, plans (versions, assignments), quotas, computed statements. See app.tables.ts. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('base_currency', 'text', (c) => c.notNull())
    .addColumn('fiscal_year_start', 'integer', (c) => c.notNull())
    .addColumn('won_date_rule', 'text', (c) => c.notNull())
    .addColumn('counted_pipeline_ids', 'text', (c) => c.notNull())
    .addColumn('counted_stage_ids', 'text', (c) => c.notNull())
    .addColumn('leaderboard_visibility', 'text', (c) => c.notNull())
    .addColumn('payroll_accrual_type', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('plans_portal').on('plans').column('portal_id').execute();

  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('published_at', 'text')
    .addUniqueConstraint('plan_versions_plan_version', ['plan_id', 'version'])
    .execute();
  await db.schema.createIndex('plan_versions_portal').on('plan_versions').columns(['portal_id', 'status']).execute();

  await db.schema
    .createTable('plan_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('rep_id', 'text')
    .addColumn('department_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_assignments_portal')
    .on('plan_assignments')
    .columns(['portal_id', 'plan_id'])
    .execute();

  await db.schema
    .createTable('quotas')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', 'text')
    .addColumn('count', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('quotas_pk', ['portal_id', 'scope', 'subject_id', 'period'])
    .execute();

  await db.schema
    .createTable('statements')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('plan_version_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('quota', 'text')
    .addColumn('quota_count', 'integer')
    .addColumn('credit', 'text', (c) => c.notNull())
    .addColumn('won_count', 'integer', (c) => c.notNull())
    .addColumn('attainment', 'text')
    .addColumn('total', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('statements_pk', ['portal_id', 'period', 'rep_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['statements', 'quotas', 'plan_assignments', 'plan_versions', 'plans', 'settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
