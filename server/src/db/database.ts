import SQLite from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** PostgreSQL only: the schema every connection works in (search_path). */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

// PostgreSQL returns int8 (bigint columns, COUNT) as strings; every value we store fits in 2^53, so read numbers,
// identical to what SQLite gives back.
pg.types.setTypeParser(20, (v) => Number(v));

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`invalid schema name: ${name}`);
  return name;
}

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the store named by a URL: `postgres://…` for PostgreSQL, otherwise a SQLite file path (or `:memory:`),
 * optionally written as `sqlite:path`. SQLite runs in WAL mode so readers never block the syncing writer.
 */
export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // One schema per tenant of the server (tests use one per suite); the schema must exist.
      ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver prepares every query afresh; compiling SQL was a large share of a cached read's or an
 * event's database time. Statements are reused by their SQL text (SQLite re-prepares them itself after a schema
 * change). Bounded: the oldest statement is dropped first. Safe because the driver runs each statement to
 * completion synchronously (no statement is shared mid-iteration; nothing here streams from SQLite).
 */
function withStatementCache(sqlite: SQLite.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

const provider: MigrationProvider = {
  getMigrations: async () => migrations as Record<string, Migration>,
};

/** Brings the schema to the newest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>, options: { schema?: string } = {}): Promise<void> {
  // With a schema, Kysely must look for its bookkeeping tables there: otherwise it may find another schema's
  // kysely_migration table (parallel test suites) and skip creating ours.
  const { error, results } = await new Migrator({
    db,
    provider,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
