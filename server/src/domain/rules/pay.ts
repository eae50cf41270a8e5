import { add, gt, mul, type Q, Q0, qd, qmin, sub } from '../money/q';
import type { FlatRule, TieredRule } from '../plan/types';
import { bandIndexOf, moneyBands } from './bands';
import type { RepPeriod } from './context';

/**
 * The exact (unrounded) pay of a flat or tiered rule as a function of credit — what accelerators, decelerators,
 * gates and the true-up re-evaluate at other credit levels. Per-deal caps are not part of it (see flat.ts).
 */
export function payOf(rule: FlatRule | TieredRule, ctx: RepPeriod, credit: Q): Q {
  if (credit.n <= 0n) return Q0;
  if (rule.type === 'flat') return mul(credit, qd(rule.rate));
  if (rule.method === 'retroactive') {
    const i = bandIndexOf(rule, ctx, credit);
    return i < 0 ? Q0 : mul(credit, qd(rule.tiers[i]!.rate));
  }
  const bands = moneyBands(ctx, rule);
  if (!bands) return Q0;
  let total = Q0;
  for (const b of bands) {
    const slice = marginalSlice(credit, b.from, b.to);
    if (slice.n > 0n) total = add(total, mul(slice, b.rate));
  }
  return total;
}

/** The part of credit inside [from, to). */
export function marginalSlice(credit: Q, from: Q, to: Q | null): Q {
  const top = to === null ? credit : qmin(credit, to);
  const s = sub(top, from);
  return gt(s, Q0) ? s : Q0;
}
