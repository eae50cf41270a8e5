import { describe, expect, it } from 'vitest';
import { type PlanVersion, parsePlan } from '../../../domain/index';
import { describePlan } from './plan-text';

const plan = {
  id: 'p',
  name: 'Отдел продаж 2026',
  version: 3,
  effectiveFrom: '2026-01-01',
  effectiveTo: '2027-01-01',
  currency: 'RUB',
  period: 'month',
  rules: [
    { id: 'base', name: 'Базовая ставка', type: 'flat', rate: '0.05', maxPerDeal: '50000' },
    {
      id: 'scale',
      type: 'tiered',
      basis: 'attainment',
      method: 'marginal',
      tiers: [
        { from: '0', to: '1', rate: '0.03' },
        { from: '1', to: null, rate: '0.06' },
      ],
    },
    { id: 'acc', type: 'accelerator', of: 'base', above: '1.2', multiplier: '1.5' },
    { id: 'dec', type: 'decelerator', of: 'base', below: '0.5', multiplier: '0.5' },
    { id: 'gate', type: 'gate', minAttainment: '0.6' },
    { id: 'cap', type: 'cap', maxPerPeriod: '300000' },
    { id: 'floor', type: 'floor', minPerPeriod: '10000' },
    {
      id: 'steps',
      type: 'step_bonus',
      steps: [
        { atLeast: '1', amount: '20000' },
        { atLeast: '1.5', amount: '50000' },
      ],
    },
    { id: 'spiff', type: 'spiff', amountPerDeal: '3000', from: '2026-03-01', to: '2026-03-31' },
    { id: 'kpi', type: 'kpi', targetBonus: '40000', mode: 'linear', gate: '0.7', cap: '1.5' },
    { id: 'ovr', type: 'override', rate: '0.01' },
    { id: 'draw', type: 'draw', amountPerPeriod: '15000', recoverable: true },
    { id: 'claw', type: 'clawback', withinDays: 90 },
    { id: 'tu', type: 'true_up', every: 'quarter' },
  ],
};

describe('describePlan', () => {
  const parsed = parsePlan(plan, 'ru');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const version = parsed.plans[0] as PlanVersion;

  it('writes one Russian line per rule after the header', () => {
    const lines = describePlan(version, 'ru');
    expect(lines).toHaveLength(2 + plan.rules.length);
    expect(lines[0]).toBe('План «Отдел продаж 2026», версия 3; действует с 01.01.2026 до 01.01.2027.');
    expect(lines[2]).toBe(
      'Базовая ставка: 5\u00a0% от выручки по выигранным сделкам, не более 50\u00a0000\u00a0₽ за сделку.',
    );
    expect(lines[4]).toContain('«Базовая ставка»');
    expect(lines.find((l) => l.startsWith('claw'))).toContain('не удержание из зарплаты');
    for (const line of lines) expect(line).not.toMatch(/undefined|NaN|\[object/);
  });

  it('writes English too', () => {
    const lines = describePlan(version, 'en');
    expect(lines[1]).toBe('Pay period: month; amounts in RUB, gross.');
    const text = lines.slice(1).join(' ').replaceAll('Базовая ставка', '');
    expect(text).not.toMatch(/undefined|NaN|[а-яё]/i);
  });
});
