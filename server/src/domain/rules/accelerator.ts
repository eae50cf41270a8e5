import { Dec, dec } from '../money/decimal';
import { roundMinor } from '../money/round';
import type { AcceleratorRule, DeceleratorRule, FlatRule, TieredRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { payOf } from './pay';
import { fm, fp, fr, tr } from './text';

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
  const m = dec(rule.multiplier);
  const rate = m.minus(1);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  const line = (base: Dec, amount: Dec, explanation: string): Line => ({
    kind: 'accelerator',
    ruleId: rule.id,
    ruleName: name,
    base,
    rate,
    amount,
    dealId: null,
    explanation,
  });
  if (gate && !gate.met) return [line(new Dec(0), new Dec(0), `${name}: ${gate.note}`)];
  if (ctx.quota === null || ctx.quota.lte(0))
    return [
      line(
        new Dec(0),
        new Dec(0),
        tr(ctx.lang, `${name}: нет плана на период — 0`, `${name}: no quota for the period — 0`),
      ),
    ];
  const ratio = dec(rule.type === 'accelerator' ? rule.above : rule.below);
  const threshold = roundMinor(ctx.quota.times(ratio), ctx.rounding);
  const below = Dec.min(ctx.credit, threshold);
  const targetName = ruleName(target, ctx.lang);
  if (rule.type === 'accelerator') {
    const base = payOf(target, ctx, ctx.credit).minus(payOf(target, ctx, below));
    const amount = roundMinor(base.times(rate), ctx.rounding);
    return [
      line(
        base,
        amount,
        tr(
          ctx.lang,
          `Сверх ${fp(ratio, ctx.lang)} плана (${money(threshold)}) «${targetName}» платит ×${fr(m, ctx.lang)}: доплата ${fr(rate, ctx.lang)} × ${money(base)} = ${money(amount)}`,
          `Above ${fp(ratio, ctx.lang)} of quota (${money(threshold)}) “${targetName}” pays ×${fr(m, ctx.lang)}: extra ${fr(rate, ctx.lang)} × ${money(base)} = ${money(amount)}`,
        ),
      ),
    ];
  }
  const base = payOf(target, ctx, below);
  const amount = roundMinor(base.times(rate), ctx.rounding);
  return [
    line(
      base,
      amount,
      tr(
        ctx.lang,
        `До ${fp(ratio, ctx.lang)} плана (${money(threshold)}) «${targetName}» платит ×${fr(m, ctx.lang)}: ${fr(rate, ctx.lang)} × ${money(base)} = ${money(amount)}`,
        `Below ${fp(ratio, ctx.lang)} of quota (${money(threshold)}) “${targetName}” pays ×${fr(m, ctx.lang)}: ${fr(rate, ctx.lang)} × ${money(base)} = ${money(amount)}`,
      ),
    ),
  ];
}
