/**
 * `npm run bench -- widget`: the widget's weight and speed, from the production build.
 * - deal_tab_gzip_kb: JavaScript the deal-card tab loads at first (entry + static imports + its language chunk), gzip.
 * - charts_gzip_kb: the extra JavaScript a view with a chart loads (chart.js chunk), gzip.
 * - first_render_ms: headless Chromium, the demo host page framing the deal tab over loopback (fake API answering
 *   at once): time from the frame's navigation start to the first render with the deal's numbers, median of runs.
 * - b24jssdk_frame_gzip_kb / frame_client_gzip_kb (no limit): what `initializeB24Frame()` of @bitrix24/b24jssdk
 *   would add, next to the widget's own protocol client — why the widget speaks the frame protocol itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from './run';
import { figure } from './run';

const BENCH = 'widget';
const RUNS = 9;

interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
}

export async function run(): Promise<BenchFigure[]> {
  const { DIST, ROOT, ensureWidgetBuilt } = await import('../widget/build/ensure-built');
  await ensureWidgetBuilt({ force: true });
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const gz = (file: string) => gzipSync(readFileSync(join(DIST, file))).length / 1024;
  const staticClosure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
    return seen;
  };
  const dealTab = staticClosure('deal-tab.html');
  const ru = Object.keys(manifest).find((k) => k.endsWith('locales/ru.json'));
  let dealTabKb = [...dealTab].reduce((s, k) => s + gz(manifest[k]!.file), 0);
  if (ru) dealTabKb += gz(manifest[ru]!.file);

  const appStatic = staticClosure('app.html');
  const chartKey = Object.keys(manifest).find((k) => k.includes('chart/bar-chart'));
  const chartKb = chartKey
    ? [...staticClosure(chartKey)].filter((k) => !appStatic.has(k)).reduce((s, k) => s + gz(manifest[k]!.file), 0)
    : 0;

  const sdkKb = await probeSize(
    ROOT,
    "import { initializeB24Frame } from '@bitrix24/b24jssdk'; globalThis.x = initializeB24Frame;",
  );
  const ownKb = await probeSize(
    ROOT,
    `import { connectB24Frame } from '${join(ROOT, 'widget/src/host/b24-frame.ts')}'; globalThis.x = connectB24Frame;`,
  );

  const firstRender = await measureFirstRender();
  return [
    figure(BENCH, 'deal_tab_gzip_kb', dealTabKb, 'KB', 30),
    figure(BENCH, 'charts_gzip_kb', chartKb, 'KB', 45),
    figure(BENCH, 'first_render_ms', firstRender, 'ms', 300),
    figure(BENCH, 'b24jssdk_frame_gzip_kb', sdkKb, 'KB'),
    figure(BENCH, 'frame_client_gzip_kb', ownKb, 'KB'),
  ];
}

/** Gzip size of a one-module bundle (production build, same target as the widget). */
async function probeSize(root: string, code: string): Promise<number> {
  const { build } = await import('vite');
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [
      {
        name: 'probe',
        resolveId: (id: string) => (id === 'virtual:probe' ? '\0probe.ts' : null),
        load: (id: string) => (id === '\0probe.ts' ? code : null),
      },
    ],
    build: { write: false, target: 'es2022', modulePreload: false, rollupOptions: { input: 'virtual:probe' } },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  let bytes = 0;
  for (const o of outputs) for (const c of o.output) if (c.type === 'chunk' && c.code) bytes += gzipSync(c.code).length;
  return bytes / 1024;
}

async function measureFirstRender(): Promise<number> {
  const { launchChromium } = await import('../test/browser/support/chromium');
  const { startFakeStack } = await import('../test/browser/support/stack');
  const browser = await launchChromium();
  const stack = await startFakeStack();
  const times: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${stack.hostUrl}#/deal/101?as=rep&lang=ru&run=${i}`);
      const handle = await page.waitForSelector('iframe[data-placement="CRM_DEAL_DETAIL_TAB"]');
      const frame = await handle.contentFrame();
      if (!frame) throw new Error('no frame');
      await frame.waitForFunction(() => (window as unknown as { __kvotaReady?: number }).__kvotaReady !== undefined);
      times.push(await frame.evaluate(() => (window as unknown as { __kvotaReady: number }).__kvotaReady));
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
