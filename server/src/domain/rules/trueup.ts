import type { Q } from '../money/q';
import type { TrueUpRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fmc, fp } from './text';

/**
 * Year-to-date true-up: the commission rules re-applied to fiscal-YTD credit against YTD quota (revenue bands scaled
 * by the periods elapsed), minus what the year's commission lines and earlier true-ups already paid.
 * Can be negative (overpaid during the year): then it reduces this period's accrual.
 */
export function trueUpLine(
  ctx: RepPeriod,
  rule: TrueUpRule,
  ytdCredit: Q,
  ytdAtt: Q | null,
  earned: bigint,
  paid: bigint,
): Line {
  const amount = earned - paid;
  const att =
    ytdAtt === null
      ? ''
      : ctx.lang === 'ru'
        ? `, выполнение ${fp(ytdAtt, ctx.lang)}`
        : `, attainment ${fp(ytdAtt, ctx.lang)}`;
  return {
    kind: 'true_up',
    ruleId: rule.id,
    ruleName: ruleName(rule, ctx.lang),
    base: ytdCredit,
    rate: null,
    amount,
    dealId: null,
    explanation:
      ctx.lang === 'ru'
        ? `С начала года: выручка ${fmc(ctx, ytdCredit)}${att}; заработано ${fmc(ctx, earned)}, уже начислено ${fmc(ctx, paid)}, перерасчёт ${fmc(ctx, amount)}`
        : `Year to date: revenue ${fmc(ctx, ytdCredit)}${att}; earned ${fmc(ctx, earned)}, already accrued ${fmc(ctx, paid)}, true-up ${fmc(ctx, amount)}`,
  };
}
