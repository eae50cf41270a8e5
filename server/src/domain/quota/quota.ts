import { Dec, dec, ONE } from '../money/decimal';
import { toMinor } from '../money/money';
import { roundMinor } from '../money/round';
import { periodKindOfKey, periodStartMonth, type PeriodRange } from '../period/period';
import type { PlanVersion } from '../plan/types';
import type { Quota, Rep } from '../types';

export interface ResolvedQuota {
  /** Minor units in the plan currency, after ramp and proration; null = no revenue target. */
  amount: Dec | null;
  count: number | null;
  /** ramp × proration applied (1 when none). */
  factor: Dec;
  ramp: Dec;
  prorate: Dec;
}

export class QuotaBook {
  private readonly rep = new Map<string, Quota>();
  private readonly dept = new Map<string, Quota>();

  constructor(quotas: Quota[]) {
    for (const q of quotas) {
      if (q.repId) this.rep.set(`${q.repId}|${q.period}`, q);
      else if (q.departmentId) this.dept.set(`${q.departmentId}|${q.period}`, q);
    }
  }

  repRaw(repId: string, period: string): Quota | undefined {
    return this.rep.get(`${repId}|${period}`);
  }

  deptRaw(departmentId: string, period: string): Quota | undefined {
    return this.dept.get(`${departmentId}|${period}`);
  }
}

function dayNumber(date: string): number {
  return Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000);
}

/** Share of the period's days the rep was employed: hiredAt inclusive, leftAt (last working day) inclusive. */
export function prorationFactor(rep: Rep, range: PeriodRange): Dec {
  const start = dayNumber(range.startDate);
  const end = dayNumber(range.endDate);
  const from = rep.hiredAt ? Math.max(start, dayNumber(rep.hiredAt)) : start;
  const to = rep.leftAt ? Math.min(end, dayNumber(rep.leftAt) + 1) : end;
  if (to <= from) return new Dec(0);
  if (from === start && to === end) return ONE;
  return new Dec(to - from).div(end - start);
}

/** Ramp fraction: plan.ramp[k] in the k-th period counted from the one holding the hire date (0-based); then 1. */
export function rampFactor(rep: Rep, period: string, plan: PlanVersion): Dec {
  if (!plan.ramp || plan.ramp.length === 0 || !rep.hiredAt) return ONE;
  const kind = periodKindOfKey(period);
  if (!kind) return ONE;
  const fys = plan.fiscalYearStart ?? 1;
  const s = periodStartMonth(period, fys);
  const hireMonth = Number(rep.hiredAt.slice(0, 4)) * 12 + Number(rep.hiredAt.slice(5, 7)) - 1;
  const periodMonth = s.year * 12 + s.month - 1;
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  // Periods are aligned to the fiscal calendar, so the hire period starts at the aligned month at or before hire.
  const offset = (((hireMonth - (fys - 1)) % months) + months) % months;
  const k = Math.floor((periodMonth - (hireMonth - offset)) / months);
  if (k < 0) return new Dec(0);
  const r = plan.ramp[k];
  return r === undefined ? ONE : dec(r);
}

export function resolveRepQuota(
  book: QuotaBook,
  rep: Rep,
  period: string,
  range: PeriodRange,
  plan: PlanVersion,
): ResolvedQuota | null {
  const raw = book.repRaw(rep.id, period);
  if (!raw) return null;
  const ramp = raw.fixed ? ONE : rampFactor(rep, period, plan);
  const prorate = raw.fixed || plan.prorate === false ? ONE : prorationFactor(rep, range);
  const factor = ramp.times(prorate);
  const rounding = plan.rounding ?? 'half_up';
  const amount =
    raw.amount == null ? null : roundMinor(toMinor(raw.amount, plan.currency, rounding).times(factor), rounding);
  const count =
    raw.count == null ? null : new Dec(raw.count).times(factor).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber();
  return { amount, count, factor, ramp, prorate };
}
