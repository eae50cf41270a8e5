import { describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import ru from '../../../locales/ru.json';
import { type Catalog, createTranslator, loadCatalog, placeholders } from './messages';

describe('locales/ru.json and locales/en.json', () => {
  const catalogs: Record<'ru' | 'en', Catalog> = { ru, en };

  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
  });

  it('use the same placeholders in every message', () => {
    for (const key of Object.keys(ru)) {
      expect({ key, names: placeholders(catalogs.en[key] ?? '') }).toEqual({
        key,
        names: placeholders(catalogs.ru[key] ?? ''),
      });
    }
  });

  it('have no empty message and balanced braces', () => {
    for (const catalog of [ru, en]) {
      for (const [key, text] of Object.entries(catalog)) {
        expect(text.trim(), key).not.toBe('');
        expect(text.split('{').length, key).toBe(text.split('}').length);
      }
    }
  });

  it('pluralise Russian counts with all three forms', async () => {
    const t = createTranslator('ru', await loadCatalog('ru'));
    expect(t('lb.wonCount', { count: 1 })).toBe('1 сделка');
    expect(t('lb.wonCount', { count: 3 })).toBe('3 сделки');
    expect(t('lb.wonCount', { count: 5 })).toBe('5 сделок');
    expect(t('lb.wonCount', { count: 21 })).toBe('21 сделка');
    expect(createTranslator('en', await loadCatalog('en'))('lb.wonCount', { count: 1 })).toBe('1 deal');
    expect(t('deal.planFor', { period: 'Ноябрь 2026' })).toBe('План: Ноябрь 2026');
  });
});
