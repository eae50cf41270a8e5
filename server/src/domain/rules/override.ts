import { mul, Q0, qd, qmax, sub } from '../money/q';
import { roundQ } from '../money/round';
import type { OverrideRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc, fp } from './text';

/** Manager override: rate × the roll-up credit of the departments the rep heads (own credit excluded unless includeOwn). */
export function overrideLines(ctx: RepPeriod, rule: OverrideRule): Line[] {
  if (ctx.teamCredit === null) return [];
  const rate = qd(rule.rate);
  const base = rule.includeOwn ? ctx.teamCredit : qmax(sub(ctx.teamCredit, ctx.credit), Q0);
  const amount = roundQ(mul(base, rate), ctx.rounding);
  const own = rule.includeOwn
    ? ctx.lang === 'ru'
      ? 'включая свои сделки'
      : 'own deals included'
    : ctx.lang === 'ru'
      ? 'без своих сделок'
      : 'own deals excluded';
  return [
    {
      kind: 'override',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base,
      rate,
      amount,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `${fp(rate, ctx.lang)} с выручки отдела ${fmc(ctx, base)} (${own}) = ${fmc(ctx, amount)}`
          : `${fp(rate, ctx.lang)} of team revenue ${fmc(ctx, base)} (${own}) = ${fmc(ctx, amount)}`,
    },
  ];
}
