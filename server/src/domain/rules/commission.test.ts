import { describe, expect, it } from 'vitest';
import type { Rule } from '../plan/types';
import { deal, lines, plan, quota, statementOf } from '../testing/fixtures';

const TIERS: Rule = {
  id: 't',
  type: 'tiered',
  basis: 'attainment',
  method: 'marginal',
  tiers: [
    { from: '0', to: '0.5', rate: '0.02' },
    { from: '0.5', to: '1', rate: '0.05' },
    { from: '1', to: null, rate: '0.08' },
  ],
};
const RETRO: Rule = { ...(TIERS as Extract<Rule, { type: 'tiered' }>), method: 'retroactive' };
const one = (rules: Rule[], amount: string, q = '1000000') =>
  statementOf({ plans: [plan(rules)], deals: [deal('d1', 'r1', amount)], quotas: [quota('r1', q)] });

describe('flat rate', () => {
  it('5 % of 123 456,78 ₽ = 6 172,839 → 6 172,84 ₽ (half up)', () => {
    const s = one([{ id: 'f', type: 'flat', rate: '0.05' }], '123456.78');
    expect(lines(s)).toEqual([['commission', '6172.84']]);
    expect(s.total.amount).toBe('6172.84');
    expect(s.lines[0]!.explanation).toContain('5\u00a0%');
  });
});

describe('marginal tiers on attainment', () => {
  it('quota 1 000 000, credit 1 200 000: 500 000×2 % + 500 000×5 % + 200 000×8 % = 51 000', () => {
    const s = one([TIERS], '1200000');
    expect(lines(s)).toEqual([
      ['tier', '10000.00'],
      ['tier', '25000.00'],
      ['tier', '16000.00'],
    ]);
    expect(s.total.amount).toBe('51000.00');
    expect(s.attainment).toBe('1.2');
  });
  it('exactly at the band edge (100 %): nothing in the top band', () => {
    const s = one([TIERS], '1000000');
    expect(lines(s)).toEqual([
      ['tier', '10000.00'],
      ['tier', '25000.00'],
    ]);
  });
  it('one kopeck above the edge: the top band slice is 0,01 ₽ × 8 % = 0,0008 → 0,00', () => {
    const s = one([TIERS], '1000000.01');
    expect(s.lines.map((l) => l.base?.amount)).toEqual(['500000.00', '500000.00', '0.01']);
    expect(s.total.amount).toBe('35000.00');
  });
  it('revenue-basis bands are money', () => {
    const rule: Rule = {
      id: 'r',
      type: 'tiered',
      basis: 'revenue',
      method: 'marginal',
      tiers: [
        { from: '0', to: '100000', rate: '0.03' },
        { from: '100000', to: null, rate: '0.06' },
      ],
    };
    expect(lines(one([rule], '150000'))).toEqual([
      ['tier', '3000.00'],
      ['tier', '3000.00'],
    ]);
  });
});

describe('retroactive tiers', () => {
  it('at exactly 100 % the upper rate applies to everything: 8 % × 1 000 000 = 80 000', () => {
    expect(lines(one([RETRO], '1000000'))).toEqual([['tier', '80000.00']]);
  });
  it('one kopeck below: 5 % × 999 999,99 = 49 999,9995 → 50 000,00', () => {
    expect(lines(one([RETRO], '999999.99'))).toEqual([['tier', '50000.00']]);
  });
  it('count-attainment tiers pick the rate by won-deal count', () => {
    const rule: Rule = {
      id: 'c',
      type: 'tiered',
      basis: 'count_attainment',
      method: 'retroactive',
      tiers: [
        { from: '0', to: '1', rate: '0.03' },
        { from: '1', to: null, rate: '0.05' },
      ],
    };
    const s = statementOf({
      plans: [plan([rule])],
      deals: [deal('a', 'r1', '1000'), deal('b', 'r1', '1000')],
      quotas: [quota('r1', '100000', '2026-11', 2)],
    });
    expect(lines(s)).toEqual([['tier', '100.00']]);
  });
});

describe('accelerators and decelerators', () => {
  const flat: Rule = { id: 'f', type: 'flat', rate: '0.1' };
  it('above 100 % the flat rate pays ×1,5: 15 000 + 0,5 × (15 000 − 10 000) = 17 500', () => {
    const s = one([flat, { id: 'a', type: 'accelerator', of: 'f', above: '1', multiplier: '1.5' }], '150000', '100000');
    expect(lines(s)).toEqual([
      ['commission', '15000.00'],
      ['accelerator', '2500.00'],
    ]);
    expect(s.lines[1]!.base?.amount).toBe('5000.00');
    expect(s.lines[1]!.rate).toBe('0.5');
  });
  it('exactly at the threshold adds nothing', () => {
    const s = one([flat, { id: 'a', type: 'accelerator', of: 'f', above: '1', multiplier: '1.5' }], '100000', '100000');
    expect(s.total.amount).toBe('10000.00');
  });
  it('below 50 % pays ×0,5: 4 000 − 0,5 × 4 000 = 2 000', () => {
    const s = one(
      [flat, { id: 'd', type: 'decelerator', of: 'f', below: '0.5', multiplier: '0.5' }],
      '40000',
      '100000',
    );
    expect(lines(s)).toEqual([
      ['commission', '4000.00'],
      ['accelerator', '-2000.00'],
    ]);
  });
});

describe('gates', () => {
  const rules = (belowGate: 'paid' | 'unpaid' = 'paid'): Rule[] => [
    { id: 'g', type: 'gate', minAttainment: '0.5', belowGate },
    { id: 'f', type: 'flat', rate: '0.1' },
  ];
  it('one kopeck under 50 %: nothing', () => {
    const s = one(rules(), '49999.99', '100000');
    expect(s.total.amount).toBe('0.00');
    expect(s.lines[0]!.explanation).toMatch(/не пройден/);
  });
  it('exactly at 50 %: the gate is met and revenue below it is NOT repriced (paid)', () => {
    expect(one(rules(), '50000', '100000').total.amount).toBe('5000.00');
  });
  it('belowGate "unpaid": only revenue above quota × 50 % earns: 10 % × 10 000 = 1 000', () => {
    expect(one(rules('unpaid'), '60000', '100000').total.amount).toBe('1000.00');
  });
  it('no quota counts as not met', () => {
    const s = statementOf({ plans: [plan(rules())], deals: [deal('d1', 'r1', '60000')] });
    expect(s.total.amount).toBe('0.00');
  });
});

describe('caps and floors', () => {
  it('period cap 10 000 on 15 000 of commission: a −5 000 cap line', () => {
    const s = one(
      [
        { id: 'f', type: 'flat', rate: '0.1' },
        { id: 'c', type: 'cap', maxPerPeriod: '10000' },
      ],
      '150000',
    );
    expect(lines(s)).toEqual([
      ['commission', '15000.00'],
      ['cap', '-5000.00'],
    ]);
    expect(s.total.amount).toBe('10000.00');
  });
  it('per-deal cap: 10 % of 10 000 (1 000) + 10 % of 50 000 capped at 3 000 = 4 000', () => {
    const s = statementOf({
      plans: [plan([{ id: 'f', type: 'flat', rate: '0.1', maxPerDeal: '3000' }])],
      deals: [deal('a', 'r1', '10000'), deal('b', 'r1', '50000')],
    });
    expect(lines(s)).toEqual([['commission', '4000.00']]);
  });
  it('per-deal cap exactly at the limit is not a cap: 10 % of 30 000 = 3 000', () => {
    const s = statementOf({
      plans: [plan([{ id: 'f', type: 'flat', rate: '0.1', maxPerDeal: '3000' }])],
      deals: [deal('a', 'r1', '30000')],
    });
    expect(s.total.amount).toBe('3000.00');
    expect(s.lines[0]!.explanation).not.toMatch(/ограничена/);
  });
  it('floor tops 1 000 up to 5 000', () => {
    const s = one(
      [
        { id: 'f', type: 'flat', rate: '0.01' },
        { id: 'm', type: 'floor', minPerPeriod: '5000' },
      ],
      '100000',
    );
    expect(lines(s)).toEqual([
      ['commission', '1000.00'],
      ['floor', '4000.00'],
    ]);
  });
});
