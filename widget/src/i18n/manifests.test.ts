import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (p: string) => JSON.parse(readFileSync(new URL(`../../../manifest/${p}`, import.meta.url), 'utf8'));
const keys = (o: unknown, prefix = ''): string[] =>
  o && typeof o === 'object'
    ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

describe('CRM manifests', () => {
  it('amoCRM i18n files have identical keys and resolve every key the manifest names', () => {
    const ru = read('amocrm/i18n/ru.json');
    const en = read('amocrm/i18n/en.json');
    expect(keys(en).sort()).toEqual(keys(ru).sort());
    const manifest = read('amocrm/manifest.json');
    const named = [
      manifest.widget.name,
      manifest.widget.description,
      manifest.widget.short_description,
      manifest.left_menu.kvota.title,
    ];
    for (const k of named) expect(keys(ru)).toContain(k);
    expect(JSON.stringify(en)).not.toMatch(/[а-яё]/i); // en must not carry Russian text
  });

  it('Bitrix24 app settings name the placements and scopes the server binds', () => {
    const app = read('bitrix24/app.json');
    expect(app.scope).toEqual(['crm', 'user_brief', 'department', 'placement']);
    expect(app.placements.map((p: { placement: string }) => p.placement)).toEqual(['CRM_DEAL_DETAIL_TAB', 'LEFT_MENU']);
  });
});
