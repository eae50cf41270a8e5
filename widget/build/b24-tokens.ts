/**
 * @module Bitrix24's design tokens as CSS custom properties, generated from @bitrix24/b24style (a Tailwind plugin:
 * its presets are plain objects of colors, font stacks, sizes, radii and shadows). Tailwind itself is not used;
 * the widget and the demo host page read `var(--b24-…)` so they look like the portal around them.
 *
 * widget/src/ui/b24-tokens.css is this module's output, committed; b24-tokens.test.ts fails when it is stale.
 * Regenerate with: npx tsx widget/build/b24-tokens.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import presetBorder from '@bitrix24/b24style/dist/plugins/preset-border.js';
import presetColors from '@bitrix24/b24style/dist/plugins/preset-colors.js';
import presetFonts from '@bitrix24/b24style/dist/plugins/preset-fonts.js';
import presetShadow from '@bitrix24/b24style/dist/plugins/preset-shadow.js';

type Tree = { [k: string]: string | Tree | unknown };

const COLOR_GROUPS = ['primary', 'secondary', 'alert', 'success', 'warning', 'info', 'base', 'accent', 'blue', 'gray'];
const COLOR_SINGLES = ['note', 'subtle', 'tertiary', 'white'];

function flatten(prefix: string, tree: Tree, out: [string, string][]): void {
  for (const [k, v] of Object.entries(tree)) {
    const name = k === 'DEFAULT' ? prefix : `${prefix}-${k}`;
    if (typeof v === 'string') out.push([name, v]);
    else if (v && typeof v === 'object' && !Array.isArray(v)) flatten(name, v as Tree, out);
  }
}

export function b24TokensCss(): string {
  const vars: [string, string][] = [];
  const colors = (presetColors as { theme: { colors: Tree } }).theme.colors;
  for (const g of COLOR_GROUPS) flatten(`--b24-color-${g}`, colors[g] as Tree, vars);
  for (const s of COLOR_SINGLES) vars.push([`--b24-color-${s}`, String(colors[s])]);
  const fonts = (
    presetFonts as unknown as { theme: { fontFamily: Record<string, string[]>; fontSize: Record<string, [string]> } }
  ).theme;
  vars.push(['--b24-font-system', (fonts.fontFamily['b24-system'] ?? ['system-ui']).join(', ')]);
  vars.push(['--b24-font-mono', (fonts.fontFamily['b24-system-mono'] ?? ['monospace']).join(', ')]);
  for (const [k, v] of Object.entries(fonts.fontSize)) vars.push([`--b24-text-${k.replace('.', '_')}`, v[0]]);
  flatten('--b24-radius', (presetBorder as { theme: { borderRadius: Tree } }).theme.borderRadius, vars);
  flatten('--b24-shadow', (presetShadow as { theme: { boxShadow: Tree } }).theme.boxShadow, vars);
  const body = vars.map(([k, v]) => `  ${k}: ${v};`).join('\n');
  return `/* Generated from @bitrix24/b24style by widget/build/b24-tokens.ts: do not edit. */\n:root {\n${body}\n}\n`;
}

export const TOKENS_FILE = fileURLToPath(new URL('../src/ui/b24-tokens.css', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TOKENS_FILE, b24TokensCss());
  process.stdout.write(`wrote ${TOKENS_FILE}\n`);
}
