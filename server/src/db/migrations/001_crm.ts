import type { Kysely } from 'kysely';

/** CRM area: portals, synced CRM data, sync bookkeeping. Portable column types only (see crm.tables.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('crm', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('application_token', 'text')
    .addColumn('access_token', 'text')
    .addColumn('refresh_token', 'text')
    .addColumn('token_expires_at', 'bigint')
    .addColumn('client_endpoint', 'text')
    .addColumn('server_endpoint', 'text')
    .addColumn('scope', 'text')
    .addColumn('installed_by', 'text')
    .addColumn('installed_at', 'text', (c) => c.notNull())
    .addColumn('uninstalled_at', 'text')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('portals_crm_member', ['crm', 'member_id'])
    .execute();

  await db.schema
    .createTable('crm_users')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('hired_at', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('department_ids', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_users_pk', ['portal_id', 'id'])
    .execute();

  await db.schema
    .createTable('crm_departments')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('head_id', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_departments_pk', ['portal_id', 'id'])
    .execute();

  await db.schema
    .createTable('crm_pipelines')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_pipelines_pk', ['portal_id', 'id'])
    .execute();

  await db.schema
    .createTable('crm_stages')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('semantic', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_stages_pk', ['portal_id', 'id'])
    .execute();

  await db.schema
    .createTable('crm_currencies')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('is_base', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_currencies_pk', ['portal_id', 'code'])
    .execute();

  await db.schema
    .createTable('crm_deals')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('won_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text')
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_deals_pk', ['portal_id', 'id'])
    .execute();
  await db.schema
    .createIndex('crm_deals_owner_won')
    .on('crm_deals')
    .columns(['portal_id', 'owner_id', 'won_at'])
    .execute();
  await db.schema.createIndex('crm_deals_modified').on('crm_deals').columns(['portal_id', 'modified_at']).execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_state_pk', ['portal_id', 'job'])
    .execute();

  await db.schema
    .createTable('sync_dirty_deals')
    .addColumn('portal_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_dirty_deals_pk', ['portal_id', 'deal_id'])
    .execute();

  await db.schema
    .createTable('sync_leases')
    .addColumn('portal_id', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'sync_leases',
    'sync_dirty_deals',
    'sync_state',
    'crm_deals',
    'crm_currencies',
    'crm_stages',
    'crm_pipelines',
    'crm_departments',
    'crm_users',
    'portals',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
