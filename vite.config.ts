import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// One config for the widget build (vite build) and every test suite (vitest run).
export default defineConfig({
  root: 'widget',
  base: './',
  plugins: [preact()],
  build: {
    outDir: '../dist/widget',
    emptyOutDir: true,
    target: 'es2020',
  },
  test: {
    root: '.',
    include: ['server/**/*.test.ts', 'contract/**/*.test.ts', 'emulators/**/*.test.ts', 'widget/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
