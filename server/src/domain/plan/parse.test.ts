import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse';

const example = JSON.parse(readFileSync(new URL('../../../../examples/plan.json', import.meta.url), 'utf8'));

describe('parsePlan', () => {
  it('accepts the documented example (an array of versions)', () => {
    const r = parsePlan(example, 'ru');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plans.map((p) => p.id)).toEqual(['newcomers-2026', 'sales-2026']);
  });

  const bad = {
    id: 'p',
    name: 'P',
    version: 1,
    effectiveFrom: '2026-13-01',
    currency: 'RUB',
    period: 'week',
    timeZone: 'Mars/Base',
    surprise: true,
    rules: [
      { id: 'a', type: 'flat' },
      { id: 'b', type: 'bonus' },
      {
        id: 'c',
        type: 'tiered',
        basis: 'revenue',
        method: 'marginal',
        tiers: [
          { from: '0', to: '100', rate: 0.05 },
          { from: '200', to: null, rate: '0.1' },
        ],
      },
      { id: 'a', type: 'accelerator', of: 'zz', above: '1', multiplier: '0.9' },
    ],
  };

  it('lists every problem with its JSON path, what is wrong and what is allowed (en)', () => {
    const r = parsePlan(bad, 'en');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        '$',
        '$.effectiveFrom',
        '$.period',
        '$.rules[0].rate',
        '$.rules[1].type',
        '$.rules[2].tiers[0].rate',
        '$.rules[2].tiers[1].from',
        '$.rules[3].id',
        '$.rules[3].multiplier',
        '$.rules[3].of',
        '$.timeZone',
      ].sort(),
    );
    expect(byPath['$.rules[0].rate']!.message).toBe('required field is missing');
    expect(byPath['$.rules[1].type']!.allowed).toContain('"step_bonus"');
    expect(byPath['$.rules[2].tiers[0].rate']!.message).toContain('"0.05"');
    expect(byPath['$.rules[2].tiers[1].from']!.message).toMatch(/not contiguous/);
    expect(byPath['$.period']!.allowed).toBe('one of: "month", "quarter", "half", "year"');
    expect(byPath.$!.message).toBe('unknown field: surprise');
  });

  it('speaks Russian by default', () => {
    const r = parsePlan(bad);
    if (r.ok) throw new Error('should fail');
    expect(r.issues.find((i) => i.path === '$.rules[0].rate')!.message).toBe('обязательное поле отсутствует');
    expect(r.issues.find((i) => i.path === '$.timeZone')!.allowed).toMatch(/Europe\/Moscow/);
  });

  it('checks versions of one plan against each other', () => {
    const v1 = example[1];
    const r = parsePlan([v1, { ...v1, currency: 'USD' }], 'en');
    if (r.ok) throw new Error('should fail');
    expect(r.issues.map((i) => i.path)).toEqual(['$[1].currency', '$[1].version', '$[1].effectiveFrom']);
  });
});
