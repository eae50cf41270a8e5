import type { Dec } from '../money/decimal';
import type { TrueUpRule } from '../plan/types';
import { type Line, type RepPeriod, ruleName } from './context';
import { fm, fp, tr } from './text';

/**
 * Year-to-date true-up: the commission rules re-applied to fiscal-YTD credit against YTD quota (revenue bands scaled
 * by the periods elapsed), minus what the year's commission lines and earlier true-ups already paid.
 * Can be negative (overpaid during the year): then it reduces this period's accrual.
 */
export function trueUpLine(
  ctx: RepPeriod,
  rule: TrueUpRule,
  ytdCredit: Dec,
  ytdAtt: Dec | null,
  earned: Dec,
  paid: Dec,
): Line {
  const amount = earned.minus(paid);
  const money = (v: Dec) => fm(v, ctx.currency, ctx.lang);
  const att =
    ytdAtt === null ? '' : tr(ctx.lang, `, выполнение ${fp(ytdAtt, ctx.lang)}`, `, attainment ${fp(ytdAtt, ctx.lang)}`);
  return {
    kind: 'true_up',
    ruleId: rule.id,
    ruleName: ruleName(rule, ctx.lang),
    base: ytdCredit,
    rate: null,
    amount,
    dealId: null,
    explanation: tr(
      ctx.lang,
      `С начала года: выручка ${money(ytdCredit)}${att}; заработано ${money(earned)}, уже начислено ${money(paid)}, перерасчёт ${money(amount)}`,
      `Year to date: revenue ${money(ytdCredit)}${att}; earned ${money(earned)}, already accrued ${money(paid)}, true-up ${money(amount)}`,
    ),
  };
}
