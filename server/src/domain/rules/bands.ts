import { Dec, dec } from '../money/decimal';
import { toMinor } from '../money/money';
import { roundMinor } from '../money/round';
import type { Tier, TieredRule } from '../plan/types';
import type { RepPeriod } from './context';

export interface Band {
  index: number;
  tier: Tier;
  /** Band edges in minor units of credit; to = null is unbounded. */
  from: Dec;
  to: Dec | null;
  rate: Dec;
}

/**
 * Tier bands as money. Revenue bands are the plan's amounts (× bandScale for the YTD true-up). Attainment bands are
 * quota × ratio, rounded to the kopeck by the one rounding rule so every slice on a statement is a real amount.
 * Returns null when attainment bands have no quota to stand on.
 */
export function moneyBands(ctx: RepPeriod, rule: TieredRule): Band[] | null {
  if (rule.basis === 'count_attainment') return null;
  if (rule.basis === 'attainment' && (ctx.quota === null || ctx.quota.lte(0))) return null;
  const edge = (value: string): Dec =>
    rule.basis === 'revenue'
      ? toMinor(value, ctx.currency, ctx.rounding).times(ctx.bandScale)
      : roundMinor(ctx.quota!.times(dec(value)), ctx.rounding);
  return rule.tiers.map((tier, index) => ({
    index,
    tier,
    from: edge(tier.from),
    to: tier.to === null ? null : edge(tier.to),
    rate: dec(tier.rate),
  }));
}

/** The band a credit (or a ratio, for attainment-judged retroactive tiers) falls in: from ≤ x < to. */
export function bandIndexOf(rule: TieredRule, ctx: RepPeriod, credit: Dec): number {
  let measure: Dec | null;
  if (rule.basis === 'revenue') measure = credit.div(ctx.bandScale);
  else if (rule.basis === 'attainment') measure = ctx.quota && ctx.quota.gt(0) ? credit.div(ctx.quota) : null;
  else measure = ctx.countAttainment;
  if (measure === null) return -1;
  const unit = rule.basis === 'revenue' ? (v: string) => toMinor(v, ctx.currency, ctx.rounding) : (v: string) => dec(v);
  let found = -1;
  rule.tiers.forEach((t, i) => {
    if (measure!.gte(unit(t.from)) && (t.to === null || measure!.lt(unit(t.to)))) found = i;
  });
  return found;
}
