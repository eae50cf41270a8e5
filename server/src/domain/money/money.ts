import type { RoundingMode } from '../plan/types';
import type { Money } from '../types';
import { minorDigits } from './currency';
import { Dec, dec } from './decimal';
import { roundMinor } from './round';

/** Decimal string in major units → exact integer minor units (rounded by the one rule when it has more digits). */
export function toMinor(amount: string, currency: string, mode: RoundingMode = 'half_up'): Dec {
  return roundMinor(dec(amount).times(10 ** minorDigits(currency)), mode);
}

/** Same as toMinor, as a JS number; throws beyond ±2^53 where numbers stop being exact integers. */
export function toMinorNumber(amount: string, currency: string, mode: RoundingMode = 'half_up'): number {
  const n = toMinor(amount, currency, mode).toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${amount} ${currency} is too large to compute exactly`);
  return n;
}

/** Integer minor units → the wire form "1234.50" (always with the currency's minor digits). */
export function minorToString(minor: Dec | number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = typeof minor === 'object' ? minor : new Dec(minor.toString());
  const s = value.div(10 ** digits).toFixed(digits);
  return s.startsWith('-') && /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

export function money(minor: Dec | number | bigint, currency: string): Money {
  return { amount: minorToString(minor, currency), currency };
}

export function moneyToMinor(m: Money): Dec {
  return dec(m.amount).times(10 ** minorDigits(m.currency));
}

export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

/** Renders a Money as the API's decimal string (contract/money.ts MoneyDto.amount). */
export function toDecimalString(m: Money): string {
  return m.amount;
}
