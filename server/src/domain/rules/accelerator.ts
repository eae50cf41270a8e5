import { mul, Q0, qd, qi, qmin, sub } from '../money/q';
import { roundQ } from '../money/round';
import type { AcceleratorRule, DeceleratorRule, FlatRule, TieredRule } from '../plan/types';
import { type Line, mkLine, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { payOf } from './pay';
import { fmc, fp, fr } from './text';

const ONE = qi(1);

/**
 * Accelerator: credit above quota × `above` earns `multiplier` × what rule `of` pays on it; the line is the extra
 * (multiplier − 1) × [pay(C) − pay(min(C, T))]. Decelerator: credit below quota × `below` earns `multiplier` × its pay;
 * the line is the (negative) (multiplier − 1) × pay(min(C, T)). Both need a quota; without one they add 0.
 */
export function acceleratorLines(
  ctx: RepPeriod,
  rule: AcceleratorRule | DeceleratorRule,
  target: FlatRule | TieredRule,
  gate: GateState | null,
): Line[] {
  const name = ruleName(rule, ctx.lang);
  const m = qd(rule.multiplier);
  const rate = sub(m, ONE);
  if (gate && !gate.met) return [mkLine('accelerator', rule.id, name, Q0, rate, 0n, `${name}: ${gate.note}`)];
  if (ctx.quota === null || ctx.quota.n <= 0n)
    return [
      mkLine(
        'accelerator',
        rule.id,
        name,
        Q0,
        rate,
        0n,
        ctx.lang === 'ru' ? `${name}: нет плана на период — 0` : `${name}: no quota for the period — 0`,
      ),
    ];
  const ratio = qd(rule.type === 'accelerator' ? rule.above : rule.below);
  const threshold = qi(roundQ(mul(ctx.quota, ratio), ctx.rounding));
  const below = qmin(ctx.credit, threshold);
  const targetName = ruleName(target, ctx.lang);
  if (rule.type === 'accelerator') {
    // At or below the threshold there is nothing above it to accelerate: skip re-evaluating the rule.
    const base =
      ctx.credit.n * threshold.d <= threshold.n * ctx.credit.d
        ? Q0
        : sub(payOf(target, ctx, ctx.credit), payOf(target, ctx, below));
    const amount = roundQ(mul(base, rate), ctx.rounding);
    return [
      mkLine(
        'accelerator',
        rule.id,
        name,
        base,
        rate,
        amount,
        ctx.lang === 'ru'
          ? `Сверх ${fp(ratio, ctx.lang)} плана (${fmc(ctx, threshold)}) «${targetName}» платит ×${fr(m, ctx.lang)}: доплата ${fr(rate, ctx.lang)} × ${fmc(ctx, base)} = ${fmc(ctx, amount)}`
          : `Above ${fp(ratio, ctx.lang)} of quota (${fmc(ctx, threshold)}) “${targetName}” pays ×${fr(m, ctx.lang)}: extra ${fr(rate, ctx.lang)} × ${fmc(ctx, base)} = ${fmc(ctx, amount)}`,
      ),
    ];
  }
  const base = payOf(target, ctx, below);
  const amount = roundQ(mul(base, rate), ctx.rounding);
  return [
    mkLine(
      'accelerator',
      rule.id,
      name,
      base,
      rate,
      amount,
      ctx.lang === 'ru'
        ? `До ${fp(ratio, ctx.lang)} плана (${fmc(ctx, threshold)}) «${targetName}» платит ×${fr(m, ctx.lang)}: ${fr(rate, ctx.lang)} × ${fmc(ctx, base)} = ${fmc(ctx, amount)}`
        : `Below ${fp(ratio, ctx.lang)} of quota (${fmc(ctx, threshold)}) “${targetName}” pays ×${fr(m, ctx.lang)}: ${fr(rate, ctx.lang)} × ${fmc(ctx, base)} = ${fmc(ctx, amount)}`,
    ),
  ];
}
