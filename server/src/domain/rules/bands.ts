import { toMinor } from '../money/money';
import { div, gte, lt, mul, type Q, qd, qi } from '../money/q';
import { roundQ } from '../money/round';
import type { Tier, TieredRule } from '../plan/types';
import type { RepPeriod } from './context';

export interface Band {
  index: number;
  tier: Tier;
  /** Band edges in minor units of credit; to = null is unbounded. */
  from: Q;
  to: Q | null;
  rate: Q;
}

/**
 * Tier bands as money. Revenue bands are the plan's amounts (× bandScale for the YTD true-up). Attainment bands are
 * quota × ratio, rounded to the kopeck by the one rounding rule so every slice on a statement is a real amount.
 * Returns null when attainment bands have no quota to stand on.
 */
const bandMemo = new WeakMap<RepPeriod, Map<TieredRule, Band[] | null>>();

export function moneyBands(ctx: RepPeriod, rule: TieredRule): Band[] | null {
  let m = bandMemo.get(ctx);
  if (!m) {
    m = new Map();
    bandMemo.set(ctx, m);
  }
  if (m.has(rule)) return m.get(rule)!;
  const bands = computeBands(ctx, rule);
  m.set(rule, bands);
  return bands;
}

function computeBands(ctx: RepPeriod, rule: TieredRule): Band[] | null {
  if (rule.basis === 'count_attainment') return null;
  const quota = ctx.quota;
  if (rule.basis === 'attainment' && (quota === null || quota.n <= 0n)) return null;
  return rule.tiers.map((tier, index) => ({
    index,
    tier,
    from: edgeOf(ctx, rule, quota, tier.from),
    to: tier.to === null ? null : edgeOf(ctx, rule, quota, tier.to),
    rate: qd(tier.rate),
  }));
}

function edgeOf(ctx: RepPeriod, rule: TieredRule, quota: Q | null, value: string): Q {
  return rule.basis === 'revenue'
    ? qi(toMinor(value, ctx.currency, ctx.rounding) * BigInt(ctx.bandScale))
    : qi(roundQ(mul(quota!, qd(value)), ctx.rounding));
}

function unitOf(ctx: RepPeriod, rule: TieredRule, v: string): Q {
  return rule.basis === 'revenue' ? qi(toMinor(v, ctx.currency, ctx.rounding)) : qd(v);
}

/** The band a credit (or a ratio, for attainment-judged retroactive tiers) falls in: from ≤ x < to. */
export function bandIndexOf(rule: TieredRule, ctx: RepPeriod, credit: Q): number {
  let measure: Q | null;
  if (rule.basis === 'revenue') measure = div(credit, qi(ctx.bandScale));
  else if (rule.basis === 'attainment') measure = ctx.quota && ctx.quota.n > 0n ? div(credit, ctx.quota) : null;
  else measure = ctx.countAttainment;
  if (measure === null) return -1;
  let found = -1;
  for (let i = 0; i < rule.tiers.length; i++) {
    const t = rule.tiers[i]!;
    if (gte(measure, unitOf(ctx, rule, t.from)) && (t.to === null || lt(measure, unitOf(ctx, rule, t.to)))) found = i;
  }
  return found;
}
