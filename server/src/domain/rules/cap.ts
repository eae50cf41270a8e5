import { Dec } from '../money/decimal';
import { toMinor } from '../money/money';
import type { CapRule, FloorRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, tr } from './text';

/** Period cap: when the listed rules' lines (default all lines so far) exceed maxPerPeriod, a negative line trims them. */
export function capLines(ctx: RepPeriod, rule: CapRule, before: Line[]): Line[] {
  const max = toMinor(rule.maxPerPeriod, ctx.currency, ctx.rounding);
  const covered = rule.rules ? before.filter((l) => rule.rules!.includes(l.ruleId)) : before;
  const sum = covered.reduce((a, l) => a.plus(l.amount), new Dec(0));
  if (sum.lte(max)) return [];
  const amount = max.minus(sum);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  return [
    {
      kind: 'cap',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: sum,
      rate: null,
      amount,
      dealId: null,
      explanation: tr(
        ctx.lang,
        `Выплата за период ограничена ${money(max)}: начислено ${money(sum)}, снято ${money(amount.neg())}`,
        `Pay for the period is capped at ${money(max)}: earned ${money(sum)}, less ${money(amount.neg())}`,
      ),
    },
  ];
}

/** Floor: when all lines so far sum below minPerPeriod, a top-up line brings them to it (never recovered). */
export function floorLines(ctx: RepPeriod, rule: FloorRule, before: Line[]): Line[] {
  const min = toMinor(rule.minPerPeriod, ctx.currency, ctx.rounding);
  const sum = before.reduce((a, l) => a.plus(l.amount), new Dec(0));
  if (sum.gte(min)) return [];
  const amount = min.minus(sum);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  return [
    {
      kind: 'floor',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: sum,
      rate: null,
      amount,
      dealId: null,
      explanation: tr(
        ctx.lang,
        `Гарантированный минимум ${money(min)}: начислено ${money(sum)}, доплата ${money(amount)}`,
        `Guaranteed minimum ${money(min)}: earned ${money(sum)}, top-up ${money(amount)}`,
      ),
    },
  ];
}
