import { Dec } from './decimal';
import type { Lang, Money } from '../types';
import { currencySymbol } from './currency';

/**
 * Human money for explanations: ru "1 234 567,50 ₽" (no-break space groups, decimal comma), en "₽1,234,567.50".
 * Hand-written rather than Intl so the output is byte-identical on every ICU version.
 */
export function formatMoney(m: Money, lang: Lang): string {
  const negative = m.amount.startsWith('-');
  const [int = '0', frac] = (negative ? m.amount.slice(1) : m.amount).split('.');
  const sep = lang === 'ru' ? '\u00a0' : ',';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const number = frac ? `${grouped}${lang === 'ru' ? ',' : '.'}${frac}` : grouped;
  const sign = negative ? '−' : '';
  const symbol = currencySymbol(m.currency);
  return lang === 'ru' ? `${sign}${number}\u00a0${symbol}` : `${sign}${symbol}${number}`;
}

/** A ratio string as a percent, at most 2 decimals (display only): "0.875" → ru "87,5 %", en "87.5%". */
export function formatPercent(ratio: string, lang: Lang): string {
  const pct = new Dec(ratio).times(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  const text = pct
    .abs()
    .toFixed()
    .replace('.', lang === 'ru' ? ',' : '.');
  return `${pct.isNegative() && !pct.isZero() ? '−' : ''}${text}${lang === 'ru' ? '\u00a0%' : '%'}`;
}
