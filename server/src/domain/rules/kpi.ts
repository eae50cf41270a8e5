import { Dec, dec } from '../money/decimal';
import { toMinor } from '../money/money';
import { roundMinor } from '../money/round';
import type { KpiRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, fp, fr, tr } from './text';

/** K(attainment) of a Russian KPI table: 0 below the gate; table band (from ≤ a < to) or a itself; at most cap. */
export function kpiCoefficient(rule: KpiRule, attainment: Dec | null): Dec {
  if (attainment === null) return new Dec(0);
  if (rule.gate != null && attainment.lt(dec(rule.gate))) return new Dec(0);
  let k = new Dec(0);
  if (rule.mode === 'linear') k = attainment;
  else
    for (const row of rule.table ?? [])
      if (attainment.gte(dec(row.from)) && (row.to === null || attainment.lt(dec(row.to)))) k = dec(row.k);
  if (rule.cap != null) k = Dec.min(k, dec(rule.cap));
  return k;
}

/** Bonus = target bonus × K(attainment) — the percent-of-plan coefficient tables of Russian KPI plans. */
export function kpiLines(ctx: RepPeriod, rule: KpiRule): Line[] {
  const att = rule.basis === 'count_attainment' ? ctx.countAttainment : ctx.attainment;
  const k = kpiCoefficient(rule, att);
  const target = toMinor(rule.targetBonus, ctx.currency, ctx.rounding);
  const amount = roundMinor(target.times(k), ctx.rounding);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  const attText =
    att === null
      ? tr(ctx.lang, 'Нет плана на период', 'No quota for the period')
      : tr(ctx.lang, `Выполнение ${fp(att, ctx.lang)}`, `Attainment ${fp(att, ctx.lang)}`);
  let why = '';
  if (att !== null && rule.gate != null && att.lt(dec(rule.gate)))
    why = tr(
      ctx.lang,
      ` (ниже порога ${fp(dec(rule.gate), ctx.lang)})`,
      ` (below the gate ${fp(dec(rule.gate), ctx.lang)})`,
    );
  else if (rule.cap != null && k.eq(dec(rule.cap)) && att !== null && att.gt(k) && rule.mode === 'linear')
    why = tr(ctx.lang, ` (ограничен ${fr(k, ctx.lang)})`, ` (capped at ${fr(k, ctx.lang)})`);
  return [
    {
      kind: 'kpi',
      ruleId: rule.id,
      ruleName: ruleName(rule, ctx.lang),
      base: target,
      rate: k,
      amount,
      dealId: null,
      explanation: tr(
        ctx.lang,
        `${attText} → K = ${fr(k, ctx.lang)}${why}; ${money(target)} × ${fr(k, ctx.lang)} = ${money(amount)}`,
        `${attText} → K = ${fr(k, ctx.lang)}${why}; ${money(target)} × ${fr(k, ctx.lang)} = ${money(amount)}`,
      ),
    },
  ];
}
