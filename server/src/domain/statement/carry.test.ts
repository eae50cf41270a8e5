import { describe, expect, it } from 'vitest';
import type { Rule } from '../plan/types';
import { deal, lines, plan, quota, rep, statementOf } from '../testing/fixtures';
import { computeStatements } from './compute';

const flat10: Rule = { id: 'f', type: 'flat', rate: '0.1' };

describe('draws', () => {
  const reps = [rep('r1', { hiredAt: '2026-10-01' })];
  const deals = [deal('a', 'r1', '100000', '2026-10-10T12:00:00+03:00'), deal('b', 'r1', '1000000')];
  const draw = (recoverable: boolean): Rule => ({ id: 'dr', type: 'draw', amountPerPeriod: '40000', recoverable });
  it('recoverable: October earns 10 000 → draw 30 000 owed; November earns 100 000 → recovers 30 000', () => {
    const input = { plans: [plan([flat10, draw(true)])], reps, deals };
    const oct = statementOf(input, 'r1', '2026-10');
    expect(lines(oct)).toEqual([
      ['commission', '10000.00'],
      ['draw', '30000.00'],
    ]);
    expect(oct.drawBalance.amount).toBe('30000.00');
    const nov = statementOf({ ...input, periods: ['2026-11'] }, 'r1', '2026-11');
    expect(lines(nov)).toEqual([
      ['commission', '100000.00'],
      ['draw_recovery', '-30000.00'],
    ]);
    expect(nov.total.amount).toBe('70000.00');
    expect(nov.drawBalance.amount).toBe('0.00');
  });
  it('non-recoverable: the top-up is never taken back', () => {
    const nov = statementOf({ plans: [plan([flat10, draw(false)])], reps, deals }, 'r1', '2026-11');
    expect(nov.total.amount).toBe('100000.00');
  });
  it('an opening balance comes from what was paid before', () => {
    const nov = statementOf({
      plans: [plan([flat10, draw(true)], { effectiveFrom: '2026-01-01' })],
      reps: [rep('r1', { hiredAt: '2026-11-01' })],
      deals: [deal('b', 'r1', '1000000')],
      paid: [{ repId: 'r1', period: '2025-12', paid: '40000', drawBalance: '12345.67' }],
    });
    expect(lines(nov)).toEqual([
      ['commission', '100000.00'],
      ['draw_recovery', '-12345.67'],
    ]);
  });
});

describe('clawbacks', () => {
  const claw = (withinDays: number): Rule => ({ id: 'cb', type: 'clawback', withinDays });
  const deals = [
    deal('a', 'r1', '100000', '2026-10-15T12:00:00+03:00', { status: 'lost', lostAt: '2026-11-05T12:00:00+03:00' }),
    deal('b', 'r1', '100000', '2026-10-20T12:00:00+03:00'),
  ];
  it('a deal paid in closed October and lost in November: −10 000 in November, October unchanged', () => {
    const input = { plans: [plan([flat10, claw(90)])], deals, closedPeriods: ['2026-10'] };
    const oct = statementOf(input, 'r1', '2026-10');
    expect(oct.status).toBe('locked');
    expect(oct.credit.amount).toBe('200000.00'); // frozen as paid
    expect(oct.total.amount).toBe('20000.00');
    const nov = statementOf(input, 'r1', '2026-11');
    expect(nov.lines.map((l) => [l.kind, l.dealId, l.amount.amount])).toEqual([
      ['commission', null, '0.00'],
      ['clawback', 'a', '-10000.00'],
    ]);
    expect(nov.lines[1]!.explanation).toMatch(/закрытый период не меняется/);
  });
  it('while October is still open the lost deal simply stops counting — no clawback', () => {
    const input = { plans: [plan([flat10, claw(90)])], deals };
    expect(statementOf(input, 'r1', '2026-10').total.amount).toBe('10000.00');
    expect(lines(statementOf(input, 'r1', '2026-11'))).toEqual([['commission', '0.00']]);
  });
  it('lost after the window: the rep keeps it', () => {
    const nov = statementOf({ plans: [plan([flat10, claw(10)])], deals, closedPeriods: ['2026-10'] });
    expect(lines(nov)).toEqual([['commission', '0.00']]);
  });
  it('a per-period limit defers the rest to the next open period', () => {
    const input = {
      plans: [plan([flat10, { id: 'cb', type: 'clawback', withinDays: 90, maxPerPeriod: '4000' } as Rule])],
      deals,
      closedPeriods: ['2026-10'],
      periods: ['2026-11', '2026-12'],
    };
    const nov = statementOf(input, 'r1', '2026-11');
    expect(lines(nov)).toEqual([
      ['commission', '0.00'],
      ['clawback', '-10000.00'],
      ['clawback', '6000.00'],
    ]);
    expect(nov.clawbackBalance.amount).toBe('6000.00');
    const dec = statementOf(input, 'r1', '2026-12');
    expect(lines(dec)).toEqual([
      ['commission', '0.00'],
      ['clawback', '-6000.00'],
      ['clawback', '2000.00'],
    ]);
  });
});

describe('YTD true-up', () => {
  it('Q1: paid 10 000 + 2 500 + 5 000 monthly; YTD 300 000 of 300 000 earns 15 000 → −2 500 in March', () => {
    const tiers: Rule = {
      id: 't',
      type: 'tiered',
      basis: 'attainment',
      method: 'marginal',
      tiers: [
        { from: '0', to: '1', rate: '0.05' },
        { from: '1', to: null, rate: '0.1' },
      ],
    };
    const input = {
      plans: [plan([tiers, { id: 'tu', type: 'true_up', every: 'quarter' } as Rule])],
      deals: [
        deal('j', 'r1', '150000', '2026-01-15T12:00:00+03:00'),
        deal('f', 'r1', '50000', '2026-02-15T12:00:00+03:00'),
        deal('m', 'r1', '100000', '2026-03-15T12:00:00+03:00'),
      ],
      quotas: ['2026-01', '2026-02', '2026-03'].map((p) => quota('r1', '100000', p)),
      periods: ['2026-01', '2026-02', '2026-03'],
    };
    expect(statementOf(input, 'r1', '2026-01').total.amount).toBe('10000.00');
    expect(statementOf(input, 'r1', '2026-02').total.amount).toBe('2500.00');
    const mar = statementOf(input, 'r1', '2026-03');
    expect(lines(mar)).toEqual([
      ['tier', '5000.00'],
      ['true_up', '-2500.00'],
    ]);
    expect(mar.ytdCredit.amount).toBe('300000.00');
    expect(mar.ytdAttainment).toBe('1');
  });
});

describe('adjustments', () => {
  it('an adjustment for closed October is booked in open November and says so', () => {
    const nov = statementOf({
      plans: [plan([flat10])],
      deals: [],
      closedPeriods: ['2026-10'],
      adjustments: [{ id: 'x', repId: 'r1', period: '2026-10', amount: '-2500.50', reason: 'Ошибка в сделке' }],
    });
    expect(lines(nov)).toEqual([
      ['commission', '0.00'],
      ['adjustment', '-2500.50'],
    ]);
    expect(nov.lines[1]!.explanation).toBe('Ошибка в сделке (относится к закрытому периоду 2026-10)');
  });
});

describe('statements', () => {
  it('lines come in plan order, variable pay first, then draw, clawback, adjustments', () => {
    const r = computeStatements({
      plans: [plan([flat10, { id: 'dr', type: 'draw', amountPerPeriod: '50000', recoverable: false }])],
      reps: [rep('r1', { hiredAt: '2026-11-01' })],
      deals: [deal('a', 'r1', '100000')],
      adjustments: [{ id: 'x', repId: 'r1', period: '2026-11', amount: '100', reason: 'r' }],
      periods: ['2026-11'],
      lang: 'en',
    });
    expect(lines(r.statements[0]!)).toEqual([
      ['commission', '10000.00'],
      ['draw', '40000.00'],
      ['adjustment', '100.00'],
    ]);
    expect(r.statements[0]!.lines[1]!.explanation).toBe(
      'Draw ₽50,000.00: earned ₽10,000.00, top-up ₽40,000.00; non-recoverable',
    );
  });
});
