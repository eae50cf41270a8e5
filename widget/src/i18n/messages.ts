/**
 * @module Messages from locales/{ru,en}.json: flat keys, ICU-style placeholders `{name}` and plurals
 * `{count, plural, one {# сделка} few {# сделки} many {# сделок} other {# сделки}}` (Intl.PluralRules picks the form).
 * Only this subset of ICU is supported; locales.test.ts checks every message parses and both files agree.
 */
import type ru from '../../../locales/ru.json';
import type { Lang } from './format';

export type MessageKey = keyof typeof ru;
export type Params = Record<string, unknown>;
export type Translate = (key: MessageKey | (string & {}), params?: Params) => string;
export type Catalog = Record<string, string>;

/**
 * Loads one language's messages as its own chunk (each is ~5 KB; the page needs only one), in parallel with the
 * session request.
 */
export async function loadCatalog(lang: Lang): Promise<Catalog> {
  const mod = lang === 'ru' ? await import('../../../locales/ru.json') : await import('../../../locales/en.json');
  return mod.default as Catalog;
}

const PLURAL = /\{(\w+),\s*plural,\s*((?:[^{}]*\{[^{}]*\})+)\s*\}/g;
const FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/** Formats one message; unknown placeholders stay visible (a bug to see, not a crash). */
export function formatMessage(template: string, params: Params, lang: Lang): string {
  const rules = new Intl.PluralRules(lang === 'ru' ? 'ru-RU' : 'en-US');
  const withPlurals = template.replace(PLURAL, (_all, name: string, body: string) => {
    const n = Number(params[name]);
    const forms = new Map<string, string>();
    for (const [, sel, text] of body.matchAll(FORM)) forms.set(sel as string, text as string);
    const chosen = forms.get(`=${n}`) ?? forms.get(rules.select(n)) ?? forms.get('other') ?? '';
    return chosen.replace(/#/g, new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US').format(n));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/** Placeholder names a message uses (plural selectors included), for the parity test. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  for (const [, name] of template.matchAll(/\{(\w+)(?:,\s*plural)?/g)) names.add(name as string);
  for (const [, sel] of template.matchAll(FORM)) names.delete(sel as string);
  return [...names].sort();
}

export function createTranslator(lang: Lang, catalog: Catalog): Translate {
  return (key, params = {}) => formatMessage(catalog[key] ?? key, params, lang);
}
