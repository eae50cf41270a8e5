import { toMinor } from '../money/money';
import { gte, mul, type Q, Q0, qd, qmax, sub } from '../money/q';
import { roundQ } from '../money/round';
import type { TieredRule } from '../plan/types';
import { bandIndexOf, moneyBands } from './bands';
import { type Line, mkLine, type RepPeriod, ruleName } from './context';
import type { GateState } from './gate';
import { marginalSlice } from './pay';
import { fm, fmc, fp, fr } from './text';

function showEdge(rule: TieredRule, v: string, ctx: RepPeriod): string {
  return rule.basis === 'revenue' ? fm(toMinor(v, ctx.currency), ctx.currency, ctx.lang) : fp(qd(v), ctx.lang);
}

const labelCache = { ru: new WeakMap<object, string>(), en: new WeakMap<object, string>() };

function bandLabel(rule: TieredRule, i: number, ctx: RepPeriod): string {
  const t = rule.tiers[i]!;
  if (t.name) return ctx.lang === 'ru' ? `«${t.name}»` : `“${t.name}”`;
  if (rule.basis !== 'revenue' || ctx.bandScale === 1) {
    const hit = labelCache[ctx.lang].get(t);
    if (hit !== undefined) return hit;
    const label = bandLabelText(rule, t, ctx);
    labelCache[ctx.lang].set(t, label);
    return label;
  }
  return bandLabelText(rule, t, ctx);
}

function bandLabelText(rule: TieredRule, t: TieredRule['tiers'][number], ctx: RepPeriod): string {
  const upper = t.to === null ? (ctx.lang === 'ru' ? 'и выше' : 'and above') : `– ${showEdge(rule, t.to, ctx)}`;
  return `${showEdge(rule, t.from, ctx)} ${upper}`;
}

/**
 * Tiers on revenue or attainment. Marginal: one line per band reached, each band's slice of credit at its own rate
 * (continuous in credit). Retroactive: one line, the reached band's rate on all credit (jumps at band edges).
 * A band edge belongs to the upper band: exactly 100 % attainment pays the "from 100 %" rate.
 */
function noQuotaText(ctx: RepPeriod, name: string): string {
  return ctx.lang === 'ru'
    ? `${name}: нет плана на период — ставка по выполнению не определена, выплата 0`
    : `${name}: no quota for the period — attainment tiers pay 0`;
}

export function tieredLines(ctx: RepPeriod, rule: TieredRule, gate: GateState | null): Line[] {
  const name = ruleName(rule, ctx.lang);
  if (gate && !gate.met) return [mkLine('tier', rule.id, name, ctx.credit, null, 0n, `${name}: ${gate.note}`)];
  const gateNote = gate ? `; ${gate.note}` : '';
  if (rule.method === 'retroactive') {
    const i = bandIndexOf(rule, ctx, ctx.credit);
    if (rule.basis !== 'revenue' && (rule.basis === 'attainment' ? ctx.attainment : ctx.countAttainment) === null)
      return [mkLine('tier', rule.id, name, ctx.credit, null, 0n, noQuotaText(ctx, name))];
    if (i < 0)
      return [
        mkLine(
          'tier',
          rule.id,
          name,
          ctx.credit,
          null,
          0n,
          ctx.lang === 'ru' ? `${name}: ни одна ступень не достигнута` : `${name}: no tier reached`,
        ),
      ];
    const rate = qd(rule.tiers[i]!.rate);
    let base = ctx.credit;
    if (gate?.unpaidBelow) base = qmax(sub(base, gate.threshold), Q0);
    const amount = roundQ(mul(base, rate), ctx.rounding);
    const measure =
      rule.basis === 'revenue'
        ? ctx.lang === 'ru'
          ? `выручка ${fmc(ctx, ctx.credit)}`
          : `revenue ${fmc(ctx, ctx.credit)}`
        : ctx.lang === 'ru'
          ? `выполнение ${fp(rule.basis === 'attainment' ? ctx.attainment! : ctx.countAttainment!, ctx.lang)}`
          : `attainment ${fp(rule.basis === 'attainment' ? ctx.attainment! : ctx.countAttainment!, ctx.lang)}`;
    return [
      mkLine(
        'tier',
        rule.id,
        name,
        base,
        rate,
        amount,
        ctx.lang === 'ru'
          ? `${measure} — ступень ${bandLabel(rule, i, ctx)}: ставка ${fp(rate, ctx.lang)} на всю сумму ${fmc(ctx, base)} = ${fmc(ctx, amount)}${gateNote}`
          : `${measure} — tier ${bandLabel(rule, i, ctx)}: ${fp(rate, ctx.lang)} on the whole ${fmc(ctx, base)} = ${fmc(ctx, amount)}${gateNote}`,
      ),
    ];
  }
  const bands = moneyBands(ctx, rule);
  if (!bands) return [mkLine('tier', rule.id, name, ctx.credit, null, 0n, noQuotaText(ctx, name))];
  const lines: Line[] = [];
  for (const b of bands) {
    const from = gate?.unpaidBelow ? qmax(b.from, gate.threshold) : b.from;
    if (b.to !== null && gte(from, b.to)) continue;
    const slice = marginalSlice(ctx.credit, from, b.to);
    if (slice.n <= 0n) continue;
    const amount = roundQ(mul(slice, b.rate), ctx.rounding);
    const range =
      b.to === null
        ? ctx.lang === 'ru'
          ? `свыше ${fmc(ctx, from)}`
          : `above ${fmc(ctx, from)}`
        : `${fmc(ctx, from)} – ${fmc(ctx, b.to)}`;
    lines.push({
      ...mkLine(
        'tier',
        rule.id,
        name,
        slice,
        b.rate,
        amount,
        ctx.lang === 'ru'
          ? `Ступень ${bandLabel(rule, b.index, ctx)} (${range}): ${fmc(ctx, slice)} × ${fr(b.rate, ctx.lang)} = ${fmc(ctx, amount)}${gateNote}`
          : `Tier ${bandLabel(rule, b.index, ctx)} (${range}): ${fmc(ctx, slice)} × ${fr(b.rate, ctx.lang)} = ${fmc(ctx, amount)}${gateNote}`,
      ),
    });
  }
  if (lines.length === 0)
    lines.push(
      mkLine(
        'tier',
        rule.id,
        name,
        Q0,
        qd(rule.tiers[0]!.rate),
        0n,
        ctx.lang === 'ru' ? `${name}: нет зачтённой выручки` : `${name}: no credited revenue`,
      ),
    );
  return lines;
}

/** Name of the tier the credit lands in (what-if), or null. */
export function tierNameAt(ctx: RepPeriod, rule: TieredRule, credit: Q): string | null {
  const i = bandIndexOf(rule, ctx, credit);
  if (i < 0) return null;
  return rule.tiers[i]!.name ?? bandLabel(rule, i, ctx);
}
