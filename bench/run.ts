/**
 * Bench runner: `npm run bench -- NAME [NAME…]` runs bench/NAME.ts (all of them without a name).
 * Each bench module exports `run(): AsyncIterable<BenchFigure> | Promise<BenchFigure[]>` and every figure is printed
 * as one JSON line: {"bench","metric","value","unit","limit","ratio"}.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchFigure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** The goal or physical limit this figure is judged against; null where the issue names none. */
  limit: number | null;
  /** value / limit (or the ratio the issue names); null where there is no limit. */
  ratio: number | null;
}

export type BenchModule = { run(args: string[]): AsyncIterable<BenchFigure> | Promise<BenchFigure[]> };

const here = dirname(fileURLToPath(import.meta.url));

export function availableBenches(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
}

export function figure(
  bench: string,
  metric: string,
  value: number,
  unit: string,
  limit: number | null = null,
  ratio: number | null = limit ? value / limit : null,
): BenchFigure {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { bench, metric, value: round(value), unit, limit, ratio: ratio === null ? null : round(ratio) };
}

export async function runBenches(argv: string[]): Promise<number> {
  const known = availableBenches();
  const names = argv.filter((a) => !a.startsWith('-'));
  const wanted = names.length ? names : known;
  for (const name of wanted) {
    if (!known.includes(name)) {
      process.stderr.write(`bench: unknown bench "${name}"; known: ${known.join(', ') || '(none)'}\n`);
      return 2;
    }
  }
  for (const name of wanted) {
    const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as BenchModule;
    const result = await mod.run(argv.filter((a) => a.startsWith('-')));
    for await (const fig of result as AsyncIterable<BenchFigure>) process.stdout.write(`${JSON.stringify(fig)}\n`);
  }
  return 0;
}
