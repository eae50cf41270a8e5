import { toMinor } from '../money/money';
import { mul, type Q, Q1, qd, qi } from '../money/q';
import { roundQ } from '../money/round';
import { type PeriodRange, periodKindOfKey, periodStartMonth } from '../period/period';
import type { PlanVersion } from '../plan/types';
import type { Quota, Rep } from '../types';

export interface ResolvedQuota {
  /** Whole minor units in the plan currency, after ramp and proration; null = no revenue target. */
  amount: bigint | null;
  count: number | null;
  /** ramp × proration applied (1 when none). */
  factor: Q;
  ramp: Q;
  prorate: Q;
}

export class QuotaBook {
  private readonly rep = new Map<string, Quota>();
  private readonly dept = new Map<string, Quota>();
  private readonly resolved = new Map<string, ResolvedQuota | null>();

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

  /** Memo of resolveRepQuota per rep, period and plan version (team roll-ups ask again for every department). */
  memo(key: string, compute: () => ResolvedQuota | null): ResolvedQuota | null {
    if (this.resolved.has(key)) return this.resolved.get(key)!;
    const v = compute();
    this.resolved.set(key, v);
    return v;
  }
}

function dayNumber(date: string): number {
  return Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000);
}

/** Share of the period's days the rep was employed: hiredAt inclusive, leftAt (last working day) inclusive. */
export function prorationFactor(rep: Rep, range: PeriodRange): Q {
  const start = dayNumber(range.startDate);
  const end = dayNumber(range.endDate);
  const from = rep.hiredAt ? Math.max(start, dayNumber(rep.hiredAt)) : start;
  const to = rep.leftAt ? Math.min(end, dayNumber(rep.leftAt) + 1) : end;
  if (to <= from) return qi(0);
  if (from === start && to === end) return Q1;
  return { n: BigInt(to - from), d: BigInt(end - start) };
}

/** Ramp fraction: plan.ramp[k] in the k-th period counted from the one holding the hire date (0-based); then 1. */
export function rampFactor(rep: Rep, period: string, plan: PlanVersion): Q {
  if (!plan.ramp || plan.ramp.length === 0 || !rep.hiredAt) return Q1;
  const kind = periodKindOfKey(period);
  if (!kind) return Q1;
  const fys = plan.fiscalYearStart ?? 1;
  const s = periodStartMonth(period, fys);
  const hireMonth = Number(rep.hiredAt.slice(0, 4)) * 12 + Number(rep.hiredAt.slice(5, 7)) - 1;
  const periodMonth = s.year * 12 + s.month - 1;
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  // Periods are aligned to the fiscal calendar, so the hire period starts at the aligned month at or before hire.
  const offset = (((hireMonth - (fys - 1)) % months) + months) % months;
  const k = Math.floor((periodMonth - (hireMonth - offset)) / months);
  if (k < 0) return qi(0);
  const r = plan.ramp[k];
  return r === undefined ? Q1 : qd(r);
}

/**
 * The rep's target for a period: quota × ramp × days employed / days in period, rounded once by the one rule
 * (count targets: to the nearest whole deal, half up). `fixed` quotas are taken as they are.
 */
export function resolveRepQuota(
  book: QuotaBook,
  rep: Rep,
  period: string,
  range: PeriodRange,
  plan: PlanVersion,
): ResolvedQuota | null {
  return book.memo(`${rep.id}|${period}|${plan.id}|${plan.version}`, () => {
    const raw = book.repRaw(rep.id, period);
    if (!raw) return null;
    const ramp = raw.fixed ? Q1 : rampFactor(rep, period, plan);
    const prorate = raw.fixed || plan.prorate === false ? Q1 : prorationFactor(rep, range);
    const factor = mul(ramp, prorate);
    const rounding = plan.rounding ?? 'half_up';
    const amount =
      raw.amount == null ? null : roundQ(mul(qi(toMinor(raw.amount, plan.currency, rounding)), factor), rounding);
    const count = raw.count == null ? null : Number(roundQ(mul(qi(raw.count), factor), 'half_up'));
    return { amount, count, factor, ramp, prorate };
  });
}
