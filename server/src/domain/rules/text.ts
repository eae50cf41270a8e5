import { Dec, ratioString } from '../money/decimal';
import { formatMoney, formatPercent } from '../money/format';
import { money } from '../money/money';
import { roundMinor } from '../money/round';
import type { Lang } from '../types';

/** Helpers that render exact values inside explanations. */
export function fm(minor: Dec, currency: string, lang: Lang): string {
  // Bases can hold fractions of a kopeck (e.g. a share of a band edge); shown rounded, computed exact.
  const whole = minor.isInteger() ? minor : roundMinor(minor);
  return formatMoney(money(whole, currency), lang);
}

export function fp(ratio: Dec, lang: Lang): string {
  return formatPercent(ratioString(ratio), lang);
}

export function fr(ratio: Dec, lang: Lang): string {
  const s = ratioString(ratio);
  return lang === 'ru' ? s.replace('.', ',') : s;
}

export function tr(lang: Lang, ru: string, en: string): string {
  return lang === 'ru' ? ru : en;
}

export const ZERO_DEC = new Dec(0);
