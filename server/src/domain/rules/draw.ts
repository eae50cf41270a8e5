import { Dec } from '../money/decimal';
import { toMinor } from '../money/money';
import type { DrawRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, tr } from './text';

/**
 * Draw against commission. When the period's earnings are below the draw, a "draw" line tops them up to it.
 * Non-recoverable: that top-up is a gift. Recoverable: it is added to the balance the rep owes, and later periods that
 * earn above the draw pay it back by a negative "draw_recovery" line (at most the excess, at most maxRecoveryPerPeriod).
 * The balance carries across periods (and across runs via PaidRecord.drawBalance).
 */
export function drawLines(ctx: RepPeriod, rule: DrawRule, earned: Dec, balance: Dec): { lines: Line[]; balance: Dec } {
  const draw = toMinor(rule.amountPerPeriod, ctx.currency, ctx.rounding);
  const name = ruleName(rule, ctx.lang);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  if (earned.lt(draw)) {
    const top = draw.minus(earned);
    const after = rule.recoverable ? balance.plus(top) : balance;
    const owed = rule.recoverable
      ? tr(ctx.lang, `; возвратная — долг к погашению ${money(after)}`, `; recoverable — balance owed ${money(after)}`)
      : tr(ctx.lang, '; невозвратная', '; non-recoverable');
    return {
      lines: [
        {
          kind: 'draw',
          ruleId: rule.id,
          ruleName: name,
          base: earned,
          rate: null,
          amount: top,
          dealId: null,
          explanation: tr(
            ctx.lang,
            `Гарантия ${money(draw)}: начислено ${money(earned)}, доплата ${money(top)}${owed}`,
            `Draw ${money(draw)}: earned ${money(earned)}, top-up ${money(top)}${owed}`,
          ),
        },
      ],
      balance: after,
    };
  }
  if (!rule.recoverable || balance.lte(0)) return { lines: [], balance };
  let recover = Dec.min(balance, earned.minus(draw));
  if (rule.maxRecoveryPerPeriod)
    recover = Dec.min(recover, toMinor(rule.maxRecoveryPerPeriod, ctx.currency, ctx.rounding));
  if (recover.lte(0)) return { lines: [], balance };
  const after = balance.minus(recover);
  return {
    lines: [
      {
        kind: 'draw_recovery',
        ruleId: rule.id,
        ruleName: name,
        base: balance,
        rate: null,
        amount: recover.neg(),
        dealId: null,
        explanation: tr(
          ctx.lang,
          `Погашение гарантии: долг ${money(balance)}, удержано ${money(recover)} из начисленного сверх ${money(draw)}; остаток ${money(after)}`,
          `Draw recovery: owed ${money(balance)}, recovered ${money(recover)} from earnings above ${money(draw)}; left ${money(after)}`,
        ),
      },
    ],
    balance: after,
  };
}
