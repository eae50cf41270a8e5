/**
 * The database schema as Kysely sees it: one interface per area, each in its own file beside its migration.
 * Columns use portable types only (text, integer/bigint, real is never used for money: amounts are decimal strings
 * or integer minor units), so SQLite and PostgreSQL hold identical data.
 */
import type { AppTables } from './app.tables';
import type { CloseTables } from './close.tables';
import type { CrmTables } from './crm.tables';

export interface DB extends CrmTables, AppTables, CloseTables {}
