/**
 * The Bitrix24 emulator itself must never be the bottleneck of a sync benchmark: it seeds 100,000 deals in a few
 * seconds and serves `>ID` pages in time independent of the position (O(page), not O(table)).
 * Metrics: seed_100k_ms, page_ms_first, page_ms_last, raw_rows_per_s (limits off, 50-command batches chained with
 * $result references), ceiling_rows_per_s (standard plan, default cost model: what a sync can reach), rss_mb.
 */
import { ceilingRowsPerSecond, resolveLimits, startBitrix24Emulator } from '../emulators/bitrix24/index';
import { type BenchFigure, figure } from './run';

const BENCH = 'emulator';

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

export async function run(): Promise<BenchFigure[]> {
  const t0 = performance.now();
  const emu = await startBitrix24Emulator({ seed: 1, reps: 40, deals: 100_000, limits: 'off' });
  const seedMs = performance.now() - t0;
  try {
    const pageMs = async (after: number) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const s = performance.now();
        await post(`${emu.webhookUrl}crm.deal.list`, { filter: { '>ID': after }, order: { ID: 'ASC' }, start: -1 });
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      return times[10]!;
    };
    await pageMs(50_000); // warm-up (JIT), so that first and last compare the position, not the warm-up
    const first = await pageMs(0);
    const last = await pageMs(99_900);

    // Whole table through 50-command batches whose >ID cursor chains via $result[…][49][ID].
    const s = performance.now();
    let cursor = 0;
    let rows = 0;
    for (;;) {
      const cmd: Record<string, string> = {};
      for (let i = 0; i < 50; i++) {
        const after = i === 0 ? String(cursor) : `$result[p${i - 1}][49][ID]`;
        cmd[`p${i}`] = `crm.deal.list?filter[>ID]=${after}&order[ID]=ASC&start=-1`;
      }
      const body = await post(`${emu.webhookUrl}batch`, { halt: 0, cmd });
      const pages = (body.result as { result: Record<string, { ID: string }[]> }).result;
      let lastPage: { ID: string }[] = [];
      for (let i = 0; i < 50; i++) {
        const page = pages[`p${i}`] ?? [];
        rows += page.length;
        if (page.length > 0) lastPage = page;
        if (page.length < 50) break;
      }
      const lastRow = lastPage[lastPage.length - 1];
      if (!lastRow || rows >= 100_000 || lastPage.length < 50) break;
      cursor = Number(lastRow.ID);
    }
    const rawRowsPerS = rows / ((performance.now() - s) / 1000);
    const ceiling = ceilingRowsPerSecond(resolveLimits('standard')!);
    return [
      figure(BENCH, 'seed_100k_ms', seedMs, 'ms', 5000),
      figure(BENCH, 'page_ms_first', first, 'ms'),
      figure(BENCH, 'page_ms_last', last, 'ms'),
      figure(BENCH, 'raw_rows_per_s', rawRowsPerS, 'rows/s', ceiling),
      figure(BENCH, 'rows_read', rows, 'rows', 100_000),
      figure(BENCH, 'ceiling_rows_per_s', ceiling, 'rows/s'),
      figure(BENCH, 'rss_mb', process.memoryUsage().rss / 1e6, 'MB'),
    ];
  } finally {
    await emu.close();
  }
}
