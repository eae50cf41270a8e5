import { gte, mul, type Q, Q0, qd, qi } from '../money/q';
import { roundQ } from '../money/round';
import type { GateRule, Rule } from '../plan/types';
import type { RepPeriod } from './context';
import { fp } from './text';

/** Rule types a gate covers when it lists no rule ids. */
const GATED_BY_DEFAULT = new Set<Rule['type']>(['flat', 'tiered', 'accelerator', 'decelerator']);

export interface GateState {
  rule: GateRule;
  met: boolean;
  /** quota × minAttainment in whole minor units (0 without quota). */
  threshold: Q;
  /** Revenue under the threshold earns nothing even when the gate is met ("unpaid"). */
  unpaidBelow: boolean;
  /** Why the gate is (not) met, for the gated lines' explanations. */
  note: string;
}

/**
 * Gates: a gated rule pays nothing while attainment < minAttainment (no quota counts as not met). Exactly at the
 * gate is met. By default (belowGate "paid") a met gate does not reprice anything: revenue below the threshold earns
 * its normal rate. With belowGate "unpaid" only credit above quota × minAttainment earns.
 */
export function gateFor(rule: Rule, rules: Rule[], ctx: RepPeriod): GateState | null {
  for (const g of rules) {
    if (g.type !== 'gate') continue;
    const covers = g.rules ? g.rules.includes(rule.id) : GATED_BY_DEFAULT.has(rule.type);
    if (!covers) continue;
    const min = qd(g.minAttainment);
    const met = ctx.attainment !== null && gte(ctx.attainment, min);
    const threshold = ctx.quota ? qi(roundQ(mul(ctx.quota, min), ctx.rounding)) : Q0;
    const att = ctx.attainment === null ? (ctx.lang === 'ru' ? 'нет плана' : 'no quota') : fp(ctx.attainment, ctx.lang);
    const note = met
      ? ctx.lang === 'ru'
        ? `порог ${fp(min, ctx.lang)} пройден (выполнение ${att})`
        : `gate ${fp(min, ctx.lang)} met (attainment ${att})`
      : ctx.lang === 'ru'
        ? `порог ${fp(min, ctx.lang)} не пройден (выполнение ${att}) — выплата 0`
        : `gate ${fp(min, ctx.lang)} not met (attainment ${att}) — pays 0`;
    return { rule: g, met, threshold, unpaidBelow: g.belowGate === 'unpaid', note };
  }
  return null;
}
