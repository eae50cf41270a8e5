import { describe, expect, it } from 'vitest';
import type { Rule } from '../plan/types';
import { deal, plan, quota, rep, statementOf } from '../testing/fixtures';
import { computeStatements } from './compute';

const flat: Rule = { id: 'f', type: 'flat', rate: '0.1' };

describe('crediting', () => {
  it('converts foreign deals at the rate in effect on the won date: 1 000 USD × 80,2567 = 80 256,70 ₽', () => {
    const s = statementOf({
      plans: [plan([flat])],
      deals: [deal('u', 'r1', '1000', '2026-11-10T12:00:00+03:00', { currency: 'USD' })],
      fxRates: [
        { currency: 'USD', date: '2026-11-01', rate: '80.2567' },
        { currency: 'USD', date: '2026-11-11', rate: '99' },
      ],
    });
    expect(s.credit.amount).toBe('80256.70');
    expect(s.deals[0]!.amount).toEqual({ amount: '1000.00', currency: 'USD' });
  });
  it('a deal without a rate is not credited, and the result says so', () => {
    const r = computeStatements({
      plans: [plan([flat])],
      reps: [rep('r1')],
      deals: [deal('u', 'r1', '1000', undefined, { currency: 'EUR' })],
      periods: ['2026-11'],
    });
    expect(r.statements[0]!.credit.amount).toBe('0.00');
    expect(r.warnings[0]).toMatch(/EUR/);
  });
  it('counts only the plan’s pipelines and won stages', () => {
    const s = statementOf({
      plans: [plan([flat], { crediting: { pipelines: ['0'], stages: ['WON'] } })],
      deals: [
        deal('a', 'r1', '100'),
        deal('b', 'r1', '200', undefined, { pipelineId: '9' }),
        deal('c', 'r1', '400', undefined, { stageId: 'C1:WON' }),
        deal('d', 'r1', '800', undefined, { status: 'open' }),
      ],
    });
    expect(s.deals.map((d) => d.dealId)).toEqual(['a']);
    expect(s.wonCount).toBe(1);
  });
  it('credit date = won date in the plan time zone', () => {
    const d = deal('a', 'r1', '100', '2026-11-30T21:00:00Z'); // Dec 1, 00:00 in Moscow
    expect(statementOf({ plans: [plan([flat])], deals: [d] }, 'r1', '2026-12').credit.amount).toBe('100.00');
    expect(statementOf({ plans: [plan([flat], { timeZone: 'UTC' })], deals: [d] }).credit.amount).toBe('100.00');
  });
  it('splits credit 60/40 conserving the kopeck and lists the share', () => {
    const r = computeStatements({
      plans: [plan([flat])],
      reps: [rep('r1'), rep('r2')],
      deals: [
        deal('a', 'r1', '700000.01', undefined, {
          splits: [
            { repId: 'r1', share: '0.6' },
            { repId: 'r2', share: '0.4' },
          ],
        }),
      ],
      periods: ['2026-11'],
    });
    expect(r.statements.map((s) => [s.repId, s.credit.amount, s.deals[0]!.share])).toEqual([
      ['r1', '420000.01', '0.6'],
      ['r2', '280000.00', '0.4'],
    ]);
  });
  it('rolls credit up to every department above, a rep in two sibling teams counted once', () => {
    const r = computeStatements({
      plans: [plan([flat])],
      reps: [rep('r1', { departmentIds: ['a', 'b'] }), rep('r2', { departmentIds: ['b'] })],
      departments: [
        { id: 'root', parentId: null, headId: null },
        { id: 'a', parentId: 'root', headId: null },
        { id: 'b', parentId: 'root', headId: null },
      ],
      deals: [
        deal('x', 'r1', '100', undefined, {
          splits: [
            { repId: 'r1', share: '0.5' },
            { repId: 'r2', share: '0.5' },
          ],
        }),
        deal('y', 'r2', '1000'),
      ],
      quotas: [quota('r1', '500'), quota('r2', '1500')],
      periods: ['2026-11'],
    });
    const team = Object.fromEntries(
      r.teams.map((t) => [t.departmentId, [t.credit.amount, t.wonCount, t.quota?.amount]]),
    );
    expect(team).toEqual({
      root: ['1100.00', 2, '2000.00'],
      a: ['50.00', 1, '500.00'],
      b: ['1100.00', 2, '2000.00'],
    });
  });
});

describe('quotas', () => {
  it('prorates by hire date: hired 16 Nov → 15 of 30 days → 500 000 of 1 000 000', () => {
    const s = statementOf({
      plans: [plan([flat])],
      reps: [rep('r1', { hiredAt: '2026-11-16' })],
      deals: [],
      quotas: [quota('r1', '1000000')],
    });
    expect(s.quota?.amount).toBe('500000.00');
  });
  it('prorates by leave date (last working day inclusive): left 10 Nov → 10/30', () => {
    const s = statementOf({
      plans: [plan([flat])],
      reps: [rep('r1', { leftAt: '2026-11-10' })],
      deals: [],
      quotas: [quota('r1', '900000', '2026-11', 9)],
    });
    expect(s.quota?.amount).toBe('300000.00');
    expect(s.quotaCount).toBe(3);
  });
  it('ramps new hires: 50 % in the hire month, 75 % the next, then 100 %', () => {
    const p = plan([flat], { ramp: ['0.5', '0.75'], prorate: false });
    const reps = [rep('r1', { hiredAt: '2026-10-20' })];
    const quotas = ['2026-10', '2026-11', '2026-12'].map((m) => quota('r1', '100000', m));
    const q = (m: string) => statementOf({ plans: [p], reps, deals: [], quotas, periods: [m] }, 'r1', m).quota?.amount;
    expect([q('2026-10'), q('2026-11'), q('2026-12')]).toEqual(['50000.00', '75000.00', '100000.00']);
  });
  it('a fixed quota is taken as it is', () => {
    const s = statementOf({
      plans: [plan([flat], { ramp: ['0.5'] })],
      reps: [rep('r1', { hiredAt: '2026-11-16' })],
      deals: [],
      quotas: [{ repId: 'r1', period: '2026-11', amount: '1000', fixed: true }],
    });
    expect(s.quota?.amount).toBe('1000.00');
  });
  it('attainment and YTD attainment', () => {
    const s = statementOf({
      plans: [plan([flat])],
      deals: [deal('a', 'r1', '70000', '2026-10-10T12:00:00+03:00'), deal('b', 'r1', '87500')],
      quotas: [quota('r1', '100000', '2026-10'), quota('r1', '100000')],
    });
    expect(s.attainment).toBe('0.875');
    expect(s.ytdCredit.amount).toBe('157500.00');
    expect(s.ytdAttainment).toBe('0.7875');
  });
});

describe('plan versions', () => {
  it('each period uses the version in effect on its first day', () => {
    const v1 = plan([{ id: 'f', type: 'flat', rate: '0.05' }], { effectiveTo: '2026-11-01' });
    const v2 = plan([{ id: 'f', type: 'flat', rate: '0.07' }], { version: 2, effectiveFrom: '2026-11-01' });
    const deals = [deal('a', 'r1', '1000', '2026-10-10T12:00:00+03:00'), deal('b', 'r1', '1000')];
    const oct = statementOf({ plans: [v1, v2], deals }, 'r1', '2026-10');
    const nov = statementOf({ plans: [v2, v1], deals }, 'r1', '2026-11');
    expect([oct.planVersion, oct.total.amount]).toEqual([1, '50.00']);
    expect([nov.planVersion, nov.total.amount]).toEqual([2, '70.00']);
  });
  it('assignees limit who is on the plan', () => {
    const r = computeStatements({
      plans: [plan([flat], { assignees: { repIds: ['r2'] } })],
      reps: [rep('r1'), rep('r2')],
      deals: [],
      periods: ['2026-11'],
    });
    expect(r.statements.map((s) => s.repId)).toEqual(['r2']);
  });
});

describe('requested periods', () => {
  it('a month computed alone equals the same month computed with the whole year', () => {
    const input = {
      plans: [
        plan([
          {
            id: 't',
            type: 'tiered',
            basis: 'attainment',
            method: 'marginal',
            tiers: [
              { from: '0', to: '1', rate: '0.05' },
              { from: '1', to: null, rate: '0.1' },
            ],
          } as Rule,
        ]),
      ],
      reps: [rep('r1')],
      deals: [deal('a', 'r1', '70000', '2026-03-10T12:00:00+03:00'), deal('b', 'r1', '120000')],
      quotas: [quota('r1', '100000', '2026-03'), quota('r1', '100000')],
      adjustments: [
        { id: 'x', repId: 'r1', period: '2026-03', amount: '10', reason: 'march' },
        { id: 'y', repId: 'r1', period: '2026-11', amount: '20', reason: 'november' },
      ],
    };
    const alone = computeStatements({ ...input, periods: ['2026-11'] }).statements;
    const year = computeStatements({ ...input, periods: ['2026-03', '2026-11'] }).statements;
    expect(alone).toEqual(year.filter((s) => s.period === '2026-11'));
    expect(alone[0]!.ytdCredit.amount).toBe('190000.00');
    expect(alone[0]!.lines.map((l) => l.amount.amount)).toEqual(['5000.00', '2000.00', '20.00']);
  });
});
