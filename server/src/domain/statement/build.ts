import { ppmToShare } from '../credit/split';
import { Dec, ratioString } from '../money/decimal';
import { minorToString, money } from '../money/money';
import type { CellRows, Line } from '../rules/context';
import type { CreditedDeal, DealColumns, StatementLine } from '../types';

export function toStatementLines(lines: Line[], currency: string): StatementLine[] {
  return lines.map((l, i) => ({
    id: `L${i + 1}:${l.ruleId}${l.dealId === null ? '' : `:${l.dealId}`}`,
    kind: l.kind,
    ruleId: l.ruleId,
    ruleName: l.ruleName,
    base:
      l.base === null
        ? null
        : money(l.base.isInteger() ? l.base : l.base.toDecimalPlaces(0, Dec.ROUND_HALF_UP), currency),
    rate: l.rate === null ? null : ratioString(l.rate),
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
    out.push({
      dealId: cols.ids[d]!,
      title: cols.titles?.[d] ?? src?.title ?? cols.ids[d]!,
      wonAt: src?.wonAt ?? new Date(cols.wonAt[d]!).toISOString(),
      amount: src
        ? { amount: minorToString(cols.amountMinor[d]!, src.currency), currency: src.currency }
        : money(cols.amountMinor[d]!, cols.currencies[cols.currency[d]!]!),
      share: ppmToShare(rows.ppm[i]!),
      credit: money(rows.credit[i]!, currency),
    });
  }
  return out;
}
