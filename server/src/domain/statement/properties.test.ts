import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMinor } from '../money/money';
import type { Rule } from '../plan/types';
import { deal, plan, quota, rep } from '../testing/fixtures';
import type { Deal } from '../types';
import { computeStatements } from './compute';

const RUNS = { numRuns: 60 };
const kop = fc.integer({ min: 0, max: 500_000_000 }); // up to 5 000 000,00 ₽
const rub = (k: number) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`;

/** A non-decreasing plan: rates rise band by band, multipliers ≥ 1, steps and K rise with attainment. */
const monotonePlan = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 3, maxLength: 3 }),
    fc.integer({ min: 100, max: 300 }),
    fc.boolean(),
  )
  .map(([r, mult, withCap]): Rule[] => {
    const rates = [...r].sort((a, b) => a - b).map((x) => (x / 1000).toString());
    const rules: Rule[] = [
      { id: 'g', type: 'gate', minAttainment: '0.3' },
      {
        id: 't',
        type: 'tiered',
        basis: 'attainment',
        method: 'marginal',
        tiers: [
          { from: '0', to: '0.5', rate: rates[0]! },
          { from: '0.5', to: '1', rate: rates[1]! },
          { from: '1', to: null, rate: rates[2]! },
        ],
      },
      { id: 'a', type: 'accelerator', of: 't', above: '1.2', multiplier: (mult / 100).toString() },
      {
        id: 's',
        type: 'step_bonus',
        steps: [
          { atLeast: '0.9', amount: '1000' },
          { atLeast: '1.1', amount: '3000' },
        ],
      },
      {
        id: 'k',
        type: 'kpi',
        targetBonus: '10000',
        mode: 'table',
        gate: '0.7',
        cap: '1.5',
        table: [
          { from: '0', to: '1', k: '0.5' },
          { from: '1', to: null, k: '1.2' },
        ],
      },
    ];
    if (withCap) rules.push({ id: 'c', type: 'cap', maxPerPeriod: '150000', rules: ['t', 'a'] });
    return rules;
  });

function totalFor(rules: Rule[], kopecks: number, quotaRub = '1000000'): bigint {
  const r = computeStatements({
    plans: [plan(rules)],
    reps: [rep('r1')],
    deals: kopecks ? [deal('d', 'r1', rub(kopecks))] : [],
    quotas: [quota('r1', quotaRub)],
    periods: ['2026-11'],
    withDeals: false,
  });
  return toMinor(r.statements[0]!.total.amount, 'RUB');
}

const dealsArb = fc.array(
  fc.record({
    owner: fc.integer({ min: 0, max: 3 }),
    kop: kop,
    day: fc.integer({ min: 1, max: 30 }),
    split: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1_000_000 })), { nil: null }),
  }),
  { maxLength: 25 },
);

type RawDeal = { owner: number; kop: number; day: number; split: [number, number] | null };

function toDeals(raw: RawDeal[]): Deal[] {
  return raw.map((d, i) => {
    const base = deal(`d${i}`, `r${d.owner}`, rub(d.kop), `2026-11-${String(d.day).padStart(2, '0')}T12:00:00+03:00`);
    if (!d.split || d.split[0] === d.owner) return base;
    const ppm = d.split[1];
    const share = (p: number) => (p === 1_000_000 ? '1' : `0.${String(p).padStart(6, '0')}`);
    return {
      ...base,
      splits: [
        { repId: `r${d.owner}`, share: share(1_000_000 - ppm) },
        { repId: `r${d.split[0]}`, share: share(ppm) },
      ],
    };
  });
}

const REPS = [0, 1, 2, 3].map((i) => rep(`r${i}`));

describe('engine invariants (property tests)', () => {
  it('statement lines always add up exactly to the total', () => {
    fc.assert(
      fc.property(monotonePlan, dealsArb, (rules, raw) => {
        const all: Rule[] = [
          ...rules,
          { id: 'sp', type: 'spiff', amountPerDeal: '333.33' },
          { id: 'fl', type: 'floor', minPerPeriod: '5000' },
        ];
        const r = computeStatements({
          plans: [plan(all)],
          reps: REPS,
          deals: toDeals(raw),
          quotas: REPS.map((x) => quota(x.id, '700000')),
          periods: ['2026-11'],
        });
        for (const s of r.statements) {
          const sum = s.lines.reduce((a, l) => a + toMinor(l.amount.amount, 'RUB'), 0n);
          expect(sum).toBe(toMinor(s.total.amount, 'RUB'));
        }
      }),
      RUNS,
    );
  });

  it('a split conserves 100 % of credit', () => {
    fc.assert(
      fc.property(dealsArb, (raw) => {
        const deals = toDeals(raw);
        const r = computeStatements({ plans: [plan([])], reps: REPS, deals, periods: ['2026-11'] });
        const credited = r.statements.reduce((a, s) => a + toMinor(s.credit.amount, 'RUB'), 0n);
        expect(credited).toBe(deals.reduce((a, d) => a + toMinor(d.amount, 'RUB'), 0n));
      }),
      RUNS,
    );
  });

  it('marginal tiers are continuous: one more kopeck of revenue moves pay by at most one kopeck per band', () => {
    fc.assert(
      fc.property(monotonePlan, kop, (rules, k) => {
        const tiersOnly = rules.filter((r) => r.id === 't');
        const d = totalFor(tiersOnly, k + 1) - totalFor(tiersOnly, k);
        expect(d >= 0n && d <= 3n).toBe(true);
      }),
      RUNS,
    );
  });

  it('more revenue never pays less under a non-decreasing plan', () => {
    fc.assert(
      fc.property(monotonePlan, kop, kop, (rules, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(totalFor(rules, hi) >= totalFor(rules, lo)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the same input always gives byte-identical output', () => {
    fc.assert(
      fc.property(monotonePlan, dealsArb, fc.constantFrom('ru' as const, 'en' as const), (rules, raw, lang) => {
        const input = {
          plans: [plan(rules)],
          reps: REPS,
          deals: toDeals(raw),
          quotas: REPS.map((x) => quota(x.id, '500000')),
          departments: [{ id: 'd', parentId: null, headId: 'r0' }],
          periods: ['2026-11', '2026-12'],
          lang,
        };
        expect(JSON.stringify(computeStatements(structuredClone(input)))).toBe(
          JSON.stringify(computeStatements(input)),
        );
      }),
      { numRuns: 25 },
    );
  });
});
