/**
 * Run a suite on both stores. Each opened database is fresh and migrated: SQLite in memory (or a temp file when a
 * child process must share it), PostgreSQL in a unique schema that is dropped on close, so suites running in parallel
 * against the same server never see each other's rows.
 *
 *   forEachDatabase('deal repository', (open) => {
 *     let store: Database;
 *     beforeAll(async () => { store = await open(); });
 *     afterAll(() => store.close());
 *     it('…', async () => { … store.db … });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { type Database, type Dialect, migrateToLatest, openDatabase } from '../../server/src/db/database';

export const testPgUrl = process.env.KVOTA_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** What to pass to openDatabase (plus `options`) to reach the same store from another process. */
  url: string;
  options: { schema?: string };
}

/** A fresh, migrated store. `file: true` puts SQLite in a temp file instead of memory (for child processes). */
export async function openTestDatabase(dialect: Dialect, opts: { file?: boolean } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = opts.file ? mkdtempSync(join(tmpdir(), 'kvota-test-')) : null;
    const url = dir ? join(dir, 'kvota.sqlite') : ':memory:';
    const store = openDatabase(url);
    await migrateToLatest(store.db);
    return {
      ...store,
      url,
      options: {},
      close: async () => {
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const store = openDatabase(testPgUrl, { schema, poolSize: 4 });
  await migrateToLatest(store.db, { schema });
  return {
    ...store,
    url: testPgUrl,
    options: { schema },
    close: async () => {
      await store.close();
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const dialects: Dialect[] = ['sqlite', 'postgres'];

/** Declares `title` once per store: "sqlite: title" and "postgres: title". */
export function forEachDatabase(
  title: string,
  body: (open: (opts?: { file?: boolean }) => Promise<TestDatabase>, dialect: Dialect) => void,
): void {
  for (const dialect of dialects) {
    describe(`${dialect}: ${title}`, () => body((opts) => openTestDatabase(dialect, opts), dialect));
  }
}
