import { Dec, dec } from '../money/decimal';
import type { FlatRule, TieredRule } from '../plan/types';
import { bandIndexOf, moneyBands } from './bands';
import type { RepPeriod } from './context';

const ZERO = new Dec(0);

/**
 * The exact (unrounded) pay of a flat or tiered rule as a function of credit — what accelerators, decelerators,
 * gates and the true-up re-evaluate at other credit levels. Per-deal caps are not part of it (see flat.ts).
 */
export function payOf(rule: FlatRule | TieredRule, ctx: RepPeriod, credit: Dec): Dec {
  if (credit.lte(0)) return ZERO;
  if (rule.type === 'flat') return credit.times(dec(rule.rate));
  if (rule.method === 'retroactive') {
    const i = bandIndexOf(rule, ctx, credit);
    return i < 0 ? ZERO : credit.times(dec(rule.tiers[i]!.rate));
  }
  const bands = moneyBands(ctx, rule);
  if (!bands) return ZERO;
  let total = ZERO;
  for (const b of bands) {
    const slice = marginalSlice(credit, b.from, b.to);
    if (slice.gt(0)) total = total.plus(slice.times(b.rate));
  }
  return total;
}

/** The part of credit inside [from, to). */
export function marginalSlice(credit: Dec, from: Dec, to: Dec | null): Dec {
  const top = to === null ? credit : Dec.min(credit, to);
  const s = top.minus(from);
  return s.gt(0) ? s : ZERO;
}
