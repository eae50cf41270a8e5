import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateQuota } from '../quota/allocate';
import { formatMoney, formatPercent } from './format';
import { minorToString, toMinor } from './money';
import { qd, ratioString } from './q';
import { roundQ } from './round';

describe('the one rounding rule', () => {
  it('rounds half a kopeck away from zero (half_up), both signs', () => {
    expect(roundQ({ n: 5n, d: 10n })).toBe(1n); // 0.5 kop → 1
    expect(roundQ({ n: -5n, d: 10n })).toBe(-1n); // −0.5 → −1: a clawback mirrors its commission
    expect(roundQ({ n: 49n, d: 100n })).toBe(0n);
    expect(roundQ({ n: 617283900n, d: 100000n })).toBe(6173n); // 6172.839 kop → 6173
  });
  it('supports half_even, down and up when a plan asks', () => {
    expect(roundQ({ n: 5n, d: 2n }, 'half_even')).toBe(2n); // 2.5 → 2
    expect(roundQ({ n: 7n, d: 2n }, 'half_even')).toBe(4n); // 3.5 → 4
    expect(roundQ({ n: 19n, d: 10n }, 'down')).toBe(1n);
    expect(roundQ({ n: 11n, d: 10n }, 'up')).toBe(2n);
    expect(roundQ({ n: -11n, d: 10n }, 'up')).toBe(-2n);
  });
});

describe('money', () => {
  it('parses decimal strings to exact minor units and back', () => {
    expect(toMinor('123456.78', 'RUB')).toBe(12345678n);
    expect(toMinor('0.005', 'RUB')).toBe(1n); // more digits than kopecks: rounded by the rule
    expect(toMinor('100', 'JPY')).toBe(100n);
    expect(minorToString(12345678n, 'RUB')).toBe('123456.78');
    expect(minorToString(-5n, 'RUB')).toBe('-0.05');
    expect(minorToString(1234n, 'KWD')).toBe('1.234');
    expect(toMinor('90071992547409.93', 'RUB')).toBe(9007199254740993n); // beyond 2^53, still exact
  });
  it('rejects anything that is not a decimal string', () => {
    expect(() => toMinor('1e5', 'RUB')).toThrow();
    expect(() => toMinor('12,50', 'RUB')).toThrow();
  });
  it('formats for people in ru and en without Intl', () => {
    expect(formatMoney({ amount: '1234567.50', currency: 'RUB' }, 'ru')).toBe('1\u00a0234\u00a0567,50\u00a0₽');
    expect(formatMoney({ amount: '-20000.00', currency: 'RUB' }, 'en')).toBe('−₽20,000.00');
    expect(formatMoney({ amount: '999.00', currency: 'USD' }, 'en')).toBe('$999.00');
    expect(formatPercent('0.851562', 'ru')).toBe('85,16\u00a0%');
    expect(formatPercent('1', 'en')).toBe('100%');
  });
  it('prints ratios exactly, rounded half-up only for display', () => {
    expect(ratioString({ n: 7n, d: 8n })).toBe('0.875');
    expect(ratioString({ n: 2n, d: 3n })).toBe('0.666667');
    expect(ratioString(qd('1.500'))).toBe('1.5');
  });
});

describe('top-down quota allocation', () => {
  it('splits 1 000 000,00 ₽ equally among 3 reps, the extra kopeck to the first', () => {
    expect(allocateQuota('1000000.00', 'RUB', ['a', 'b', 'c'], 'equal').map((x) => x.amount)).toEqual([
      '333333.34',
      '333333.33',
      '333333.33',
    ]);
  });
  it('splits by weights 2:1:1', () => {
    expect(allocateQuota('100.01', 'RUB', ['a', 'b', 'c'], 'weighted', ['2', '1', '1']).map((x) => x.amount)).toEqual([
      '50.01',
      '25.00',
      '25.00',
    ]);
  });
  it('always sums exactly to the team target (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        (kop, weights) => {
          const total = minorToString(kop, 'RUB');
          const parts = allocateQuota(
            total,
            'RUB',
            weights.map((_, i) => `r${i}`),
            'weighted',
            weights.map(String),
          );
          expect(parts.reduce((a, p) => a + toMinor(p.amount, 'RUB'), 0n)).toBe(kop);
        },
      ),
    );
  });
});
