import { ppmToShare } from '../credit/split';
import { minorToString, money } from '../money/money';
import { isInt, type Q, ratioString } from '../money/q';
import { roundQ } from '../money/round';
import type { CellRows, Line } from '../rules/context';
import type { CreditedDeal, DealColumns, StatementLine } from '../types';

const rateCache = new WeakMap<Q, string>();
function rateText(q: Q): string {
  let s = rateCache.get(q);
  if (s === undefined) {
    s = ratioString(q, 10);
    rateCache.set(q, s);
  }
  return s;
}

export function toStatementLines(lines: Line[], currency: string): StatementLine[] {
  return lines.map((l, i) => ({
    id: `L${i + 1}:${l.ruleId}${l.dealId === null ? '' : `:${l.dealId}`}`,
    kind: l.kind,
    ruleId: l.ruleId,
    ruleName: l.ruleName,
    // A base may hold a fraction of a kopeck (it is exact); on the wire it is shown rounded by the one rule.
    base: l.base === null ? null : money(isInt(l.base) ? l.base.n / l.base.d : roundQ(l.base), currency),
    rate: l.rate === null ? null : rateText(l.rate),
    amount: money(l.amount, currency),
    dealId: l.dealId,
    explanation: l.explanation,
  }));
}

export function creditedDeals(rows: CellRows, cols: DealColumns, currency: string): CreditedDeal[] {
  const out: CreditedDeal[] = [];
  for (let i = rows.start; i < rows.end; i++) {
    const d = rows.deal[i]!;
    const src = cols.source?.[d];
    const cur = cols.currencies[cols.currency[d]!]!;
    out.push({
      dealId: cols.ids[d]!,
      title: cols.titles?.[d] ?? src?.title ?? cols.ids[d]!,
      wonAt: src?.wonAt ?? new Date(cols.wonAt[d]!).toISOString(),
      amount: { amount: minorToString(cols.amountMinor[d]!, cur), currency: cur },
      share: ppmToShare(rows.ppm[i]!),
      credit: money(rows.credit[i]!, currency),
    });
  }
  return out;
}
