import type { PeriodKind } from '../plan/types';
import { localMidnightUtc, localParts, pad } from './timezone';

/**
 * Period keys (contract/money.ts PeriodKey): "2026-11" month (calendar), "2026-Q4" quarter, "2026-H2" half,
 * "2026" year. Quarters, halves and years are fiscal: with fiscalYearStart = 4 (April), 2026-Q1 is April–June 2026 and
 * fiscal year "2026" runs April 2026 – March 2027 (labelled by the year it starts in).
 */
export interface PeriodOptions {
  kind: PeriodKind;
  /** 1–12, default 1. */
  fiscalYearStart?: number;
  /** Default Europe/Moscow. */
  timeZone?: string;
}

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const MONTHS_PER: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** Key of the period holding a local calendar month. */
export function periodKeyOfMonth(year: number, month: number, kind: PeriodKind, fiscalYearStart = 1): string {
  if (kind === 'month') return `${year}-${pad(month)}`;
  const fyYear = month >= fiscalYearStart ? year : year - 1;
  const index = (month - fiscalYearStart + 12) % 12;
  if (kind === 'quarter') return `${fyYear}-Q${Math.floor(index / 3) + 1}`;
  if (kind === 'half') return `${fyYear}-H${Math.floor(index / 6) + 1}`;
  return String(fyYear);
}

/** Which period a won instant falls in, judged by the local calendar of the time zone. */
export function periodOf(instant: string | number, options: PeriodOptions): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${instant}`);
  const l = localParts(ms, options.timeZone ?? DEFAULT_TIME_ZONE);
  return periodKeyOfMonth(l.year, l.month, options.kind, options.fiscalYearStart ?? 1);
}

export function periodKindOfKey(key: string): PeriodKind | null {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(key)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^\d{4}-H[12]$/.test(key)) return 'half';
  if (/^\d{4}$/.test(key)) return 'year';
  return null;
}

/** First local month of a period as (year, month 1–12) and its length in months. */
export function periodStartMonth(key: string, fiscalYearStart = 1): { year: number; month: number; months: number } {
  const kind = periodKindOfKey(key);
  if (!kind) throw new Error(`not a period: ${key}`);
  const year = Number(key.slice(0, 4));
  if (kind === 'month') return { year, month: Number(key.slice(5, 7)), months: 1 };
  const index = kind === 'year' ? 0 : (Number(key.slice(6)) - 1) * MONTHS_PER[kind];
  const m0 = fiscalYearStart - 1 + index;
  return { year: year + Math.floor(m0 / 12), month: (m0 % 12) + 1, months: MONTHS_PER[kind] };
}

export interface PeriodRange {
  key: string;
  /** Local calendar dates: start inclusive, end exclusive. */
  startDate: string;
  endDate: string;
  /** UTC instants of those local midnights. */
  startMs: number;
  endMs: number;
  /** Calendar days in the period. */
  days: number;
}

function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const m0 = month - 1 + n;
  return { year: year + Math.floor(m0 / 12), month: (((m0 % 12) + 12) % 12) + 1 };
}

export function periodRange(key: string, options: Omit<PeriodOptions, 'kind'> = {}): PeriodRange {
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const s = periodStartMonth(key, options.fiscalYearStart ?? 1);
  const e = addMonths(s.year, s.month, s.months);
  const days = Math.round((Date.UTC(e.year, e.month - 1, 1) - Date.UTC(s.year, s.month - 1, 1)) / 86_400_000);
  return {
    key,
    startDate: `${s.year}-${pad(s.month)}-01`,
    endDate: `${e.year}-${pad(e.month)}-01`,
    startMs: localMidnightUtc(s.year, s.month, 1, tz),
    endMs: localMidnightUtc(e.year, e.month, 1, tz),
    days,
  };
}

/** The period n steps after key (n may be negative). */
export function shiftPeriod(key: string, n: number, fiscalYearStart = 1): string {
  const kind = periodKindOfKey(key);
  if (!kind) throw new Error(`not a period: ${key}`);
  const s = periodStartMonth(key, fiscalYearStart);
  const t = addMonths(s.year, s.month, n * MONTHS_PER[kind]);
  return periodKeyOfMonth(t.year, t.month, kind, fiscalYearStart);
}

/** Periods from `from` to `to` inclusive, in order. */
export function periodsBetween(from: string, to: string, fiscalYearStart = 1): string[] {
  const out: string[] = [];
  let k = from;
  const end = periodStartMonth(to, fiscalYearStart);
  const endIndex = end.year * 12 + end.month;
  for (let guard = 0; guard < 10_000; guard++) {
    const s = periodStartMonth(k, fiscalYearStart);
    if (s.year * 12 + s.month > endIndex) break;
    out.push(k);
    k = shiftPeriod(k, 1, fiscalYearStart);
  }
  return out;
}

/** The fiscal year a period belongs to (its label) and the first period of that year, same kind. */
export function fiscalYearStartPeriod(key: string, fiscalYearStart = 1): string {
  const kind = periodKindOfKey(key);
  if (!kind) throw new Error(`not a period: ${key}`);
  const s = periodStartMonth(key, fiscalYearStart);
  const fyYear = s.month >= fiscalYearStart ? s.year : s.year - 1;
  return periodKeyOfMonth(fyYear, fiscalYearStart, kind, fiscalYearStart);
}

/** True when the period is the last of its quarter / half / fiscal year. */
export function endsSpan(key: string, span: 'quarter' | 'half' | 'year', fiscalYearStart = 1): boolean {
  const s = periodStartMonth(key, fiscalYearStart);
  const last = addMonths(s.year, s.month, s.months - 1);
  const index = (last.month - fiscalYearStart + 12) % 12;
  return (index + 1) % MONTHS_PER[span] === 0;
}

/** Sorted UTC boundaries of consecutive periods: boundaries[i] ≤ t < boundaries[i+1] is periods[i]. */
export function periodBoundaries(periods: string[], options: Omit<PeriodOptions, 'kind'>): Float64Array {
  const b = new Float64Array(periods.length + 1);
  periods.forEach((p, i) => {
    const r = periodRange(p, options);
    b[i] = r.startMs;
    b[i + 1] = r.endMs;
  });
  return b;
}

/** Index i with boundaries[i] ≤ t < boundaries[i+1], or -1 outside. */
export function locate(boundaries: Float64Array, t: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  if (!(t >= boundaries[0]!) || !(t < boundaries[hi]!)) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t >= boundaries[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}
