import type { RoundingMode } from '../plan/types';
import type { Money } from '../types';
import { minorDigits } from './currency';
import { mul, pow10, type Q, qd, qi } from './q';
import { roundQ } from './round';

/** Decimal string in major units → exact integer minor units (rounded by the one rule if it has more digits). */
export function toMinor(amount: string, currency: string, mode: RoundingMode = 'half_up'): bigint {
  return roundQ(mul(qd(amount), qi(pow10(minorDigits(currency)))), mode);
}

/** Same as toMinor as a JS number; throws beyond ±2^53 where numbers stop being exact integers. */
export function toMinorNumber(amount: string, currency: string, mode: RoundingMode = 'half_up'): number {
  const n = toMinor(amount, currency, mode);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`amount ${amount} ${currency} is too large to compute exactly`);
  return Number(n);
}

/** Integer minor units → the wire form "1234.50" (always with the currency's minor digits). */
export function minorToString(minor: bigint | number, currency: string): string {
  const digits = minorDigits(currency);
  const v = typeof minor === 'bigint' ? minor : BigInt(minor);
  const negative = v < 0n;
  const s = (negative ? -v : v).toString().padStart(digits + 1, '0');
  const body = digits ? `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}` : s;
  return negative ? `-${body}` : body;
}

const texts = new Map<string, Map<bigint | number, string>>();

/** Money in wire form. Amounts repeat a lot across statements (band edges, quotas, zero): their text is cached. */
export function money(minor: bigint | number, currency: string): Money {
  let cache = texts.get(currency);
  if (!cache) {
    cache = new Map();
    texts.set(currency, cache);
  }
  let amount = cache.get(minor);
  if (amount === undefined) {
    amount = minorToString(minor, currency);
    if (cache.size < 50_000) cache.set(minor, amount);
  }
  return { amount, currency };
}

/** Money → exact minor units (a fraction if the string has more digits than the currency). */
export function moneyToMinor(m: Money): Q {
  return mul(qd(m.amount), qi(pow10(minorDigits(m.currency))));
}

export function zeroMoney(currency: string): Money {
  return money(0n, currency);
}

/** Renders a Money as the API's decimal string (contract/money.ts MoneyDto.amount). */
export function toDecimalString(m: Money): string {
  return m.amount;
}
