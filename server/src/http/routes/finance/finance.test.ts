import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, NOW, seedPortals, startHarness } from '../../../../../test/helpers/admin-finance';
import { forEachDatabase, type TestDatabase } from '../../../../../test/helpers/databases';
import { verifyAuditChain } from '../../../audit/chain';

const PLAN = { period: 'month', rules: [{ id: 'base', name: 'Базовая ставка', type: 'flat', rate: '0.05' }] };

forEachDatabase('finance API (acknowledgement, inquiries, close, exports) over HTTP', (open) => {
  let store: TestDatabase;
  let h: Harness;
  let versionId: string;
  let inquiryId: string;

  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response JSON
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

  beforeAll(async () => {
    store = await open();
    await seedPortals(store);
    h = await startHarness(store);
    const created = await json(
      await h.call('a1', 'POST', '/api/admin/plans', {
        name: 'Положение 2026',
        effectiveFrom: '2026-01-01',
        definition: PLAN,
      }),
    );
    versionId = created.body.versions[0].id;
    await h.call('a1', 'POST', `/api/admin/plans/${created.body.id}/versions/${versionId}/publish`, {});
    await h.call('a1', 'PUT', `/api/admin/plans/${created.body.id}/assignments`, { departmentIds: ['d1'] });
    await h.putStatement('p1', 'r1', '2026-11', '15000.50', [{ id: 'L1' }, { id: 'L2' }]);
    await h.putStatement('p1', 'r2', '2026-11', '7000.00');
    await h.putStatement('p1', 'r3', '2026-11', '1234.56');
    await h.putStatement('p1', 'r4', '2026-11', '500.01');
    await h.putStatement('p1', 'm2', '2026-11', '0');
    await h.putStatement('p2', 'x2', '2026-11', '777.77');
  });
  afterAll(() => store.close());

  it('lets a rep acknowledge the plan assigned to them, once, with the time recorded', async () => {
    const mine = await json(await h.call('r3', 'GET', '/api/me/plan'));
    expect(mine.body.plan).toMatchObject({ versionId, planName: 'Положение 2026', version: 1 });
    expect(mine.body.acknowledgedAt).toBeNull();
    expect(mine.body.plan.summary).toEqual([
      'План «Положение 2026», версия 1; действует с 01.01.2026.',
      'Расчётный период: месяц; суммы в RUB, до НДФЛ.',
      'Базовая ставка: 5\u00a0% от выручки по выигранным сделкам.',
    ]);
    const en = await json(
      await h.call('r3', 'GET', '/api/me/plan', undefined, { 'accept-language': 'en-US,en;q=0.9' }),
    );
    expect(en.body.plan.summary[2]).toBe('Базовая ставка: 5% of won revenue.');
    const ack = await json(await h.call('r3', 'POST', '/api/me/plan/acknowledge', { versionId }));
    expect(ack).toEqual({ status: 200, body: { versionId, acknowledgedAt: NOW.toISOString() } });
    expect(
      (await json(await h.call('r3', 'POST', '/api/me/plan/acknowledge', { versionId }))).body.acknowledgedAt,
    ).toBe(NOW.toISOString());
    expect((await json(await h.call('r3', 'GET', '/api/me/plan'))).body.acknowledgedAt).toBe(NOW.toISOString());

    // r4 is in d3, not on the plan; x2 belongs to another portal.
    expect((await json(await h.call('r4', 'GET', '/api/me/plan'))).body).toEqual({ plan: null, acknowledgedAt: null });
    expect((await h.call('r4', 'POST', '/api/me/plan/acknowledge', { versionId })).status).toBe(403);
    expect((await h.call('x2', 'POST', '/api/me/plan/acknowledge', { versionId })).status).toBe(403);

    const team = await json(await h.call('m2', 'GET', `/api/acknowledgements?versionId=${versionId}`));
    expect(team.body.reps).toEqual([
      { repId: 'm2', repName: 'Московская Мария', acknowledgedAt: null },
      { repId: 'r3', repName: 'Сидоров Пётр', acknowledgedAt: NOW.toISOString() },
    ]);
    expect((await json(await h.call('m3', 'GET', `/api/acknowledgements?versionId=${versionId}`))).body.reps).toEqual(
      [],
    );
    expect((await h.call('r3', 'GET', `/api/acknowledgements?versionId=${versionId}`)).status).toBe(403);
  });

  it('runs an inquiry thread between a rep and their manager, with an adjustment that says where it came from', async () => {
    const missing = await h.call('r1', 'POST', '/api/inquiries', {
      period: '2026-11',
      kind: 'statement_line',
      lineId: 'L9',
      message: 'Где моя премия?',
    });
    expect(missing.status).toBe(400);
    const noLine = await h.call('r1', 'POST', '/api/inquiries', {
      period: '2026-11',
      kind: 'statement_line',
      message: 'x',
    });
    expect(noLine.status).toBe(400);

    const created = await json(
      await h.call('r1', 'POST', '/api/inquiries', {
        period: '2026-11',
        kind: 'statement_line',
        lineId: 'L2',
        message: 'Сделка 42 посчитана дважды',
      }),
    );
    expect(created.status).toBe(200);
    inquiryId = created.body.id;
    expect(created.body).toMatchObject({ repId: 'r1', status: 'open', lineId: 'L2' });

    // Nobody outside r1's line of management sees it — not even that it exists.
    for (const who of ['r2', 'm3', 'x1'] as const)
      expect((await h.call(who, 'GET', `/api/inquiries/${inquiryId}`)).status).toBe(404);
    expect((await json(await h.call('r2', 'GET', '/api/inquiries'))).body.inquiries).toEqual([]);
    expect((await json(await h.call('m1', 'GET', '/api/inquiries?status=open'))).body.inquiries).toHaveLength(1);

    const repAdjusts = await h.call('r1', 'POST', `/api/inquiries/${inquiryId}/messages`, {
      message: 'Сам поправлю',
      adjustment: { amount: '100000.00', reason: 'хочу' },
    });
    expect(repAdjusts.status).toBe(403);

    const answer = await json(
      await h.call('m1', 'POST', `/api/inquiries/${inquiryId}/messages`, {
        message: 'Да, дубль. Снимаю.',
        adjustment: { amount: '-750.25', reason: 'Дубль сделки 42' },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('answered');
    const adj = answer.body.messages[1].adjustment;
    expect(adj).toMatchObject({
      repId: 'r1',
      period: '2026-11',
      amount: { amount: '-750.25', currency: 'RUB' },
      sourceInquiryId: inquiryId,
      sourcePeriod: null,
      createdBy: 'm1',
    });
    expect(h.recomputes.at(-1)).toEqual({ portalId: 'p1', repIds: ['r1'], periods: ['2026-11'] });

    const thread = await json(await h.call('r1', 'GET', `/api/inquiries/${inquiryId}`));
    expect(thread.body.messages.map((m: { authorName: string; body: string }) => [m.authorName, m.body])).toEqual([
      ['Иванов Иван Иванович', 'Сделка 42 посчитана дважды'],
      ['Руководов Марк', 'Да, дубль. Снимаю.'],
    ]);
  });

  it('keeps adjustments to managers, never to one’s own pay or outside one’s team', async () => {
    const body = { repId: 'r2', period: '2026-11', amount: '1000', reason: 'бонус за выставку' };
    expect((await h.call('r1', 'POST', '/api/adjustments', body)).status).toBe(403);
    expect((await h.call('m3', 'POST', '/api/adjustments', body)).status).toBe(403);
    expect((await h.call('m1', 'POST', '/api/adjustments', { ...body, repId: 'm1' })).status).toBe(403);
    expect((await h.call('x1', 'POST', '/api/adjustments', body)).status).toBe(404);
    expect(await store.db.selectFrom('adjustments').select('id').where('portal_id', '=', 'p2').execute()).toEqual([]);
    const zero = await h.call('m1', 'POST', '/api/adjustments', { ...body, amount: '0.00' });
    expect(zero.status).toBe(400);
    const ok = await json(await h.call('m1', 'POST', '/api/adjustments', body));
    expect(ok.body).toMatchObject({ repId: 'r2', amount: { amount: '1000.00', currency: 'RUB' } });
    const list = await json(await h.call('m2', 'GET', '/api/adjustments?period=2026-11'));
    expect(list.body.adjustments).toEqual([]);
  });

  it('closes a period: managers approve their teams, the admin locks, changes since approval are caught', async () => {
    expect((await h.call('r1', 'POST', '/api/periods/2026-11/approve', {})).status).toBe(403);
    expect((await h.call('m1', 'POST', '/api/periods/2026-11/lock', {})).status).toBe(403);
    expect((await h.call('m1', 'POST', '/api/periods/2026-11/approve', { repIds: ['r4'] })).status).toBe(403);
    expect((await h.call('m1', 'POST', '/api/periods/2026-11/approve', { repIds: ['m1'] })).status).toBe(403);
    expect((await h.call('m1', 'POST', '/api/periods/2026-13/approve', {})).status).toBe(400);

    const approved = await json(await h.call('m1', 'POST', '/api/periods/2026-11/approve', {}));
    expect(approved.status).toBe(200);
    expect(approved.body.rows.map((r: { repId: string }) => r.repId).sort()).toEqual(['m2', 'r1', 'r2', 'r3']);
    expect(approved.body.pending).toBe(0);

    // The numbers move after approval (e.g. a late deal): the approval no longer covers them.
    await h.putStatement('p1', 'r2', '2026-11', '7100.00');
    const moved = await json(await h.call('m1', 'GET', '/api/periods/2026-11/close'));
    expect(moved.body.pending).toBe(1);
    expect(moved.body.rows.find((r: { repId: string }) => r.repId === 'r2').approvedTotal.amount).toBe('7000.00');

    const early = await json(await h.call('a1', 'POST', '/api/periods/2026-11/lock', {}));
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/2 statement/);

    await h.call('m1', 'POST', '/api/periods/2026-11/approve', { repIds: ['r2'] });
    await h.call('m3', 'POST', '/api/periods/2026-11/approve', {});
    const locked = await json(await h.call('a1', 'POST', '/api/periods/2026-11/lock', {}));
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ locked: true, lockedBy: 'a1', pending: 0, total: { amount: '23835.07' } });
    expect(h.published.at(-1)).toMatchObject({ type: 'statements_changed', periods: ['2026-11'] });
    expect((await h.call('a1', 'POST', '/api/periods/2026-11/lock', {})).status).toBe(409);
    const nothing = await json(await h.call('a1', 'POST', '/api/periods/2026-Q4/lock', {}));
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message).toMatch(/No statements/);
  });

  it('keeps the locked period’s numbers against the API and against raw SQL', async () => {
    const late = await json(
      await h.call('m1', 'POST', '/api/adjustments', { repId: 'r2', period: '2026-11', amount: '5', reason: 'поздно' }),
    );
    expect(late.status).toBe(423);
    expect(late.body.error.code).toBe('period_locked');
    expect((await h.call('m1', 'POST', '/api/periods/2026-11/approve', {})).status).toBe(423);
    await expect(
      sql.raw(`UPDATE statements SET total = '1000000.00' WHERE period = '2026-11'`).execute(store.db),
    ).rejects.toThrow(/period_locked/);
    await expect(sql.raw(`DELETE FROM period_locks`).execute(store.db)).rejects.toThrow(/period_locked/);
    await expect(sql.raw(`DELETE FROM adjustments WHERE period = '2026-11'`).execute(store.db)).rejects.toThrow(
      /period_locked/,
    );

    // A correction to the locked month lands in the current open month and names its source.
    const answer = await json(
      await h.call('m1', 'POST', `/api/inquiries/${inquiryId}/messages`, {
        message: 'Ещё одна правка — уже в декабре',
        adjustment: { amount: '250.00', reason: 'Возврат части' },
        resolve: true,
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('resolved');
    expect(answer.body.messages[2].adjustment).toMatchObject({
      period: '2026-12',
      sourcePeriod: '2026-11',
      sourceInquiryId: inquiryId,
    });
    const total = await store.db
      .selectFrom('statements')
      .select((eb) => eb.fn.count('rep_id').as('n'))
      .where('period', '=', '2026-11')
      .where('total', '=', '1000000.00')
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(0);
    expect((await verifyAuditChain(store.db, { portalId: 'p1' })).ok).toBe(true);
  });

  it('exports payouts for 1C as CSV: BOM, semicolons, CRLF, decimal comma, totals to the kopeck', async () => {
    expect((await h.call('m1', 'GET', '/api/periods/2026-11/export')).status).toBe(403);
    // 1C matches employees by табельный номер: one number per person, set by the admin.
    const dup = await h.call('a1', 'PUT', '/api/admin/payroll-numbers', {
      entries: [
        { repId: 'r1', personnelNumber: '0007' },
        { repId: 'r2', personnelNumber: '0007' },
      ],
    });
    expect(dup.status).toBe(400);
    expect(
      (await h.call('m1', 'PUT', '/api/admin/payroll-numbers', { entries: [{ repId: 'r1', personnelNumber: '1' }] }))
        .status,
    ).toBe(403);
    const numbers = await json(
      await h.call('a1', 'PUT', '/api/admin/payroll-numbers', {
        entries: [{ repId: 'r1', personnelNumber: '000123' }],
      }),
    );
    expect(numbers.body.rows.find((r: { repId: string }) => r.repId === 'r1').personnelNumber).toBe('000123');
    const res = await h.call('a1', 'GET', '/api/periods/2026-11/export?format=csv&totals=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('kvota-payouts-2026-11.csv');
    expect(res.headers.get('x-kvota-period-locked')).toBe('true');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'Табельный номер;ФИО;Вид начисления;Период;Дата начала;Дата окончания;Сумма (до НДФЛ);Валюта',
    );
    expect(lines.slice(1)).toEqual([
      '000123;Иванов Иван Иванович;Премия;2026-11;01.11.2026;30.11.2026;15000,50;RUB',
      'r4;Кузнецова Ольга;Премия;2026-11;01.11.2026;30.11.2026;500,01;RUB',
      'r2;Петрова Анна Сергеевна;Премия;2026-11;01.11.2026;30.11.2026;7100,00;RUB',
      'r3;Сидоров Пётр;Премия;2026-11;01.11.2026;30.11.2026;1234,56;RUB',
      ';Итого;;;;;23835,07;RUB',
    ]);
    const plain = Buffer.from(await (await h.call('a1', 'GET', '/api/periods/2026-11/export')).arrayBuffer()).toString(
      'utf8',
    );
    expect(plain).not.toContain('Итого');

    // Another portal's admin gets their own portal's payouts, never these.
    const other = Buffer.from(await (await h.call('x1', 'GET', '/api/periods/2026-11/export')).arrayBuffer()).toString(
      'utf8',
    );
    expect(other).toContain('x2;Чужой Продавец');
    expect(other).not.toContain('Иванов');
  });

  it('serves the same bytes through a real HTTP server on loopback', async () => {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: (req) => h.app.fetch(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const viaHttp = await fetch(`${base}/api/periods/2026-11/export?format=csv&totals=1`, { headers: h.as('a1') });
      const inProcess = await h.call('a1', 'GET', '/api/periods/2026-11/export?format=csv&totals=1');
      expect(viaHttp.status).toBe(200);
      expect(viaHttp.headers.get('content-disposition')).toBe('attachment; filename="kvota-payouts-2026-11.csv"');
      expect(Buffer.from(await viaHttp.arrayBuffer())).toEqual(Buffer.from(await inProcess.arrayBuffer()));
      const asRep = await fetch(`${base}/api/periods/2026-11/export`, { headers: h.as('r1') });
      expect(asRep.status).toBe(403);
      expect(((await asRep.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exports payouts as XLSX that reads back with the same amounts', async () => {
    const res = await h.call('a1', 'GET', '/api/periods/2026-11/export?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Начисления')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([
      'Табельный номер',
      'ФИО',
      'Вид начисления',
      'Период',
      'Дата начала',
      'Дата окончания',
      'Сумма (до НДФЛ)',
      'Валюта',
    ]);
    expect(rows[1]).toEqual([
      '000123',
      'Иванов Иван Иванович',
      'Премия',
      '2026-11',
      '01.11.2026',
      '30.11.2026',
      15000.5,
      'RUB',
    ]);
    const amounts = rows.slice(1, -1).map((r) => r[6] as number);
    expect(amounts).toEqual([15000.5, 500.01, 7100, 1234.56]);
    expect(rows.at(-1)?.[1]).toBe('Итого');
    expect(Number(rows.at(-1)?.[6]).toFixed(2)).toBe('23835.07');
    expect(sheet.getColumn(7).numFmt).toBe('#,##0.00');
  });
});
