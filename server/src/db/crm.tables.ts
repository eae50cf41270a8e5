import type { ColumnType, Generated } from 'kysely';

/**
 * Tables of the CRM area (migration 001_crm): installed portals, the CRM data synced from them, and the sync's own
 * bookkeeping. Every table is keyed by portal_id, and every repository query filters on it, so no query can read
 * another portal's rows. Portable types only: booleans are 0/1 integers, times are ISO-8601 text (or epoch integers
 * where they are compared as numbers), money is exact decimal text.
 */

/** 0/1 flag; SQLite has no boolean type and PostgreSQL must hold identical data. */
type Flag = number;

export interface PortalsTable {
  id: string;
  crm: 'bitrix24' | 'amocrm';
  domain: string;
  member_id: string;
  /** Proof of origin for events (Bitrix24 application_token); null until ONAPPINSTALL delivers it. */
  application_token: string | null;
  access_token: string | null;
  refresh_token: string | null;
  /** Access token expiry, epoch seconds. */
  token_expires_at: number | null;
  client_endpoint: string | null;
  server_endpoint: string | null;
  scope: string | null;
  installed_by: string | null;
  installed_at: string;
  uninstalled_at: string | null;
  /** JSON: install details (placements bound, language, plan/limits the portal reported). */
  settings: string;
  /** Bumped on every token write; refresh is compare-and-set on it so concurrent workers never lose a rotation. */
  token_version: Generated<number>;
}

export interface CrmUsersTable {
  portal_id: string;
  id: string;
  name: string;
  email: string | null;
  active: Flag;
  hired_at: string | null;
  is_admin: Flag;
  /** JSON array of department ids. */
  department_ids: string;
  synced_at: string;
}

export interface CrmDepartmentsTable {
  portal_id: string;
  id: string;
  name: string;
  parent_id: string | null;
  head_id: string | null;
  sort: number;
}

export interface CrmPipelinesTable {
  portal_id: string;
  id: string;
  name: string;
  sort: number;
  is_default: Flag;
}

export interface CrmStagesTable {
  portal_id: string;
  id: string;
  pipeline_id: string;
  name: string;
  sort: number;
  semantic: 'open' | 'won' | 'lost';
}

export interface CrmCurrenciesTable {
  portal_id: string;
  code: string;
  /** Base-currency units per one unit, exact decimal text. */
  rate: string;
  is_base: Flag;
}

export interface CrmDealsTable {
  portal_id: string;
  id: string;
  title: string;
  owner_id: string | null;
  /** Exact decimal text, never REAL. */
  amount: string;
  currency: string;
  pipeline_id: string;
  stage_id: string;
  status: 'open' | 'won' | 'lost';
  won_at: string | null;
  closed_at: string | null;
  created_at: string | null;
  modified_at: string;
  /** SHA-256 of the deal's canonical fields (dealHash), for reconciliation and the fault test. */
  hash: string;
  deleted: Flag;
  synced_at: string;
}

export interface SyncStateTable {
  portal_id: string;
  job: string;
  /** JSON, owned by the job (CRM cursor, watermarks, phase). */
  cursor: string;
  updated_at: string;
}

export interface SyncDirtyDealsTable {
  portal_id: string;
  deal_id: string;
  /** What marked it: 'add' | 'update' | 'delete' | 'reconcile'. */
  reason: string;
  marked_at: string;
}

export interface SyncLeasesTable {
  portal_id: string;
  holder: string;
  /** Epoch milliseconds. */
  expires_at: ColumnType<number, number, number>;
}

export interface CrmTables {
  portals: PortalsTable;
  crm_users: CrmUsersTable;
  crm_departments: CrmDepartmentsTable;
  crm_pipelines: CrmPipelinesTable;
  crm_stages: CrmStagesTable;
  crm_currencies: CrmCurrenciesTable;
  crm_deals: CrmDealsTable;
  sync_state: SyncStateTable;
  sync_dirty_deals: SyncDirtyDealsTable;
  sync_leases: SyncLeasesTable;
}
