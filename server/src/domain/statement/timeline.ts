import {
  DEFAULT_TIME_ZONE,
  fiscalYearStartPeriod,
  type PeriodRange,
  periodBoundaries,
  periodKindOfKey,
  periodRange,
  periodsBetween,
  shiftPeriod,
} from '../period/period';
import { localMidnightUtc } from '../period/timezone';
import type { PeriodKind, PlanVersion } from '../plan/types';

/** One plan (all its versions) laid over the consecutive periods the computation needs. */
export interface Timeline {
  planId: string;
  kind: PeriodKind;
  fiscalYearStart: number;
  timeZone: string;
  currency: string;
  versions: PlanVersion[];
  periods: string[];
  ranges: PeriodRange[];
  boundaries: Float64Array;
  /** Index into versions per period, -1 when no version is in effect on the period's first day. */
  versionAt: Int32Array;
  closed: Uint8Array;
  requested: Uint8Array;
  /** Per period: the first period of its fiscal year (the YTD key). */
  fiscalYearOf: string[];
  localMidnight: (date: string) => number;
}

const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/**
 * Timeline: from the start of the fiscal year of the earliest requested period (draws and true-ups carry within it),
 * reaching further back when a clawback window may reach into earlier closed periods, up to the last requested one.
 * A period uses the plan version in effect on its first local day (effectiveFrom ≤ day < effectiveTo).
 */
export function buildTimeline(versions: PlanVersion[], requested: string[], closedPeriods: string[]): Timeline | null {
  const sorted = [...versions].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version,
  );
  const first = sorted[0]!;
  const kind = first.period;
  const fys = first.fiscalYearStart ?? 1;
  const tz = first.timeZone ?? DEFAULT_TIME_ZONE;
  const mine = requested.filter((p) => periodKindOfKey(p) === kind).sort();
  if (mine.length === 0) return null;
  const maxClawDays = Math.max(
    0,
    ...sorted.flatMap((v) => v.rules.map((r) => (r.type === 'clawback' ? r.withinDays : 0))),
  );
  const backPeriods = maxClawDays > 0 ? Math.ceil((Math.ceil(maxClawDays / 28) + 1) / MONTHS[kind]) : 0;
  const start = shiftPeriod(fiscalYearStartPeriod(mine[0]!, fys), -backPeriods, fys);
  const periods = periodsBetween(start, mine[mine.length - 1]!, fys);
  const ranges = periods.map((p) => periodRange(p, { fiscalYearStart: fys, timeZone: tz }));
  const versionAt = new Int32Array(periods.length).fill(-1);
  ranges.forEach((r, t) => {
    sorted.forEach((v, i) => {
      if (v.effectiveFrom <= r.startDate && (v.effectiveTo == null || r.startDate < v.effectiveTo)) versionAt[t] = i;
    });
  });
  const closedSet = new Set(closedPeriods);
  const requestedSet = new Set(mine);
  return {
    planId: first.id,
    kind,
    fiscalYearStart: fys,
    timeZone: tz,
    currency: first.currency,
    versions: sorted,
    periods,
    ranges,
    boundaries: periodBoundaries(periods, { fiscalYearStart: fys, timeZone: tz }),
    versionAt,
    closed: Uint8Array.from(periods.map((p) => (closedSet.has(p) ? 1 : 0))),
    requested: Uint8Array.from(periods.map((p) => (requestedSet.has(p) ? 1 : 0))),
    fiscalYearOf: periods.map((p) => fiscalYearStartPeriod(p, fys)),
    localMidnight: (date: string) => localMidnightUtc(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10), tz),
  };
}
