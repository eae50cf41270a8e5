import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../server/src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'kvota-calc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kvota(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const EX = ['--plan', 'examples/plan.json', '--quotas', 'examples/quotas.json', '--period', '2026-11'];

describe('kvota calc', () => {
  it('prints statements for the documented examples (CSV deals, table)', async () => {
    const r = await kvota('calc', ...EX, '--deals', 'examples/deals.csv');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Анна Иванова (ivanova) · 2026-11');
    expect(r.out).toContain(
      'Ступень «Сверх плана» (1\u00a0000\u00a0000,00\u00a0₽ – 1\u00a0500\u00a0000,00\u00a0₽): 50\u00a0000,01\u00a0₽ × 0,08 = 4\u00a0000,00\u00a0₽',
    );
    expect(r.out).toContain('−20\u00a0000,00\u00a0₽  Возврат при отказе [D-1007]');
  });

  it('JSON and CSV deals give the same statements; lines add up to totals', async () => {
    const a = await kvota('calc', ...EX, '--deals', 'examples/deals.json', '--format', 'json', '--lang', 'en');
    const b = await kvota('calc', ...EX, '--deals', 'examples/deals.csv', '--format', 'json', '--lang', 'en');
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.out);
    const jb = JSON.parse(b.out);
    const strip = (s: { deals: { wonAt: string }[] }) => ({ ...s, deals: s.deals.map((d) => ({ ...d, wonAt: '' })) });
    expect(ja.statements.map(strip)).toEqual(jb.statements.map(strip));
    const totals = Object.fromEntries(
      ja.statements.map((s: { repId: string; total: { amount: string } }) => [s.repId, s.total.amount]),
    );
    expect(totals).toEqual({ sidorov: '40000.00', ivanova: '89000.00', petrov: '31562.50', smirnova: '65412.50' });
    for (const s of ja.statements) {
      const sum = s.lines.reduce(
        (x: number, l: { amount: { amount: string } }) => x + Math.round(Number(l.amount.amount) * 100),
        0,
      );
      expect(sum).toBe(Math.round(Number(s.total.amount) * 100));
    }
  });

  it('bad JSON: file, line and column, exit 1, no stack', async () => {
    const p = file('broken.json', '{\n  "id": "p",\n  "name": oops\n}');
    const r = await kvota('calc', '--plan', p, '--deals', 'examples/deals.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p} (строка 3, столбец 11): некорректный JSON`);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an invalid plan lists every problem with its path and what is allowed', async () => {
    const p = file(
      'plan.json',
      JSON.stringify({
        id: 'p',
        name: 'P',
        version: 1,
        effectiveFrom: '2026-01-01',
        currency: 'rub',
        period: 'month',
        rules: [
          { id: 'x', type: 'flat', rate: 5 },
          { id: 'y', type: 'magic' },
        ],
      }),
    );
    const r = await kvota('calc', '--plan', p, '--deals', 'examples/deals.json', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}: 3 problem(s):`);
    expect(r.err).toContain('$.currency: invalid value "rub"');
    expect(r.err).toContain('$.rules[0].rate: number 5 is not quoted');
    expect(r.err).toContain('$.rules[1].type: unknown rule type "magic"');
    expect(r.err).toContain('allowed: one of: "flat"');
  });

  it('CSV problems name the line and the column', async () => {
    const p = file(
      'deals.csv',
      'id,title,ownerId,amount,currency,pipelineId,stageId,status,wonAt\nA,t,r1,100.00,RUB,0,WON,won,2026-11-03T10:00:00+03:00\nB,t,r1,12.5.0,RUB,0,WON,won,2026-11-03T10:00:00+03:00\n',
    );
    const r = await kvota('calc', '--plan', 'examples/plan.json', '--deals', p, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3, column amount: invalid value "12.5.0"');
  });

  it('missing file, unknown flag, bad option values: one clear message', async () => {
    const missing = await kvota('calc', '--plan', 'nope.json', '--deals', 'examples/deals.json');
    expect([missing.code, missing.err]).toEqual([1, 'kvota calc: nope.json: файл не найден\n']);
    const flag = await kvota('calc', '--plan', 'examples/plan.json', '--deals', 'examples/deals.json', '--frobnicate');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('unknown option "--frobnicate"');
    const period = await kvota(
      'calc',
      '--plan',
      'examples/plan.json',
      '--deals',
      'examples/deals.json',
      '--period',
      '2026-13',
    );
    expect(period.err).toContain('--period "2026-13" is not a period');
    expect((await kvota('calc')).err).toContain('--plan FILE is required');
  });

  it('has a real --help', async () => {
    const r = await kvota('calc', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage:');
    expect(r.out).toContain('--deals FILE');
    expect(r.out).toContain('Exit status');
  });
});
