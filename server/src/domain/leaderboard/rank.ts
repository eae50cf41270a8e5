import { cmp, type Q, qd, qi } from '../money/q';
import type { LeaderboardEntry, LeaderboardMetric, Statement } from '../types';

interface Keyed {
  s: Statement;
  credit: Q;
  commission: Q;
  attainment: Q | null;
}

function metricOf(k: Keyed, metric: LeaderboardMetric): Q | null {
  switch (metric) {
    case 'revenue':
      return k.credit;
    case 'won_count':
      return qi(k.s.wonCount);
    case 'attainment':
      return k.attainment;
    case 'commission':
      return k.commission;
  }
}

/**
 * Rank one period's statements by a metric, highest first. Ties are broken, in order, by credited revenue, won count,
 * then rep id (code-point order, not locale collation, so every machine agrees) — every rep gets a distinct rank
 * 1..n. A missing attainment (no quota) ranks below every number.
 */
export function rankLeaderboard(statements: Statement[], metric: LeaderboardMetric): LeaderboardEntry[] {
  const keyed: Keyed[] = statements.map((s) => ({
    s,
    credit: qd(s.credit.amount),
    commission: qd(s.total.amount),
    attainment: s.attainment === null ? null : qd(s.attainment),
  }));
  keyed.sort((a, b) => {
    const ma = metricOf(a, metric);
    const mb = metricOf(b, metric);
    if (ma === null || mb === null) {
      if (ma !== mb) return ma === null ? 1 : -1;
    } else {
      const c = cmp(mb, ma);
      if (c !== 0) return c;
    }
    const c2 = cmp(b.credit, a.credit);
    if (c2 !== 0) return c2;
    if (a.s.wonCount !== b.s.wonCount) return b.s.wonCount - a.s.wonCount;
    return a.s.repId < b.s.repId ? -1 : a.s.repId > b.s.repId ? 1 : 0;
  });
  return keyed.map((k, i) => ({
    rank: i + 1,
    repId: k.s.repId,
    repName: k.s.repName,
    credit: k.s.credit,
    wonCount: k.s.wonCount,
    attainment: k.s.attainment,
    commission: k.s.total,
  }));
}
