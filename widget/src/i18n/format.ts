/**
 * @module Number, money, percent, date and period formatting for the portal's language.
 *
 * Money arrives as an exact decimal string and is handed to Intl.NumberFormat AS A STRING: Intl formats decimal
 * strings exactly (ECMA-402 NumberFormat v3), so no amount ever passes through a binary float. ru-RU groups with
 * U+00A0 (no-break space) and puts U+00A0 before ₽: "1 234,50 ₽".
 */
import type { MoneyDto } from '../../../contract/money';

export type Lang = 'ru' | 'en';

const LOCALE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-US' };

/** Bitrix24 reports interface languages such as ru, ua, by, kz, en, de: Russian-speaking portals get ru. */
export function langFromPortal(code: string | null | undefined): Lang {
  return ['ru', 'ua', 'by', 'kz'].includes((code ?? '').toLowerCase()) ? 'ru' : 'en';
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], options);
    cache.set(key, f);
  }
  return f;
}

// Intl's TypeScript types predate string inputs; the runtime accepts them (exact decimals).
type ExactFormat = (value: string | number) => string;
const exact = (f: Intl.NumberFormat) => f.format as unknown as ExactFormat;

/** "1 234,50 ₽" (ru) / "RUB 1,234.50" → en shows "₽1,234.50". Whole amounts keep kopecks only when present. */
export function formatMoney(money: MoneyDto, lang: Lang, opts: { whole?: boolean } = {}): string {
  const hasFraction = /\.\d*[1-9]/.test(money.amount);
  const digits = opts.whole && !hasFraction ? 0 : 2;
  return exact(
    numberFormat(lang, {
      style: 'currency',
      currency: money.currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: 2,
    }),
  )(money.amount);
}

/** Signed delta: "+12 500 ₽". */
export function formatMoneyDelta(money: MoneyDto, lang: Lang): string {
  const s = formatMoney(money, lang, { whole: true });
  return money.amount.startsWith('-') || /^0(\.0*)?$/.test(money.amount) ? s : `+${s}`;
}

/** A ratio string "0.875" → "87,5 %" (ru) / "87.5%" (en). */
export function formatRatio(ratio: string | null, lang: Lang): string {
  if (ratio === null) return '—';
  return exact(numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }))(ratio);
}

export function formatCount(n: number, lang: Lang): string {
  return numberFormat(lang, {}).format(n);
}

/** Ratio as a number for drawing bars only (never for money). Clamped to [0, max]. */
export function ratioToNumber(ratio: string | null, max = 2): number {
  const n = ratio === null ? 0 : Number(ratio);
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), max) : 0;
}

/** "27 ноября 2026 г." / "November 27, 2026" for an ISO date or datetime. */
export function formatDate(iso: string, lang: Lang): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** Period keys → words: 2026-11 "ноябрь 2026", 2026-Q4 "4 кв. 2026", 2026-H2 "2 полугодие 2026", 2026 "2026 год". */
export function formatPeriod(key: string, lang: Lang, t: (k: string, p?: Record<string, unknown>) => string): string {
  const [year = key, part] = key.split('-');
  if (!part) return t('period.year', { year });
  if (part.startsWith('Q')) return t('period.quarter', { q: part.slice(1), year });
  if (part.startsWith('H')) return t('period.half', { h: part.slice(1), year });
  const d = new Date(Date.UTC(Number(year), Number(part) - 1, 1));
  const s = new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  // ru: "ноябрь 2026 г." → "Ноябрь 2026"
  return (s.charAt(0).toUpperCase() + s.slice(1)).replace(/\s*г\.$/, '');
}

/** The period key that contains `date` at a granularity, e.g. currentPeriod(now, 'month') → "2026-11". */
export function periodOf(date: Date, granularity: 'month' | 'quarter' | 'year'): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  if (granularity === 'year') return String(y);
  if (granularity === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** The 12 months of a year, for the period picker. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
