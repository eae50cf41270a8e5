import { localMidnightUtc } from '../period/timezone';
import type { RoundingMode } from '../plan/types';
import type { FxRate } from '../types';
import { minorDigits } from './currency';
import { div, mul, pow10, type Q, qd, qi } from './q';
import { roundQ } from './round';

/**
 * A dated rate table: a deal is converted at the latest rate whose local date is on or before the deal's won date
 * (in the plan's time zone). Lookups by epoch ms against the UTC instants of those local midnights.
 */
export class FxTable {
  private readonly byCurrency = new Map<string, { from: number[]; rate: Q[]; date: string[] }>();

  constructor(
    readonly base: string,
    rates: FxRate[],
    timeZone: string,
    private readonly rounding: RoundingMode = 'half_up',
  ) {
    const sorted = [...rates].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const r of sorted) {
      const [y, m, d] = r.date.split('-').map(Number);
      let t = this.byCurrency.get(r.currency);
      if (!t) {
        t = { from: [], rate: [], date: [] };
        this.byCurrency.set(r.currency, t);
      }
      t.from.push(localMidnightUtc(y!, m!, d!, timeZone));
      t.rate.push(qd(r.rate));
      t.date.push(r.date);
    }
  }

  /** The rate in effect at an instant, or null when the table has none that early. */
  rateAt(currency: string, atMs: number): { rate: Q; date: string } | null {
    if (currency === this.base) return { rate: qi(1), date: '' };
    const t = this.byCurrency.get(currency);
    if (!t) return null;
    let lo = -1;
    for (let l = 0, hi = t.from.length - 1; l <= hi; ) {
      const mid = (l + hi) >> 1;
      if (t.from[mid]! <= atMs) {
        lo = mid;
        l = mid + 1;
      } else hi = mid - 1;
    }
    return lo < 0 ? null : { rate: t.rate[lo]!, date: t.date[lo]! };
  }

  /** Minor units of `currency` → minor units of the base currency at the instant; null without a rate. */
  convertMinor(amountMinor: number, currency: string, atMs: number): number | null {
    if (currency === this.base) return amountMinor;
    const r = this.rateAt(currency, atMs);
    if (!r) return null;
    const scaled = div(
      mul(mul(qi(amountMinor), r.rate), qi(pow10(minorDigits(this.base)))),
      qi(pow10(minorDigits(currency))),
    );
    return Number(roundQ(scaled, this.rounding));
  }
}
