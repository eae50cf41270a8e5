import { describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import ru from '../../../locales/ru.json';
import {
  formatDate,
  formatMoney,
  formatMoneyDelta,
  formatPeriod,
  formatRatio,
  langFromPortal,
  periodOf,
} from './format';
import { createTranslator } from './messages';

const NBSP = '\u00a0';

describe('formatting for the portal language', () => {
  it('formats roubles the Russian way: no-break space groups, comma decimals, no-break space before ₽', () => {
    expect(formatMoney({ amount: '1234.50', currency: 'RUB' }, 'ru')).toBe(`1${NBSP}234,50${NBSP}₽`);
    expect(formatMoney({ amount: '1234.5', currency: 'RUB' }, 'ru')).toBe(`1${NBSP}234,50${NBSP}₽`);
    expect(formatMoney({ amount: '-700', currency: 'RUB' }, 'ru')).toBe(`-700,00${NBSP}₽`);
    expect(formatMoney({ amount: '1234.50', currency: 'RUB' }, 'en')).toBe('₽1,234.50');
  });

  it('never loses kopecks to binary floating point, even beyond 2^53', () => {
    expect(formatMoney({ amount: '12345678901234567.89', currency: 'RUB' }, 'ru')).toBe(
      `12${NBSP}345${NBSP}678${NBSP}901${NBSP}234${NBSP}567,89${NBSP}₽`,
    );
    expect(formatMoney({ amount: '0.10', currency: 'RUB' }, 'ru', { whole: true })).toBe(`0,10${NBSP}₽`);
    expect(formatMoney({ amount: '25000.00', currency: 'RUB' }, 'ru', { whole: true })).toBe(`25${NBSP}000${NBSP}₽`);
  });

  it('signs deltas and formats ratios as percents', () => {
    expect(formatMoneyDelta({ amount: '12500', currency: 'RUB' }, 'ru')).toBe(`+12${NBSP}500${NBSP}₽`);
    expect(formatMoneyDelta({ amount: '0', currency: 'RUB' }, 'ru')).toBe(`0${NBSP}₽`);
    expect(formatRatio('0.875', 'ru')).toBe(`87,5${NBSP}%`);
    expect(formatRatio('1.2', 'en')).toBe('120%');
    expect(formatRatio(null, 'ru')).toBe('—');
  });

  it('names periods and dates per language', () => {
    const tRu = createTranslator('ru', ru);
    const tEn = createTranslator('en', en);
    expect(formatPeriod('2026-11', 'ru', tRu)).toBe('Ноябрь 2026');
    expect(formatPeriod('2026-11', 'en', tEn)).toBe('November 2026');
    expect(formatPeriod('2026-Q4', 'ru', tRu)).toBe('4 кв. 2026');
    expect(formatPeriod('2026-Q4', 'en', tEn)).toBe('Q4 2026');
    expect(formatPeriod('2026', 'ru', tRu)).toBe('2026 год');
    expect(formatDate('2026-11-27T10:00:00Z', 'ru')).toBe('27 ноября 2026 г.');
    expect(periodOf(new Date('2026-11-27T10:00:00Z'), 'quarter')).toBe('2026-Q4');
  });

  it('maps Bitrix24 interface languages to ru or en', () => {
    expect(langFromPortal('ru')).toBe('ru');
    expect(langFromPortal('ua')).toBe('ru');
    expect(langFromPortal('de')).toBe('en');
    expect(langFromPortal(undefined)).toBe('en');
  });
});
