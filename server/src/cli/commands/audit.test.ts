import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../../../test/helpers/databases';
import { appendAudit } from '../../audit/chain';
import type { CommandIO } from '../command';
import { main } from '../main';

function capture(): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}

forEachDatabase('kvota audit verify', (open) => {
  let store: TestDatabase;
  let args: string[];
  const ids: string[] = [];

  beforeAll(async () => {
    store = await open({ file: true });
    args = ['--database', store.dialect === 'sqlite' ? `sqlite:${store.url}` : store.url];
    if (store.options.schema) args.push('--schema', store.options.schema);
    for (const amount of ['100.00', '200.00', '300.00']) {
      const e = await store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          portalId: 'p1',
          actorId: 'a',
          entity: 'settings',
          entityId: 'p1',
          action: 'update',
          before: null,
          after: { amount },
        }),
      );
      ids.push(e.id);
    }
  });
  afterAll(() => store.close());

  it('has a real --help', async () => {
    const io = capture();
    expect(await main(['audit', '--help'], io)).toBe(0);
    expect(io.out).toMatch(/kvota audit verify/);
    expect(io.out).toMatch(/--database URL/);
  });

  it('exits 0 on an intact log and 2 on usage errors', async () => {
    const ok = capture();
    expect(await main(['audit', 'verify', ...args], ok)).toBe(0);
    expect(ok.out).toMatch(/portal p1: ok, 3 entries/);
    const bad = capture();
    expect(await main(['audit', 'verify', '--nope'], bad)).toBe(2);
    expect(await main(['audit', 'check'], capture())).toBe(2);
  });

  it('exits 1 naming the broken entry after tampering', async () => {
    if (store.dialect === 'postgres') await sql.raw('DROP TRIGGER audit_log_no_change ON audit_log').execute(store.db);
    else await sql.raw('DROP TRIGGER audit_log_no_update').execute(store.db);
    await sql.raw(`UPDATE audit_log SET actor_id = 'mallory' WHERE id = '${ids[1]}'`).execute(store.db);
    const io = capture();
    expect(await main(['audit', 'verify', ...args, '--portal', 'p1'], io)).toBe(1);
    expect(io.out).toContain(`TAMPERED at entry ${ids[1]}`);
    expect(io.err).toContain(ids[1]);
  });
});
