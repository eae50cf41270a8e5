import type { Lang } from '../types';

type Text = { ru: string; en: string };

/** What each kind of value allows, in words (the "allowed" part of every plan issue). */
export const ALLOWED: Record<string, Text> = {
  decimal: {
    ru: 'неотрицательное число строкой, например "0.05" или "150000"',
    en: 'a non-negative number as a string, e.g. "0.05" or "150000"',
  },
  signed_decimal: { ru: 'число строкой, например "-1500.00"', en: 'a number as a string, e.g. "-1500.00"' },
  ratio: { ru: 'доля строкой: "1" = 100 %, "0.8" = 80 %', en: 'a ratio as a string: "1" = 100 %, "0.8" = 80 %' },
  money: {
    ru: 'сумма строкой, не больше 2 знаков после точки, например "25000.00"',
    en: 'an amount as a string with at most 2 decimals, e.g. "25000.00"',
  },
  date: { ru: 'дата ГГГГ-ММ-ДД, например "2026-01-01"', en: 'a date YYYY-MM-DD, e.g. "2026-01-01"' },
  id: { ru: 'непустая строка до 100 символов', en: 'a non-empty string of up to 100 characters' },
  id_list: { ru: 'массив строк-идентификаторов', en: 'an array of id strings' },
  name: { ru: 'непустая строка до 200 символов', en: 'a non-empty string of up to 200 characters' },
  version: { ru: 'целое число от 1', en: 'a whole number from 1' },
  currency: {
    ru: 'код валюты ISO 4217 заглавными буквами: "RUB", "USD"',
    en: 'an ISO 4217 code in capitals: "RUB", "USD"',
  },
  month: { ru: 'номер месяца 1–12', en: 'a month number 1–12' },
  time_zone: { ru: 'часовой пояс IANA, например "Europe/Moscow"', en: 'an IANA time zone, e.g. "Europe/Moscow"' },
  boolean: { ru: 'true или false', en: 'true or false' },
  days: { ru: 'целое число дней 1–3660', en: 'a whole number of days 1–3660' },
  rules: { ru: 'массив правил', en: 'an array of rules' },
  tiers_empty: { ru: 'хотя бы одна ступень', en: 'at least one tier' },
  steps_empty: { ru: 'хотя бы одна ступень бонуса', en: 'at least one step' },
  field_values: {
    ru: 'непустой массив значений (строки, числа, true/false)',
    en: 'a non-empty array of values (strings, numbers, true/false)',
  },
  versions_empty: { ru: 'хотя бы одна версия плана', en: 'at least one plan version' },
  instant: {
    ru: 'момент ISO 8601 с поясом, например "2026-11-03T12:00:00+03:00"',
    en: 'an ISO 8601 instant with offset, e.g. "2026-11-03T12:00:00Z"',
  },
  period: {
    ru: 'период: "2026-11", "2026-Q4", "2026-H2" или "2026"',
    en: 'a period: "2026-11", "2026-Q4", "2026-H2" or "2026"',
  },
  share: {
    ru: 'доля от "0" до "1", не больше 6 знаков после точки',
    en: 'a share from "0" to "1" with at most 6 decimals',
  },
  count: { ru: 'целое число ≥ 0', en: 'a whole number ≥ 0' },
  deals: { ru: 'массив сделок', en: 'an array of deals' },
  object: { ru: 'объект JSON', en: 'a JSON object' },
  fields: {
    ru: 'только поля, описанные в docs/plan-format.md для этого объекта',
    en: 'only the fields docs/plan-format.md lists for this object',
  },
};

export const MESSAGES: Record<string, Text> = {
  missing: { ru: 'обязательное поле отсутствует', en: 'required field is missing' },
  invalid: { ru: 'недопустимое значение', en: 'invalid value' },
  unknown_value: { ru: 'недопустимое значение {value}', en: 'value {value} is not allowed' },
  unknown_keys: { ru: 'неизвестное поле: {keys}', en: 'unknown field: {keys}' },
  unknown_rule_type: { ru: 'неизвестный тип правила {value}', en: 'unknown rule type {value}' },
  not_json: { ru: 'файл не является корректным JSON: {detail}', en: 'the file is not valid JSON: {detail}' },
  number_as_string: {
    ru: 'число {value} записано без кавычек — деньги и ставки пишутся строкой: "{value}"',
    en: 'number {value} is not quoted — amounts and rates are strings: "{value}"',
  },
  one_of: { ru: 'одно из: {values}', en: 'one of: {values}' },
};

export function text(t: Text, lang: Lang, params: Record<string, string> = {}): string {
  return t[lang].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}

/** "$.rules[2].tiers[0].rate" from a zod path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}
