import { describe, expect, it } from 'vitest';
import type { Rule } from '../plan/types';
import { computeStatements } from '../statement/compute';
import { deal, lines, plan, quota, rep, statementOf } from '../testing/fixtures';
import { kpiCoefficient } from './kpi';

describe('step bonus', () => {
  const rule: Rule = {
    id: 's',
    type: 'step_bonus',
    steps: [
      { atLeast: '0.8', amount: '10000' },
      { atLeast: '1', amount: '25000' },
      { atLeast: '1.2', amount: '50000' },
    ],
  };
  const at = (amount: string) =>
    statementOf({ plans: [plan([rule])], deals: [deal('d', 'r1', amount)], quotas: [quota('r1', '100000')] });
  it('pays the highest step reached, not the sum: exactly 100 % → 25 000', () => {
    expect(lines(at('100000'))).toEqual([['bonus', '25000.00']]);
  });
  it('just below the first step pays 0', () => {
    expect(at('79999.99').total.amount).toBe('0.00');
  });
});

describe('SPIFF', () => {
  const rule: Rule = {
    id: 'sp',
    type: 'spiff',
    amountPerDeal: '5000',
    from: '2026-11-01',
    to: '2026-11-30',
    when: { field: { name: 'newClient', equals: ['Y'] } },
  };
  it('5 000 per qualifying deal, × share for split deals, one line per deal', () => {
    const s = statementOf({
      plans: [plan([rule])],
      reps: [rep('r1'), rep('r2')],
      deals: [
        deal('a', 'r1', '100', '2026-11-05T10:00:00+03:00', { custom: { newClient: 'Y' } }),
        deal('b', 'r1', '100', '2026-11-06T10:00:00+03:00', { custom: { newClient: 'N' } }),
        deal('c', 'r1', '100', '2026-11-30T23:59:00+03:00', {
          custom: { newClient: 'Y' },
          splits: [
            { repId: 'r1', share: '0.5' },
            { repId: 'r2', share: '0.5' },
          ],
        }),
      ],
    });
    expect(s.lines.map((l) => [l.dealId, l.amount.amount])).toEqual([
      ['a', '5000.00'],
      ['c', '2500.00'],
    ]);
  });
  it('outside the dates: nothing', () => {
    const s = statementOf({
      plans: [plan([{ ...rule, from: '2026-11-10' } as Rule])],
      deals: [deal('a', 'r1', '100', '2026-11-09T23:59:00+03:00', { custom: { newClient: 'Y' } })],
    });
    expect(s.lines).toEqual([]);
  });
  it('by pipeline and minimum amount', () => {
    const r: Rule = { id: 'sp', type: 'spiff', amountPerDeal: '1000', when: { pipelines: ['2'], minAmount: '50000' } };
    const s = statementOf({
      plans: [plan([r])],
      deals: [
        deal('a', 'r1', '50000', undefined, { pipelineId: '2' }),
        deal('b', 'r1', '49999.99', undefined, { pipelineId: '2' }),
        deal('c', 'r1', '90000'),
      ],
    });
    expect(s.lines.map((l) => l.dealId)).toEqual(['a']);
  });
});

describe('Russian KPI coefficient table', () => {
  const rule: Rule = {
    id: 'k',
    type: 'kpi',
    targetBonus: '30000',
    mode: 'table',
    gate: '0.7',
    cap: '1.5',
    table: [
      { from: '0', to: '0.7', k: '0' },
      { from: '0.7', to: '1', k: '0.5' },
      { from: '1', to: '1.2', k: '1' },
      { from: '1.2', to: null, k: '2' },
    ],
  };
  const at = (amount: string) =>
    statementOf({ plans: [plan([rule])], deals: [deal('d', 'r1', amount)], quotas: [quota('r1', '100000')] });
  it('below the gate: K = 0', () => expect(at('69999.99').total.amount).toBe('0.00'));
  it('exactly at the gate 70 %: K = 0,5 → 15 000', () => expect(lines(at('70000'))).toEqual([['kpi', '15000.00']]));
  it('the table says 2 at 130 % but the cap is 1,5 → 45 000', () => expect(at('130000').total.amount).toBe('45000.00'));
  it('linear mode: K = attainment, 123,4 % → 37 020; capped at 1,5', () => {
    const linear = { ...rule, mode: 'linear', table: undefined } as Extract<Rule, { type: 'kpi' }>;
    expect(kpiCoefficient(linear, { n: 1234n, d: 1000n })).toEqual({ n: 1234n, d: 1000n });
    const s = statementOf({
      plans: [plan([linear])],
      deals: [deal('d', 'r1', '123400')],
      quotas: [quota('r1', '100000')],
    });
    expect(s.total.amount).toBe('37020.00');
    const capped = statementOf({
      plans: [plan([linear])],
      deals: [deal('d', 'r1', '200000')],
      quotas: [quota('r1', '100000')],
    });
    expect(capped.total.amount).toBe('45000.00');
  });
});

describe('manager override', () => {
  it('1 % of the team credit without the head’s own deals: 1 % × 150 000 = 1 500', () => {
    const reps = [
      rep('boss', { departmentIds: ['d'] }),
      rep('r1', { departmentIds: ['d'] }),
      rep('r2', { departmentIds: ['sub'] }),
    ];
    const result = computeStatements({
      plans: [plan([{ id: 'o', type: 'override', rate: '0.01' }])],
      reps,
      departments: [
        { id: 'd', parentId: null, headId: 'boss' },
        { id: 'sub', parentId: 'd', headId: null },
      ],
      deals: [deal('a', 'r1', '100000'), deal('b', 'r2', '50000'), deal('c', 'boss', '30000')],
      periods: ['2026-11'],
    });
    const boss = result.statements.find((s) => s.repId === 'boss')!;
    expect(lines(boss)).toEqual([['override', '1500.00']]);
    expect(result.statements.find((s) => s.repId === 'r1')!.lines).toEqual([]);
    expect(result.teams.find((t) => t.departmentId === 'd')!.credit.amount).toBe('180000.00');
    expect(result.teams.find((t) => t.departmentId === 'sub')!.credit.amount).toBe('50000.00');
  });
});
