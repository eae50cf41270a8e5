import { toMinor } from '../money/money';
import { gte, qd } from '../money/q';
import type { StepBonusRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, fp } from './text';

/** Step bonus: the highest step whose threshold attainment reaches (≥) pays its fixed amount; steps do not add up. */
export function stepLines(ctx: RepPeriod, rule: StepBonusRule): Line[] {
  const att = rule.basis === 'count_attainment' ? ctx.countAttainment : ctx.attainment;
  const name = ruleName(rule, ctx.lang);
  let reached = -1;
  if (att !== null)
    rule.steps.forEach((s, i) => {
      if (gte(att, qd(s.atLeast))) reached = i;
    });
  const attText = att === null ? (ctx.lang === 'ru' ? 'нет плана' : 'no quota') : fp(att, ctx.lang);
  if (reached < 0) {
    const first = rule.steps[0];
    return [
      {
        kind: 'bonus',
        ruleId: rule.id,
        ruleName: name,
        base: null,
        rate: null,
        amount: 0n,
        dealId: null,
        explanation:
          ctx.lang === 'ru'
            ? `Выполнение ${attText}: первая ступень бонуса с ${first ? fp(qd(first.atLeast), ctx.lang) : '—'} не достигнута`
            : `Attainment ${attText}: the first bonus step at ${first ? fp(qd(first.atLeast), ctx.lang) : '—'} is not reached`,
      },
    ];
  }
  const step = rule.steps[reached]!;
  const amount = toMinor(step.amount, ctx.currency, ctx.rounding);
  const money = fm(amount, ctx.currency, ctx.lang);
  return [
    {
      kind: 'bonus',
      ruleId: rule.id,
      ruleName: name,
      base: null,
      rate: null,
      amount,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `Выполнение ${attText} ≥ ${fp(qd(step.atLeast), ctx.lang)}${step.name ? ` («${step.name}»)` : ''}: бонус ${money}`
          : `Attainment ${attText} ≥ ${fp(qd(step.atLeast), ctx.lang)}${step.name ? ` (“${step.name}”)` : ''}: bonus ${money}`,
    },
  ];
}
