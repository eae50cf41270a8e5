/**
 * Builds the widget (vite build through its JS API) when dist/widget is missing or older than its sources. Test
 * files run in parallel processes, so the build is guarded by a lock directory.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist/widget');
const STAMP = join(DIST, '.built');
const LOCK = join(ROOT, 'dist/.widget-build.lock');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue;
    max = Math.max(max, newestMtime(join(path, name)));
  }
  return max;
}

export function widgetIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const sources = ['widget', 'locales', 'contract', 'vite.config.ts'].map((p) => newestMtime(join(ROOT, p)));
  return Math.max(...sources) > built;
}

export async function ensureWidgetBuilt(): Promise<void> {
  if (!widgetIsStale()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true }); // a crashed builder's lock
      await new Promise((r) => setTimeout(r, 250));
      if (!widgetIsStale()) return; // another process built it meanwhile
    }
  }
  try {
    if (!widgetIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    writeFileSync(STAMP, new Date().toISOString());
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
