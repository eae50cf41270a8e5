import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for the admin and finance routes (sums of totals, amount normalisation): a decimal.js
 * clone of our own, so these routes depend only on the engine's public API, never on its internals.
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

const digitsCache = new Map<string, number>();

/** Digits of the currency's minor unit per ISO 4217 as ICU knows them: RUB 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}
