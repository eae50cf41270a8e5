import { toMinor } from '../money/money';
import { qi } from '../money/q';
import type { ClawbackRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc } from './text';

export interface ClawbackDue {
  dealId: string;
  title: string;
  wonPeriod: string;
  /** Commission the deal earned in its (closed) period, minor units > 0. */
  amount: bigint;
  reversal: 'lost' | 'refunded';
}

/**
 * Clawbacks land as negative lines in this (open) period — the closed period that paid the deal is never rewritten.
 * maxPerPeriod (Russian practice: reduce future accruals, never below what the local act allows) defers the rest:
 * a positive "deferred" line shows what moves on, and the next period books it first.
 */
export function clawbackLines(
  ctx: RepPeriod,
  rule: ClawbackRule | null,
  due: ClawbackDue[],
  carried: bigint,
): { lines: Line[]; carried: bigint } {
  const id = rule?.id ?? 'clawback';
  const name = rule ? ruleName(rule, ctx.lang) : ctx.lang === 'ru' ? 'Возврат комиссии' : 'Clawback';
  const lines: Line[] = [];
  const base = { kind: 'clawback' as const, ruleId: id, ruleName: name, rate: null };
  if (carried > 0n)
    lines.push({
      ...base,
      base: qi(carried),
      amount: -carried,
      dealId: null,
      explanation:
        ctx.lang === 'ru'
          ? `Перенесённый остаток возврата ${fmc(ctx, carried)}`
          : `Clawback carried forward ${fmc(ctx, carried)}`,
    });
  for (const d of due) {
    const what =
      d.reversal === 'lost'
        ? ctx.lang === 'ru'
          ? 'проиграна'
          : 'was lost'
        : ctx.lang === 'ru'
          ? 'возвращена'
          : 'was refunded';
    lines.push({
      ...base,
      base: qi(d.amount),
      amount: -d.amount,
      dealId: d.dealId,
      explanation:
        ctx.lang === 'ru'
          ? `Сделка «${d.title}» ${what} после выплаты за закрытый период ${d.wonPeriod}: возврат начисленной по ней комиссии ${fmc(ctx, d.amount)} (закрытый период не меняется)`
          : `Deal “${d.title}” ${what} after it was paid in closed period ${d.wonPeriod}: its commission ${fmc(ctx, d.amount)} is reversed here (the closed period is not changed)`,
    });
  }
  const total = lines.reduce((a, l) => a - l.amount, 0n);
  if (rule?.maxPerPeriod) {
    const max = toMinor(rule.maxPerPeriod, ctx.currency, ctx.rounding);
    if (total > max) {
      const deferred = total - max;
      lines.push({
        ...base,
        base: qi(total),
        amount: deferred,
        dealId: null,
        explanation:
          ctx.lang === 'ru'
            ? `За период удерживается не более ${fmc(ctx, max)}: ${fmc(ctx, deferred)} переносится на следующий период`
            : `At most ${fmc(ctx, max)} is recovered per period: ${fmc(ctx, deferred)} moves to the next period`,
      });
      return { lines, carried: deferred };
    }
  }
  return { lines, carried: 0n };
}
