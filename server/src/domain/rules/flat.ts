import { toMinor } from '../money/money';
import { add, div, floorQ, mul, Q0, qd, qi, qmax, sub } from '../money/q';
import { roundQ } from '../money/round';
import type { FlatRule } from '../plan/types';
import { type Line, mkLine, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { fmc, fp } from './text';

/**
 * Flat rate on credit. With maxPerDeal, each deal's commission is min(credit × rate, cap): computed exactly as
 * rate × Σ(credits ≤ cap/rate) + cap × #(credits above), then rounded once.
 */
export function flatLines(ctx: RepPeriod, rule: FlatRule, gate: GateState | null): Line[] {
  const rate = qd(rule.rate);
  const name = ruleName(rule, ctx.lang);
  if (gate && !gate.met) return [mkLine('commission', rule.id, name, ctx.credit, rate, 0n, `${name}: ${gate.note}`)];
  let base = ctx.credit;
  if (gate?.unpaidBelow) base = qmax(sub(ctx.credit, gate.threshold), Q0);
  const gateNote = gate ? `; ${gate.note}` : '';
  if (rule.maxPerDeal && ctx.rows && !gate?.unpaidBelow) {
    const cap = toMinor(rule.maxPerDeal, ctx.currency, ctx.rounding);
    // Credits are whole kopecks, so c ≤ cap/rate ⇔ c ≤ floor(cap/rate).
    const limit = rate.n > 0n ? Number(floorQ(div(qi(cap), rate))) : Number.POSITIVE_INFINITY;
    let below = 0;
    let above = 0;
    const { credit, start, end } = ctx.rows;
    for (let i = start; i < end; i++) {
      const c = credit[i]!;
      if (c <= limit) below += c;
      else above++;
    }
    const amount = roundQ(add(mul(rate, qi(below)), qi(cap * BigInt(above))), ctx.rounding);
    const capped = above
      ? ctx.lang === 'ru'
        ? `; по ${above} сделк(ам) выплата ограничена ${fmc(ctx, cap)} за сделку`
        : `; ${above} deal(s) capped at ${fmc(ctx, cap)} each`
      : '';
    return [
      mkLine(
        'commission',
        rule.id,
        name,
        base,
        rate,
        amount,
        ctx.lang === 'ru'
          ? `${fp(rate, ctx.lang)} с зачтённой выручки ${fmc(ctx, base)}${capped} = ${fmc(ctx, amount)}${gateNote}`
          : `${fp(rate, ctx.lang)} of credited revenue ${fmc(ctx, base)}${capped} = ${fmc(ctx, amount)}${gateNote}`,
      ),
    ];
  }
  const amount = roundQ(mul(base, rate), ctx.rounding);
  const what = gate?.unpaidBelow
    ? ctx.lang === 'ru'
      ? `выручки сверх порога ${fmc(ctx, base)}`
      : `revenue above the gate ${fmc(ctx, base)}`
    : ctx.lang === 'ru'
      ? `зачтённой выручки ${fmc(ctx, base)}`
      : `credited revenue ${fmc(ctx, base)}`;
  return [
    mkLine(
      'commission',
      rule.id,
      name,
      base,
      rate,
      amount,
      ctx.lang === 'ru'
        ? `${fp(rate, ctx.lang)} с ${what} = ${fmc(ctx, amount)}${gateNote}`
        : `${fp(rate, ctx.lang)} of ${what} = ${fmc(ctx, amount)}${gateNote}`,
    ),
  ];
}
