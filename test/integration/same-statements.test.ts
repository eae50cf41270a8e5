/**
 * The embedded default and the large-install store must agree to the kopeck: the same portal synced into SQLite and
 * into PostgreSQL gives byte-identical statements and leaderboards over the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { type Stack, sessionAs, startStack } from './stack';

describe('SQLite and PostgreSQL produce identical statements', () => {
  const stores: TestDatabase[] = [];
  const stacks: Stack[] = [];

  beforeAll(async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const store = await openTestDatabase(dialect);
      stores.push(store);
      stacks.push(await startStack(store));
    }
  }, 180_000);
  afterAll(async () => {
    for (const s of stacks) await s.close();
    for (const s of stores) await s.close();
  });

  /** Everything an admin of portal A can read about pay for the current period, in one canonical JSON text. */
  async function payoutPicture(stack: Stack): Promise<string> {
    const admin = await sessionAs(stack, stack.a, stack.a.admin);
    const period = (await admin.get('/api/me/summary')).body.period as string;
    const board = await admin.get(`/api/leaderboard?period=${period}&metric=commission`);
    expect(board.status).toBe(200);
    const statements = [];
    for (const row of board.body.rows as { repId: string }[]) {
      const res = await admin.get(`/api/statements/${row.repId}?period=${period}`);
      expect(res.status).toBe(200);
      statements.push(res.body);
    }
    return JSON.stringify({ period, board: board.body, statements });
  }

  it('for every rep of the portal, line by line', async () => {
    const [sqlite, postgres] = [await payoutPicture(stacks[0]!), await payoutPicture(stacks[1]!)];
    const parsed = JSON.parse(sqlite) as { statements: { lines: unknown[]; total: { amount: string } }[] };
    expect(parsed.statements.length).toBeGreaterThan(5);
    expect(parsed.statements.some((s) => s.lines.length > 0 && s.total.amount !== '0.00')).toBe(true);
    expect(postgres).toBe(sqlite);
  });
});
