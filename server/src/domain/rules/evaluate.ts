import type { FlatRule, Rule, TieredRule } from '../plan/types';
import { acceleratorLines } from './accelerator';
import { capLines, floorLines } from './cap';
import type { Line, RepPeriod } from './context';
import { flatLines } from './flat';
import { gateFor } from './gate';
import { kpiLines } from './kpi';
import { overrideLines } from './override';
import { spiffLines } from './spiff';
import { stepLines } from './step';
import { tieredLines } from './tiered';

/** Rule types that pay per period from credit; draws, clawbacks and the true-up run later, across periods. */
export const PERIOD_RULES = new Set<Rule['type']>([
  'flat',
  'tiered',
  'accelerator',
  'decelerator',
  'gate',
  'cap',
  'floor',
  'step_bonus',
  'spiff',
  'kpi',
  'override',
]);

/** Rules re-evaluated on year-to-date figures by the true-up. */
export const COMMISSION_RULES = new Set<Rule['type']>(['flat', 'tiered', 'accelerator', 'decelerator', 'gate', 'cap']);

/** The period's variable-pay lines, in the plan's rule order (caps and floors see the lines above them). */
export function evaluateRules(ctx: RepPeriod, rules: Rule[], only: Set<Rule['type']> = PERIOD_RULES): Line[] {
  const lines: Line[] = [];
  for (const rule of rules) {
    if (!only.has(rule.type)) continue;
    switch (rule.type) {
      case 'flat':
        lines.push(...flatLines(ctx, rule, gateFor(rule, rules, ctx)));
        break;
      case 'tiered':
        lines.push(...tieredLines(ctx, rule, gateFor(rule, rules, ctx)));
        break;
      case 'accelerator':
      case 'decelerator': {
        const target = rules.find((r) => r.id === rule.of) as FlatRule | TieredRule | undefined;
        if (target) lines.push(...acceleratorLines(ctx, rule, target, gateFor(rule, rules, ctx)));
        break;
      }
      case 'cap':
        lines.push(...capLines(ctx, rule, lines));
        break;
      case 'floor':
        lines.push(...floorLines(ctx, rule, lines));
        break;
      case 'step_bonus':
        lines.push(...stepLines(ctx, rule));
        break;
      case 'spiff':
        lines.push(...spiffLines(ctx, rule));
        break;
      case 'kpi':
        lines.push(...kpiLines(ctx, rule));
        break;
      case 'override':
        lines.push(...overrideLines(ctx, rule));
        break;
      default:
        break;
    }
  }
  return lines;
}
