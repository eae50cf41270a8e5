import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { b24TokensCss, TOKENS_FILE } from './b24-tokens';

describe('Bitrix24 design tokens', () => {
  it('the committed CSS matches what the installed @bitrix24/b24style generates', () => {
    // whitespace-insensitive: biome re-wraps long declarations
    const norm = (css: string) => css.replace(/\s+/g, ' ').trim();
    expect(norm(readFileSync(TOKENS_FILE, 'utf8'))).toBe(norm(b24TokensCss()));
  });

  it('carries the portal primary color, text color and system font stack', () => {
    const css = b24TokensCss();
    expect(css).toContain('--b24-color-primary: #2fc6f6;');
    expect(css).toContain('--b24-color-primary-link: #2066b0;');
    expect(css).toMatch(/--b24-font-system: system-ui,/);
  });
});
