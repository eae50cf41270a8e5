import { Dec, dec } from '../money/decimal';
import { toMinor } from '../money/money';
import { roundMinor } from '../money/round';
import type { FlatRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { fm, fp, tr } from './text';

/**
 * Flat rate on credit. With maxPerDeal, each deal's commission is min(credit × rate, cap): computed exactly as
 * rate × Σ(credits ≤ cap/rate) + cap × #(credits above), then rounded once.
 */
export function flatLines(ctx: RepPeriod, rule: FlatRule, gate: GateState | null): Line[] {
  const rate = dec(rule.rate);
  const name = ruleName(rule, ctx.lang);
  const line = (base: Dec, amount: Dec, explanation: string): Line => ({
    kind: 'commission',
    ruleId: rule.id,
    ruleName: name,
    base,
    rate,
    amount,
    dealId: null,
    explanation,
  });
  if (gate && !gate.met) return [line(ctx.credit, new Dec(0), `${name}: ${gate.note}`)];
  let base = ctx.credit;
  if (gate?.unpaidBelow) base = Dec.max(ctx.credit.minus(gate.threshold), 0);
  const money = (m: Dec) => fm(m, ctx.currency, ctx.lang);
  const gateNote = gate ? `; ${gate.note}` : '';
  if (rule.maxPerDeal && ctx.rows && !gate?.unpaidBelow) {
    const cap = toMinor(rule.maxPerDeal, ctx.currency, ctx.rounding);
    const limit = rate.gt(0) ? cap.div(rate).floor().toNumber() : Number.POSITIVE_INFINITY;
    let below = 0;
    let above = 0;
    const { credit, start, end } = ctx.rows;
    for (let i = start; i < end; i++) {
      const c = credit[i]!;
      if (c <= limit) below += c;
      else above++;
    }
    const amount = roundMinor(rate.times(below).plus(cap.times(above)), ctx.rounding);
    const capped = above
      ? tr(
          ctx.lang,
          `; по ${above} сделк(ам) выплата ограничена ${money(cap)} за сделку`,
          `; ${above} deal(s) capped at ${money(cap)} each`,
        )
      : '';
    return [
      line(
        base,
        amount,
        tr(
          ctx.lang,
          `${fp(rate, ctx.lang)} с зачтённой выручки ${money(base)}${capped} = ${money(amount)}${gateNote}`,
          `${fp(rate, ctx.lang)} of credited revenue ${money(base)}${capped} = ${money(amount)}${gateNote}`,
        ),
      ),
    ];
  }
  const amount = roundMinor(base.times(rate), ctx.rounding);
  const what = gate?.unpaidBelow
    ? tr(ctx.lang, `выручки сверх порога ${money(base)}`, `revenue above the gate ${money(base)}`)
    : tr(ctx.lang, `зачтённой выручки ${money(base)}`, `credited revenue ${money(base)}`);
  return [
    line(
      base,
      amount,
      tr(
        ctx.lang,
        `${fp(rate, ctx.lang)} с ${what} = ${money(amount)}${gateNote}`,
        `${fp(rate, ctx.lang)} of ${what} = ${money(amount)}${gateNote}`,
      ),
    ),
  ];
}
