/**
 * The widget bundle parses with the contract's schemas built on zod/mini (zod-lite). These tests load the contract
 * twice — with real zod and with zod-lite — and check both accept and reject the same payloads.
 */
import { describe, expect, it, vi } from 'vitest';
import * as real from '../../../contract/index';

async function loadLite(): Promise<typeof real> {
  vi.resetModules();
  vi.doMock('zod', async () => {
    const lite = await import('./zod-lite');
    return { z: lite.z, default: lite.z };
  });
  const mod = (await import('../../../contract/index')) as typeof real;
  vi.doUnmock('zod');
  return mod;
}

const money = (amount: string) => ({ amount, currency: 'RUB' });
const estimate = {
  dealId: '42',
  title: 'Поставка',
  period: '2026-11',
  counts: true,
  reason: null,
  amount: money('250000'),
  share: '1',
  credit: money('250000'),
  payoutDelta: money('12500.00'),
  tier: 'Ступень 2',
  attainmentBefore: '0.8',
  attainmentAfter: '1.05',
  rankBefore: 4,
  rankAfter: 2,
  earnedBefore: money('40000'),
  earnedAfter: money('52500'),
};
const session = {
  token: 't',
  expiresAt: '2026-11-27T18:00:00.000Z',
  user: { id: '1', name: 'A', role: 'rep', headOf: [] },
  portal: {
    id: 'p',
    domain: 'x.bitrix24.ru',
    language: 'ru',
    baseCurrency: 'RUB',
    timeZone: 'Europe/Moscow',
    leaderboardVisibility: 'amounts',
  },
};

describe('zod-lite (the widget build of the contract)', () => {
  it('constructs every contract schema and the routes table', async () => {
    const lite = await loadLite();
    expect(Object.keys(lite).sort()).toEqual(Object.keys(real).sort());
    // really built on zod/mini: classic schemas carry chain methods, mini ones do not
    expect('optional' in real.MoneyDto).toBe(true);
    expect('optional' in lite.MoneyDto).toBe(false);
    const { missingFactories } = await import('./zod-lite');
    // Only request-side helpers of admin queries (never parsed by the widget) may be missing.
    expect([...missingFactories].filter((f) => f !== 'coerce')).toEqual([]);
    for (const [name, route] of Object.entries(lite.routes)) {
      expect(typeof (route.response as { safeParse: unknown }).safeParse, name).toBe('function');
    }
  });

  it('accepts and rejects exactly what real zod does', async () => {
    const lite = await loadLite();
    const cases: [keyof typeof real, unknown][] = [
      ['DealEstimate', estimate],
      ['DealEstimate', { ...estimate, payoutDelta: 12500 }],
      ['DealEstimate', { ...estimate, reason: 'lost', counts: false }],
      ['DealEstimate', { ...estimate, reason: 'stolen' }],
      ['DealEstimate', { ...estimate, rankAfter: 2.5 }],
      ['DealEstimate', { ...estimate, period: '2026-13' }],
      ['MoneyDto', money('1e3')],
      ['MoneyDto', { amount: '10', currency: 'rub' }],
      ['SessionResponse', session],
      ['SessionResponse', { ...session, expiresAt: 'tomorrow' }],
      ['SessionRequest', { crm: 'bitrix24', domain: 'x', memberId: 'm', authId: 'a' }],
      ['SessionRequest', { crm: 'bitrix24', domain: 'x', memberId: 'm', authId: 'a', extra: 1 }],
      ['SessionRequest', { crm: 'bitrix24', domain: '', memberId: 'm', authId: 'a' }],
      ['LiveEvent', { type: 'deal_won', dealId: '1', repIds: ['2'], period: '2026-11' }],
      ['LiveEvent', { type: 'deal_lost', dealId: '1' }],
      ['ErrorBody', { error: { code: 'forbidden', message: 'x' } }],
      ['CreateInquiryRequest', { period: '2026-11', kind: 'statement_line', lineId: 'l1', message: 'why?' }],
      ['CreateInquiryRequest', { period: '2026-11', kind: 'statement_line', message: 'no line id' }],
      ['ErrorBody', { error: { code: 'oops', message: 'x' } }],
    ];
    for (const [name, value] of cases) {
      const r = (real[name] as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
      const l = (lite[name] as unknown as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
      expect({ name, value, lite: l }).toEqual({ name, value, lite: r });
    }
  });

  it('applies defaults like real zod', async () => {
    const lite = await loadLite();
    const parsed = (lite.LeaderboardQuery as unknown as { parse(v: unknown): { metric: string } }).parse({});
    expect(parsed.metric).toBe('revenue');
  });
});
