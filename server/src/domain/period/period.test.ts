import { describe, expect, it } from 'vitest';
import { endsSpan, fiscalYearStartPeriod, periodOf, periodRange, periodsBetween, shiftPeriod } from './period';

describe('periods', () => {
  it('decides the period of a won instant by the Moscow calendar by default', () => {
    expect(periodOf('2026-11-30T20:59:59Z', { kind: 'month' })).toBe('2026-11'); // 23:59:59 MSK
    expect(periodOf('2026-11-30T21:00:00Z', { kind: 'month' })).toBe('2026-12'); // 00:00 MSK, Dec 1
    expect(periodOf('2026-11-30T21:00:00Z', { kind: 'month', timeZone: 'UTC' })).toBe('2026-11');
    expect(periodOf('2026-12-31T22:00:00Z', { kind: 'year', timeZone: 'Asia/Vladivostok' })).toBe('2027');
  });
  it('labels fiscal quarters, halves and years by the year the fiscal year starts in', () => {
    const fy = { fiscalYearStart: 4 };
    expect(periodOf('2026-04-01T00:00:00+03:00', { kind: 'quarter', ...fy })).toBe('2026-Q1');
    expect(periodOf('2027-03-31T12:00:00+03:00', { kind: 'quarter', ...fy })).toBe('2026-Q4');
    expect(periodOf('2027-01-15T12:00:00+03:00', { kind: 'half', ...fy })).toBe('2026-H2');
    expect(periodOf('2027-01-15T12:00:00+03:00', { kind: 'year', ...fy })).toBe('2026');
    expect(periodRange('2026-Q4', fy)).toMatchObject({ startDate: '2027-01-01', endDate: '2027-04-01', days: 90 });
  });
  it('gives local-midnight boundaries in UTC', () => {
    const r = periodRange('2026-11');
    expect(new Date(r.startMs).toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(new Date(r.endMs).toISOString()).toBe('2026-11-30T21:00:00.000Z');
    expect(r.days).toBe(30);
  });
  it('walks periods and fiscal years', () => {
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(periodsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(fiscalYearStartPeriod('2027-02', 4)).toBe('2026-04');
    expect(endsSpan('2026-06', 'quarter')).toBe(true);
    expect(endsSpan('2026-05', 'quarter')).toBe(false);
    expect(endsSpan('2027-03', 'year', 4)).toBe(true);
  });
});
