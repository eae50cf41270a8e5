/**
 * The real stack for browser tests (`KVOTA_BROWSER_STACK=demo`): the demo of `npm start` — Bitrix24 emulator with a
 * seeded sales org, the Kvota server on SQLite with the app installed and a plan with quotas, and the host page
 * mounted at the portal's origin — smaller than the interactive demo so it starts quickly.
 */
import { startDemo } from '../../../demo/start';
import type { BrowserStack } from './stack';

export async function startDemoStack(): Promise<BrowserStack> {
  const demo = await startDemo({
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
    close: () => demo.close(),
  };
}
