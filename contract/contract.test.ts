import { describe, expect, it } from 'vitest';
import { ErrorBody, MoneyDto, PeriodKey, routes } from './index';

describe('API contract', () => {
  it('keeps money exact: decimal strings only, never JSON numbers', () => {
    expect(MoneyDto.safeParse({ amount: '1234.50', currency: 'RUB' }).success).toBe(true);
    expect(MoneyDto.safeParse({ amount: 1234.5, currency: 'RUB' }).success).toBe(false);
    expect(MoneyDto.safeParse({ amount: '1e3', currency: 'RUB' }).success).toBe(false);
    expect(MoneyDto.safeParse({ amount: '10', currency: 'rub' }).success).toBe(false);
  });

  it('accepts every period granularity and nothing else', () => {
    for (const ok of ['2026-11', '2026-Q4', '2026-H2', '2026']) expect(PeriodKey.safeParse(ok).success).toBe(true);
    for (const bad of ['2026-13', '2026-Q5', '26-11', '2026-1']) expect(PeriodKey.safeParse(bad).success).toBe(false);
  });

  it('has unique method+path pairs under /api', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of Object.values(routes)) expect(r.path.startsWith('/api/')).toBe(true);
  });

  it('describes errors with a stable code', () => {
    expect(ErrorBody.safeParse({ error: { code: 'forbidden', message: 'x' } }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: { code: 'oops', message: 'x' } }).success).toBe(false);
  });
});
