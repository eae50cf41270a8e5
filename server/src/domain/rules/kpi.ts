import { toMinor } from '../money/money';
import { eq, gt, gte, lt, mul, type Q, Q0, qd, qi, qmin } from '../money/q';
import { roundQ } from '../money/round';
import type { KpiRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc, fp, fr } from './text';

/** K(attainment) of a Russian KPI table: 0 below the gate; table band (from ≤ a < to) or a itself; at most cap. */
export function kpiCoefficient(rule: KpiRule, attainment: Q | null): Q {
  if (attainment === null) return Q0;
  if (rule.gate != null && lt(attainment, qd(rule.gate))) return Q0;
  let k = Q0;
  if (rule.mode === 'linear') k = attainment;
  else
    for (const row of rule.table ?? [])
      if (gte(attainment, qd(row.from)) && (row.to === null || lt(attainment, qd(row.to)))) k = qd(row.k);
  if (rule.cap != null) k = qmin(k, qd(rule.cap));
  return k;
}

/** Bonus = target bonus × K(attainment) — the percent-of-plan coefficient tables of Russian KPI plans. */
export function kpiLines(ctx: RepPeriod, rule: KpiRule): Line[] {
  const att = rule.basis === 'count_attainment' ? ctx.countAttainment : ctx.attainment;
  const k = kpiCoefficient(rule, att);
  const target = toMinor(rule.targetBonus, ctx.currency, ctx.rounding);
  const amount = roundQ(mul(qi(target), k), ctx.rounding);
  const attText =
    att === null
      ? ctx.lang === 'ru'
        ? 'Нет плана на период'
        : 'No quota for the period'
      : ctx.lang === 'ru'
        ? `Выполнение ${fp(att, ctx.lang)}`
        : `Attainment ${fp(att, ctx.lang)}`;
  let why = '';
  if (att !== null && rule.gate != null && lt(att, qd(rule.gate)))
    why =
      ctx.lang === 'ru'
        ? ` (ниже порога ${fp(qd(rule.gate), ctx.lang)})`
        : ` (below the gate ${fp(qd(rule.gate), ctx.lang)})`;
  else if (rule.cap != null && eq(k, qd(rule.cap)) && att !== null && gt(att, k) && rule.mode === 'linear')
    why = ctx.lang === 'ru' ? ` (ограничен ${fr(k, ctx.lang)})` : ` (capped at ${fr(k, ctx.lang)})`;
  return [
    {
      kind: 'kpi',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: qi(target),
      rate: k,
      amount,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `${attText} → K = ${fr(k, ctx.lang)}${why}; ${fmc(ctx, target)} × ${fr(k, ctx.lang)} = ${fmc(ctx, amount)}`
          : `${attText} → K = ${fr(k, ctx.lang)}${why}; ${fmc(ctx, target)} × ${fr(k, ctx.lang)} = ${fmc(ctx, amount)}`,
    },
  ];
}
