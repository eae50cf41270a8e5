import { formatMoney, formatPercent } from '../money/format';
import { minorToString } from '../money/money';
import { isInt, mul, type Q, qi, ratioString } from '../money/q';
import { roundQ } from '../money/round';
import type { Lang } from '../types';

/** Helpers that render exact values inside explanations. */
const fmCache = new Map<string, Map<bigint, string>>();

export function fm(minor: Q | bigint, currency: string, lang: Lang): string {
  // Bases can hold fractions of a kopeck (e.g. a share of a band edge); shown rounded, computed exact.
  const whole = typeof minor === 'bigint' ? minor : isInt(minor) ? minor.n / minor.d : roundQ(minor);
  // Quotas, band edges and thresholds repeat across reps: their text is cached (bounded).
  const key = lang + currency;
  let cache = fmCache.get(key);
  if (!cache) {
    cache = new Map();
    fmCache.set(key, cache);
  }
  let s = cache.get(whole);
  if (s === undefined) {
    s = formatMoney({ amount: minorToString(whole, currency), currency }, lang);
    if (cache.size < 20_000) cache.set(whole, s);
  }
  return s;
}

/** fm in the context's currency and language. */
export function fmc(ctx: { currency: string; lang: Lang }, minor: Q | bigint): string {
  return fm(minor, ctx.currency, ctx.lang);
}

// Plan constants (rates, thresholds) are the same Q objects every time (qd caches them), so their text is cached too.
const fpCache = { ru: new WeakMap<Q, string>(), en: new WeakMap<Q, string>() };
const frCache = { ru: new WeakMap<Q, string>(), en: new WeakMap<Q, string>() };

export function fp(ratio: Q, lang: Lang): string {
  let s = fpCache[lang].get(ratio);
  if (s === undefined) {
    s = formatPercent(ratioString(ratio, 6), lang);
    fpCache[lang].set(ratio, s);
  }
  return s;
}

/** A plain ratio / multiplier: "0,05" in ru, "0.05" in en. */
export function fr(ratio: Q, lang: Lang): string {
  let s = frCache[lang].get(ratio);
  if (s === undefined) {
    const r = ratioString(ratio, 6);
    s = lang === 'ru' ? r.replace('.', ',') : r;
    frCache[lang].set(ratio, s);
  }
  return s;
}

export function tr(lang: Lang, ru: string, en: string): string {
  return lang === 'ru' ? ru : en;
}

export const HUNDRED = qi(100);
export const pct = (q: Q) => mul(q, HUNDRED);
