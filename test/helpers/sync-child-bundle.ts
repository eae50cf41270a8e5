/**
 * Bundles test/helpers/sync-child.ts into one ESM file (esbuild, which tsx already brings) so the fault test can
 * start its 20+ child processes in a fraction of the time tsx needs to load the sources each time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

let bundled: Promise<string> | undefined;

export function syncChildScript(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(process.cwd(), 'node_modules', '.cache', 'kvota-test');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `sync-child-${process.pid}.mjs`);
    await build({
      entryPoints: [join(process.cwd(), 'test/helpers/sync-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', 'pg'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}
