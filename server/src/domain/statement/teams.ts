import type { CreditTable } from '../credit/aggregate';
import type { OrgTree } from '../credit/rollup';
import { money, toMinor } from '../money/money';
import { div, qi, ratioString } from '../money/q';
import { type QuotaBook, type ResolvedQuota, resolveRepQuota } from '../quota/quota';
import type { Rep, TeamResult } from '../types';
import type { Timeline } from './timeline';

/**
 * Department roll-ups for the requested periods: credit of every rep in the department or below (split deals count
 * once per department), quota = the department's own quota if set, else the sum of its members' quotas.
 */
export function teamResults(
  tl: Timeline,
  table: CreditTable,
  org: OrgTree,
  quotas: QuotaBook,
  reps: Rep[],
  quotaCells: (ResolvedQuota | null | undefined)[],
): TeamResult[] {
  const out: TeamResult[] = [];
  const T = tl.periods.length;
  org.departments.forEach((dept, di) => {
    const members = org.membersOf(di);
    for (let t = 0; t < T; t++) {
      if (tl.requested[t] === 0) continue;
      const period = tl.periods[t]!;
      const vi = tl.versionAt[t]!;
      const plan = vi >= 0 ? tl.versions[vi]! : tl.versions[0]!;
      const own = quotas.deptRaw(dept.id, period);
      let quota: bigint | null = null;
      let quotaCount: number | null = null;
      if (own) {
        quota = own.amount == null ? null : toMinor(own.amount, tl.currency);
        quotaCount = own.count ?? null;
      } else {
        for (const r of members) {
          const cached = quotaCells[r * T + t];
          const q = cached !== undefined ? cached : resolveRepQuota(quotas, reps[r]!, period, tl.ranges[t]!, plan);
          if (q?.amount != null) quota = (quota ?? 0n) + q.amount;
          if (q?.count != null) quotaCount = (quotaCount ?? 0) + q.count;
        }
      }
      const credit = table.teamCredit[di * T + t]!;
      out.push({
        departmentId: dept.id,
        period,
        quota: quota === null ? null : money(quota, tl.currency),
        quotaCount,
        credit: money(credit, tl.currency),
        wonCount: table.teamCount[di * T + t]!,
        attainment: quota !== null && quota > 0n ? ratioString(div(qi(credit), qi(quota)), 6) : null,
      });
    }
  });
  return out;
}
