import type { Lang, Money } from '../types';
import { currencySymbol } from './currency';
import { mul, qd, qi, ratioString } from './q';

/**
 * Human money for explanations: ru "1 234 567,50 ₽" (no-break space groups, decimal comma), en "₽1,234,567.50".
 * Hand-written rather than Intl so the output is byte-identical on every ICU version.
 */
export function formatMoney(m: Money, lang: Lang): string {
  const negative = m.amount.startsWith('-');
  const [int = '0', frac] = (negative ? m.amount.slice(1) : m.amount).split('.');
  const sep = lang === 'ru' ? '\u00a0' : ',';
  let grouped = int;
  if (int.length > 3) {
    grouped = int.slice(0, int.length % 3 || 3);
    for (let i = grouped.length; i < int.length; i += 3) grouped += sep + int.slice(i, i + 3);
  }
  const number = frac ? `${grouped}${lang === 'ru' ? ',' : '.'}${frac}` : grouped;
  const sign = negative ? '−' : '';
  const symbol = currencySymbol(m.currency);
  return lang === 'ru' ? `${sign}${number}\u00a0${symbol}` : `${sign}${symbol}${number}`;
}

/** A ratio string as a percent, at most 2 decimals (display only): "0.875" → ru "87,5 %", en "87.5%". */
export function formatPercent(ratio: string, lang: Lang): string {
  const pct = ratioString(mul(qd(ratio), qi(100)), 2);
  const negative = pct.startsWith('-');
  const text = (negative ? pct.slice(1) : pct).replace('.', lang === 'ru' ? ',' : '.');
  return `${negative ? '−' : ''}${text}${lang === 'ru' ? '\u00a0%' : '%'}`;
}
