import type { Kysely } from 'kysely';

/**
 * 004_payroll_numbers: the 1C табельный номер of each CRM user, so payroll exports match employees in 1C:ЗУП by the
 * number it knows instead of a CRM id. One number per user and, within a portal, one user per number.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payroll_numbers')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('personnel_number', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('payroll_numbers_pk', ['portal_id', 'user_id'])
    .addUniqueConstraint('payroll_numbers_number', ['portal_id', 'personnel_number'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payroll_numbers').ifExists().execute();
}
