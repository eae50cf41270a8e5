/** Digits of the minor unit per ISO 4217 code; 2 unless listed. */
const MINOR_DIGITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

const SYMBOLS: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€', KZT: '₸', BYN: 'Br', CNY: '¥', UAH: '₴' };

export function currencySymbol(currency: string): string {
  return SYMBOLS[currency] ?? currency;
}
