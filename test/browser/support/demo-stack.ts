/**
 * The real stack for browser tests (widget-demo.test.ts): the demo of `npm start` — Bitrix24 emulator with a
 * seeded sales org, the Kvota server on SQLite with the app installed and a plan with quotas, and the host page
 * mounted at the portal's origin — smaller than the interactive demo so it starts quickly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../../../demo/start';
import type { BrowserStack } from './stack';

export async function startDemoStack(): Promise<BrowserStack> {
  // Its own database: a running `npm start` keeps its .kvota/demo untouched.
  const dir = mkdtempSync(join(tmpdir(), 'kvota-browser-'));
  const demo = await startDemo({
    databaseUrl: join(dir, 'kvota.sqlite'),
    reps: 8,
    deals: 500,
    onProgress: (line) => process.stderr.write(`[demo] ${line}\n`),
  });
  return {
    kind: 'demo',
    hostUrl: demo.url,
    widgetUrl: `${demo.server.url}/widget/`,
    kvotaUrl: demo.server.url,
    portal: demo.emulator,
    personas: demo.personas,
    close: async () => {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
