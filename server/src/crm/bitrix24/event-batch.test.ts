import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, openTestDatabase, type TestDatabase } from '../../../../test/helpers/databases';
import { DirtyMarkBatcher } from '../../db/crm/dirty-batch';
import { countDirty, peekDirty } from '../../db/crm/sync-state';
import type { Bitrix24Port } from './port';
import { bitrix24Routes } from './routes';

/** Deal events are group-committed: many concurrent webhooks, one transaction, and no 200 before the commit. */

const portalId = 'b24:grouptest';
const port = {
  verifyEvent: async ({ token }: { memberId: string; token: string }) => (token === 'app-token' ? portalId : null),
} as unknown as Bitrix24Port;

function routes(store: TestDatabase, dirtyMarks: DirtyMarkBatcher) {
  return bitrix24Routes({
    db: store.db,
    port,
    oauth: { clientId: 'c', clientSecret: 's' },
    publicUrl: 'http://127.0.0.1',
    mountPath: '/b24',
    appPageUrl: 'http://127.0.0.1/app',
    dealTabUrl: 'http://127.0.0.1/tab',
    dirtyMarks,
  });
}

function dealEvent(app: ReturnType<typeof bitrix24Routes>, id: string, event = 'ONCRMDEALUPDATE') {
  return app.request('/event', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      event,
      'data[FIELDS][ID]': id,
      'auth[member_id]': 'grouptest',
      'auth[application_token]': 'app-token',
    }),
  });
}

forEachDatabase('deal events are group-committed', (open) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('marks every one of many concurrent events durably, in one batch', async () => {
    // The batch flushes only when all 300 marks are pending: every request waits for that one transaction.
    const app = routes(store, new DirtyMarkBatcher(store.db, { maxRows: 300, delayMs: 60_000 }));
    const ids = Array.from({ length: 300 }, (_, i) => String(1000 + i));
    const answers = await Promise.all(ids.map((id) => dealEvent(app, id)));
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await countDirty(store.db, portalId)).toBe(300);
    const marked = await peekDirty(store.db, portalId, 1000);
    expect(new Set(marked.map((d) => d.dealId))).toEqual(new Set(ids));
    expect(new Set(marked.map((d) => d.markedAt)).size).toBe(300); // each mark has its own stamp
  });

  it('keeps one entry per deal, the latest event, when a batch holds the same deal twice', async () => {
    const app = routes(store, new DirtyMarkBatcher(store.db, { maxRows: 3, delayMs: 60_000 }));
    const answers = await Promise.all([
      dealEvent(app, '7', 'ONCRMDEALADD'),
      dealEvent(app, '8', 'ONCRMDEALADD'),
      dealEvent(app, '7', 'ONCRMDEALDELETE'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const marked = await peekDirty(store.db, portalId, 1000);
    expect(marked.filter((d) => d.dealId === '7').map((d) => d.reason)).toEqual(['delete']);
    expect(marked.filter((d) => d.dealId === '8').map((d) => d.reason)).toEqual(['add']);
  });
});

describe('a failed group commit', () => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await openTestDatabase('sqlite');
  });
  afterAll(() => store.close());

  it('answers an error, never 200, to every request in the batch', async () => {
    await sql`DROP TABLE sync_dirty_deals`.execute(store.db); // every flush now fails
    const app = routes(store, new DirtyMarkBatcher(store.db, { maxRows: 25, delayMs: 60_000 }));
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => dealEvent(app, String(i + 1))));
    for (const r of answers) expect(r.status).toBe(503);
  });
});
