import { Dec, dec } from '../money/decimal';
import { toMinor } from '../money/money';
import { roundMinor } from '../money/round';
import type { TieredRule } from '../plan/types';
import { bandIndexOf, moneyBands } from './bands';
import { type Line, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { marginalSlice } from './pay';
import { fm, fp, fr, tr } from './text';

function bandLabel(rule: TieredRule, i: number, ctx: RepPeriod): string {
  const t = rule.tiers[i]!;
  if (t.name) return `«${t.name}»`;
  const show = (v: string) =>
    rule.basis === 'revenue' ? fm(toMinor(v, ctx.currency), ctx.currency, ctx.lang) : fp(dec(v), ctx.lang);
  const upper = t.to === null ? tr(ctx.lang, 'и выше', 'and above') : `– ${show(t.to)}`;
  return `${show(t.from)} ${upper}`;
}

/**
 * Tiers on revenue or attainment. Marginal: one line per band reached, each band's slice of credit at its own rate
 * (continuous in credit). Retroactive: one line, the reached band's rate on all credit (jumps at band edges).
 * A band edge belongs to the upper band: exactly 100 % attainment pays the "from 100 %" rate.
 */
export function tieredLines(ctx: RepPeriod, rule: TieredRule, gate: GateState | null): Line[] {
  const name = ruleName(rule, ctx.lang);
  const money = (m: Dec) => fm(m, ctx.currency, ctx.lang);
  const line = (base: Dec, rate: Dec | null, amount: Dec, explanation: string): Line => ({
    kind: 'tier',
    ruleId: rule.id,
    ruleName: name,
    base,
    rate,
    amount,
    dealId: null,
    explanation,
  });
  if (gate && !gate.met) return [line(ctx.credit, null, new Dec(0), `${name}: ${gate.note}`)];
  const gateNote = gate ? `; ${gate.note}` : '';
  const noQuota = tr(
    ctx.lang,
    `${name}: нет плана на период — ставка по выполнению не определена, выплата 0`,
    `${name}: no quota for the period — attainment tiers pay 0`,
  );
  if (rule.method === 'retroactive') {
    const i = bandIndexOf(rule, ctx, ctx.credit);
    if (rule.basis !== 'revenue' && (rule.basis === 'attainment' ? ctx.attainment : ctx.countAttainment) === null)
      return [line(ctx.credit, null, new Dec(0), noQuota)];
    if (i < 0)
      return [
        line(
          ctx.credit,
          null,
          new Dec(0),
          tr(ctx.lang, `${name}: ни одна ступень не достигнута`, `${name}: no tier reached`),
        ),
      ];
    const rate = dec(rule.tiers[i]!.rate);
    let base = ctx.credit;
    if (gate?.unpaidBelow) base = Dec.max(base.minus(gate.threshold), 0);
    const amount = roundMinor(base.times(rate), ctx.rounding);
    const measure =
      rule.basis === 'revenue'
        ? tr(ctx.lang, `выручка ${money(ctx.credit)}`, `revenue ${money(ctx.credit)}`)
        : tr(
            ctx.lang,
            `выполнение ${fp(rule.basis === 'attainment' ? ctx.attainment! : ctx.countAttainment!, ctx.lang)}`,
            `attainment ${fp(rule.basis === 'attainment' ? ctx.attainment! : ctx.countAttainment!, ctx.lang)}`,
          );
    return [
      line(
        base,
        rate,
        amount,
        tr(
          ctx.lang,
          `${measure} — ступень ${bandLabel(rule, i, ctx)}: ставка ${fp(rate, ctx.lang)} на всю сумму ${money(base)} = ${money(amount)}${gateNote}`,
          `${measure} — tier ${bandLabel(rule, i, ctx)}: ${fp(rate, ctx.lang)} on the whole ${money(base)} = ${money(amount)}${gateNote}`,
        ),
      ),
    ];
  }
  const bands = moneyBands(ctx, rule);
  if (!bands) return [line(ctx.credit, null, new Dec(0), noQuota)];
  const lines: Line[] = [];
  for (const b of bands) {
    const from = gate?.unpaidBelow ? Dec.max(b.from, gate.threshold) : b.from;
    if (b.to !== null && from.gte(b.to)) continue;
    const slice = marginalSlice(ctx.credit, from, b.to);
    if (slice.lte(0)) continue;
    const amount = roundMinor(slice.times(b.rate), ctx.rounding);
    const range =
      b.to === null ? tr(ctx.lang, `свыше ${money(from)}`, `above ${money(from)}`) : `${money(from)} – ${money(b.to)}`;
    lines.push({
      ...line(
        slice,
        b.rate,
        amount,
        tr(
          ctx.lang,
          `Ступень ${bandLabel(rule, b.index, ctx)} (${range}): ${money(slice)} × ${fr(b.rate, ctx.lang)} = ${money(amount)}${gateNote}`,
          `Tier ${bandLabel(rule, b.index, ctx)} (${range}): ${money(slice)} × ${fr(b.rate, ctx.lang)} = ${money(amount)}${gateNote}`,
        ),
      ),
    });
  }
  if (lines.length === 0)
    lines.push(
      line(
        new Dec(0),
        dec(rule.tiers[0]!.rate),
        new Dec(0),
        tr(ctx.lang, `${name}: нет зачтённой выручки`, `${name}: no credited revenue`),
      ),
    );
  return lines;
}

/** Name of the tier the credit lands in (what-if), or null. */
export function tierNameAt(ctx: RepPeriod, rule: TieredRule, credit: Dec): string | null {
  const i = bandIndexOf(rule, ctx, credit);
  if (i < 0) return null;
  return rule.tiers[i]!.name ?? bandLabel(rule, i, ctx);
}
