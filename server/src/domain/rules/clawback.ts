import { Dec } from '../money/decimal';
import { toMinor } from '../money/money';
import type { ClawbackRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, tr } from './text';

export interface ClawbackDue {
  dealId: string;
  title: string;
  wonPeriod: string;
  /** Commission the deal earned in its (closed) period, minor units > 0. */
  amount: Dec;
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
  carried: Dec,
): { lines: Line[]; carried: Dec } {
  const id = rule?.id ?? 'clawback';
  const name = rule ? ruleName(rule, ctx.lang) : tr(ctx.lang, 'Возврат комиссии', 'Clawback');
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  const lines: Line[] = [];
  const base = { kind: 'clawback' as const, ruleId: id, ruleName: name, rate: null };
  if (carried.gt(0))
    lines.push({
      ...base,
      base: carried,
      amount: carried.neg(),
      dealId: null,
      explanation: tr(
        ctx.lang,
        `Перенесённый остаток возврата ${money(carried)}`,
        `Clawback carried forward ${money(carried)}`,
      ),
    });
  for (const d of due) {
    const what =
      d.reversal === 'lost' ? tr(ctx.lang, 'проиграна', 'was lost') : tr(ctx.lang, 'возвращена', 'was refunded');
    lines.push({
      ...base,
      base: d.amount,
      amount: d.amount.neg(),
      dealId: d.dealId,
      explanation: tr(
        ctx.lang,
        `Сделка «${d.title}» ${what} после выплаты за закрытый период ${d.wonPeriod}: возврат начисленной по ней комиссии ${money(d.amount)} (закрытый период не меняется)`,
        `Deal “${d.title}” ${what} after it was paid in closed period ${d.wonPeriod}: its commission ${money(d.amount)} is reversed here (the closed period is not changed)`,
      ),
    });
  }
  const total = lines.reduce((a, l) => a.minus(l.amount), new Dec(0));
  if (rule?.maxPerPeriod) {
    const max = toMinor(rule.maxPerPeriod, ctx.currency, ctx.rounding);
    if (total.gt(max)) {
      const deferred = total.minus(max);
      lines.push({
        ...base,
        base: total,
        amount: deferred,
        dealId: null,
        explanation: tr(
          ctx.lang,
          `За период удерживается не более ${money(max)}: ${money(deferred)} переносится на следующий период`,
          `At most ${money(max)} is recovered per period: ${money(deferred)} moves to the next period`,
        ),
      });
      return { lines, carried: deferred };
    }
  }
  return { lines, carried: new Dec(0) };
}
