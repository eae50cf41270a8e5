import { toMinor } from '../money/money';
import { eq, mul, Q1, qi } from '../money/q';
import { roundQ } from '../money/round';
import type { SpiffRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, fp } from './text';

/**
 * SPIFF: a fixed amount per qualifying deal won within [from, to] (local dates, both inclusive), times this rep's
 * credit share. Conditions: pipelines, stages, minimum deal amount (plan currency), a custom field's value.
 */
export function spiffLines(ctx: RepPeriod, rule: SpiffRule): Line[] {
  const rows = ctx.rows;
  const cols = ctx.cols;
  if (!rows || !cols) return [];
  const per = toMinor(rule.amountPerDeal, ctx.currency, ctx.rounding);
  const from = rule.from ? ctx.localMidnight(rule.from) : Number.NEGATIVE_INFINITY;
  const to = rule.to ? ctx.localMidnight(rule.to) + 86_400_000 : Number.POSITIVE_INFINITY; // end of that local day (±DST hour)
  const min = rule.when?.minAmount ? Number(toMinor(rule.when.minAmount, ctx.currency, ctx.rounding)) : null;
  const name = ruleName(rule, ctx.lang);
  const lines: Line[] = [];
  for (let i = rows.start; i < rows.end; i++) {
    const d = rows.deal[i]!;
    const won = cols.wonAt[d]!;
    if (!(won >= from && won < to)) continue;
    const w = rule.when;
    if (w?.pipelines && !w.pipelines.includes(cols.pipelines[cols.pipeline[d]!]!)) continue;
    if (w?.stages && !w.stages.includes(cols.stages[cols.stage[d]!]!)) continue;
    if (min !== null && ctx.dealAmount(d) < min) continue;
    if (w?.field) {
      const value = cols.source?.[d]?.custom?.[w.field.name];
      if (value === undefined || value === null || !w.field.equals.includes(value)) continue;
    }
    const share = { n: BigInt(rows.ppm[i]!), d: 1_000_000n };
    const amount = roundQ(mul(qi(per), share), ctx.rounding);
    const title = cols.titles?.[d] ?? cols.ids[d]!;
    const shareText = eq(share, Q1)
      ? ''
      : ctx.lang === 'ru'
        ? ` × доля ${fp(share, ctx.lang)}`
        : ` × share ${fp(share, ctx.lang)}`;
    lines.push({
      kind: 'spiff',
      ruleId: rule.id,
      ruleName: name,
      base: qi(per),
      rate: share,
      amount,
      dealId: cols.ids[d]!,
      explanation:
        ctx.lang === 'ru'
          ? `Сделка «${title}» подходит под «${name}»: ${fm(per, ctx.currency, ctx.lang)}${shareText ? `${shareText} = ${fm(amount, ctx.currency, ctx.lang)}` : ''}`
          : `Deal “${title}” qualifies for “${name}”: ${fm(per, ctx.currency, ctx.lang)}${shareText ? `${shareText} = ${fm(amount, ctx.currency, ctx.lang)}` : ''}`,
    });
  }
  return lines;
}
