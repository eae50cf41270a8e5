import { toMinor } from '../money/money';
import { qi } from '../money/q';
import type { CapRule, FloorRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc } from './text';

/** Period cap: when the listed rules' lines (default all lines so far) exceed maxPerPeriod, a negative line trims them. */
export function capLines(ctx: RepPeriod, rule: CapRule, before: Line[]): Line[] {
  const max = toMinor(rule.maxPerPeriod, ctx.currency, ctx.rounding);
  const covered = rule.rules ? before.filter((l) => rule.rules!.includes(l.ruleId)) : before;
  const sum = covered.reduce((a, l) => a + l.amount, 0n);
  if (sum <= max) return [];
  const amount = max - sum;
  return [
    {
      kind: 'cap',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: qi(sum),
      rate: null,
      amount,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `Выплата за период ограничена ${fmc(ctx, max)}: начислено ${fmc(ctx, sum)}, снято ${fmc(ctx, -amount)}`
          : `Pay for the period is capped at ${fmc(ctx, max)}: earned ${fmc(ctx, sum)}, less ${fmc(ctx, -amount)}`,
    },
  ];
}

/** Floor: when all lines so far sum below minPerPeriod, a top-up line brings them to it (never recovered). */
export function floorLines(ctx: RepPeriod, rule: FloorRule, before: Line[]): Line[] {
  const min = toMinor(rule.minPerPeriod, ctx.currency, ctx.rounding);
  const sum = before.reduce((a, l) => a + l.amount, 0n);
  if (sum >= min) return [];
  const amount = min - sum;
  return [
    {
      kind: 'floor',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: qi(sum),
      rate: null,
      amount,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `Гарантированный минимум ${fmc(ctx, min)}: начислено ${fmc(ctx, sum)}, доплата ${fmc(ctx, amount)}`
          : `Guaranteed minimum ${fmc(ctx, min)}: earned ${fmc(ctx, sum)}, top-up ${fmc(ctx, amount)}`,
    },
  ];
}
