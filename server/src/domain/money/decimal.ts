import Decimal from 'decimal.js';

/**
 * The engine's decimal type: 60 significant digits, so no intermediate product of money and rates is ever rounded
 * before the one place that rounds to the minor unit (money/round.ts).
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Parse an exact decimal string ("1234.50", "-0.5"); throws on anything else (numbers with exponents, NaN, ""). */
export function dec(value: string | number): Dec {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an exact integer: ${value}`);
    return new Dec(value);
  }
  if (!DECIMAL_RE.test(value)) throw new Error(`not a decimal string: "${value}"`);
  return new Dec(value);
}

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_RE.test(value);
}

/** Plain decimal string without exponent, trailing zeros trimmed ("0.875", "1", "-2.5"). */
export function ratioString(value: Dec): string {
  const s = value.toFixed();
  return s === '-0' ? '0' : s;
}
