/**
 * The database schema as Kysely sees it: one interface per area, each in its own file beside its migration.
 * Columns use portable types only (text, integer/bigint, real is never used for money: amounts are decimal strings
 * or integer minor units), so SQLite and PostgreSQL hold identical data.
 */
// biome-ignore lint/suspicious/noEmptyInterface: areas are merged in as they are written
export interface DB {}
