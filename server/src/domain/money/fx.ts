import { localMidnightUtc } from '../period/timezone';
import type { FxRate } from '../types';
import { minorDigits } from './currency';
import { Dec, dec } from './decimal';
import { roundMinor } from './round';
import type { RoundingMode } from '../plan/types';

/**
 * A dated rate table: a deal is converted at the latest rate whose local date is on or before the deal's won date
 * (in the plan's time zone). Lookups by epoch ms against the UTC instants of those local midnights.
 */
export class FxTable {
  private readonly byCurrency = new Map<string, { from: number[]; rate: Dec[]; date: string[] }>();

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
      t.rate.push(dec(r.rate));
      t.date.push(r.date);
    }
  }

  /** The rate in effect at an instant, or null when the table has none that early. */
  rateAt(currency: string, atMs: number): { rate: Dec; date: string } | null {
    if (currency === this.base) return { rate: new Dec(1), date: '' };
    const t = this.byCurrency.get(currency);
    if (!t) return null;
    let lo = -1;
    for (let hi = t.from.length - 1, l = 0; l <= hi; ) {
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
    const scale = new Dec(10).pow(minorDigits(this.base) - minorDigits(currency));
    return roundMinor(new Dec(amountMinor).times(r.rate).times(scale), this.rounding).toNumber();
  }
}
