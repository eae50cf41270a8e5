import { toMinor } from '../money/money';
import type { Adjustment } from '../types';
import type { Line, RepPeriod } from './context';

/** A manual adjustment; one aimed at a closed period is booked into this open one instead, and says so. */
export function adjustmentLine(ctx: RepPeriod, adj: Adjustment): Line {
  const moved =
    adj.period === ctx.period
      ? ''
      : ctx.lang === 'ru'
        ? ` (относится к закрытому периоду ${adj.period})`
        : ` (for closed period ${adj.period})`;
  return {
    kind: 'adjustment',
    ruleId: `adjustment:${adj.id}`,
    ruleName: ctx.lang === 'ru' ? 'Корректировка' : 'Adjustment',
    base: null,
    rate: null,
    amount: toMinor(adj.amount, ctx.currency, ctx.rounding),
    dealId: null,
    explanation: `${adj.reason}${moved}`,
  };
}
