import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

const zodLite = fileURLToPath(new URL('./widget/src/api/zod-lite.ts', import.meta.url));

// One config for the widget build (vite build) and every test suite (vitest run).
export default defineConfig({
  root: 'widget',
  base: './',
  plugins: [
    preact(),
    {
      // Build-only (vitest runs real zod): the widget parses with the contract's schemas through zod/mini; see
      // widget/src/api/zod-lite.ts for why (26 KB gzip saved on the deal tab).
      name: 'kvota-zod-lite',
      apply: 'build',
      enforce: 'pre',
      resolveId(source: string, importer?: string) {
        if (source === 'zod' && importer && !importer.includes('node_modules')) return zodLite;
        return null;
      },
    },
  ],
  build: {
    outDir: '../dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    minify: 'terser',
    terserOptions: { compress: { passes: 3, ecma: 2020 }, mangle: true, format: { comments: false } },
    modulePreload: { polyfill: false },
    // .vite/manifest.json: entry → static imports / dynamic imports, read by bench/widget.bench.ts for sizes.
    manifest: true,
    // Two pages, as Bitrix24 places them: the deal-card tab (CRM_DEAL_DETAIL_TAB, size-budgeted) and the app page
    // (left menu: dashboard, manager view). Charts are a dynamic import, so only views that draw one load chart.js.
    rollupOptions: {
      input: {
        'deal-tab': fileURLToPath(new URL('./widget/deal-tab.html', import.meta.url)),
        app: fileURLToPath(new URL('./widget/app.html', import.meta.url)),
      },
    },
  },
  test: {
    root: '.',
    include: [
      'server/**/*.test.ts',
      'contract/**/*.test.ts',
      'emulators/**/*.test.ts',
      'widget/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
