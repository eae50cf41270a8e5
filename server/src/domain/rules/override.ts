import { Dec, dec } from '../money/decimal';
import { roundMinor } from '../money/round';
import type { OverrideRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, fp, tr } from './text';

/** Manager override: rate × the roll-up credit of the departments the rep heads (own credit excluded unless includeOwn). */
export function overrideLines(ctx: RepPeriod, rule: OverrideRule): Line[] {
  if (ctx.teamCredit === null) return [];
  const rate = dec(rule.rate);
  const base = rule.includeOwn ? ctx.teamCredit : Dec.max(ctx.teamCredit.minus(ctx.credit), 0);
  const amount = roundMinor(base.times(rate), ctx.rounding);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  const own = rule.includeOwn
    ? tr(ctx.lang, 'включая свои сделки', 'own deals included')
    : tr(ctx.lang, 'без своих сделок', 'own deals excluded');
  return [
    {
      kind: 'override',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base,
      rate,
      amount,
      dealId: null,
      explanation: tr(
        ctx.lang,
        `${fp(rate, ctx.lang)} с выручки отдела ${money(base)} (${own}) = ${money(amount)}`,
        `${fp(rate, ctx.lang)} of team revenue ${money(base)} (${own}) = ${money(amount)}`,
      ),
    },
  ];
}
