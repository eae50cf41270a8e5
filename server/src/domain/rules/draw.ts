import { toMinor } from '../money/money';
import { qi } from '../money/q';
import type { DrawRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc } from './text';

/**
 * Draw against commission. When the period's earnings are below the draw, a "draw" line tops them up to it.
 * Non-recoverable: that top-up is a gift. Recoverable: it is added to the balance the rep owes, and later periods that
 * earn above the draw pay it back by a negative "draw_recovery" line (at most the excess, at most maxRecoveryPerPeriod).
 * The balance carries across periods (and across runs via PaidRecord.drawBalance).
 */
export function drawLines(
  ctx: RepPeriod,
  rule: DrawRule,
  earned: bigint,
  balance: bigint,
): { lines: Line[]; balance: bigint } {
  const draw = toMinor(rule.amountPerPeriod, ctx.currency, ctx.rounding);
  const name = ruleName(rule, ctx.lang);
  if (earned < draw) {
    const top = draw - earned;
    const after = rule.recoverable ? balance + top : balance;
    const owed = rule.recoverable
      ? ctx.lang === 'ru'
        ? `; возвратная — долг к погашению ${fmc(ctx, after)}`
        : `; recoverable — balance owed ${fmc(ctx, after)}`
      : ctx.lang === 'ru'
        ? '; невозвратная'
        : '; non-recoverable';
    return {
      lines: [
        {
          kind: 'draw',
          ruleId: rule.id,
          ruleName: name,
          base: qi(earned),
          rate: null,
          amount: top,
          dealId: null,
          explanation:
            ctx.lang === 'ru'
              ? `Гарантия ${fmc(ctx, draw)}: начислено ${fmc(ctx, earned)}, доплата ${fmc(ctx, top)}${owed}`
              : `Draw ${fmc(ctx, draw)}: earned ${fmc(ctx, earned)}, top-up ${fmc(ctx, top)}${owed}`,
        },
      ],
      balance: after,
    };
  }
  if (!rule.recoverable || balance <= 0n) return { lines: [], balance };
  let recover = balance < earned - draw ? balance : earned - draw;
  if (rule.maxRecoveryPerPeriod) {
    const max = toMinor(rule.maxRecoveryPerPeriod, ctx.currency, ctx.rounding);
    if (recover > max) recover = max;
  }
  if (recover <= 0n) return { lines: [], balance };
  const after = balance - recover;
  return {
    lines: [
      {
        kind: 'draw_recovery',
        ruleId: rule.id,
        ruleName: name,
        base: qi(balance),
        rate: null,
        amount: -recover,
        dealId: null,
        explanation:
          ctx.lang === 'ru'
            ? `Погашение гарантии: долг ${fmc(ctx, balance)}, удержано ${fmc(ctx, recover)} из начисленного сверх ${fmc(ctx, draw)}; остаток ${fmc(ctx, after)}`
            : `Draw recovery: owed ${fmc(ctx, balance)}, recovered ${fmc(ctx, recover)} from earnings above ${fmc(ctx, draw)}; left ${fmc(ctx, after)}`,
      },
    ],
    balance: after,
  };
}
