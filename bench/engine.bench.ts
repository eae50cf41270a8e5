/**
 * Commission engine: full recompute of statements for 1,000,000 deals, 1,000 reps, 12 monthly periods under a plan
 * with 3 marginal attainment tiers, an accelerator and split credit (20 % of deals split 60/40), reps in a 2-level
 * department tree (roll-ups computed too). Deals arrive as columns (integer kopecks, epoch ms) — generating them is
 * not timed. Metrics:
 *   full_recompute_ms  computeStatements over everything (median of 5 after a warm-up), limit 1000
 *   floor_ms           a bare typed-array group-by of the same deals into rep × month sums (the physical floor)
 *   floor_ratio        full / floor
 *   full_recompute_cpu_ms  CPU time of the same (user + system, this process) — the load-independent view
 *   incremental_ms     one deal changes → that rep's period recomputed from its own deals and quotas (what the
 *                      server's indexes hand the engine), limit 5
 */
import type { DealColumns, Department, PlanVersion, Quota, Rep } from '../server/src/domain/index';
import { computeStatements, periodRange } from '../server/src/domain/index';
import { locate, periodBoundaries } from '../server/src/domain/period/period';
import { type BenchFigure, figure } from './run';

const BENCH = 'engine';
const DEALS = 1_000_000;
const REPS = 1_000;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const plan: PlanVersion = {
  id: 'bench',
  name: 'Bench plan',
  version: 1,
  effectiveFrom: '2026-01-01',
  currency: 'RUB',
  period: 'month',
  timeZone: 'Europe/Moscow',
  rules: [
    {
      id: 'tiers',
      type: 'tiered',
      basis: 'attainment',
      method: 'marginal',
      tiers: [
        { from: '0', to: '0.5', rate: '0.03' },
        { from: '0.5', to: '1', rate: '0.05' },
        { from: '1', to: null, rate: '0.08' },
      ],
    },
    { id: 'accel', type: 'accelerator', of: 'tiers', above: '1.2', multiplier: '1.5' },
  ],
};

export function generate(seed = 42): {
  cols: DealColumns;
  reps: Rep[];
  departments: Department[];
  quotas: Quota[];
} {
  const rand = rng(seed);
  const departments: Department[] = [{ id: 'root', parentId: null, headId: 'r0' }];
  for (let k = 0; k < 20; k++) departments.push({ id: `team${k}`, parentId: 'root', headId: `r${k * 50}` });
  const reps: Rep[] = Array.from({ length: REPS }, (_, i) => ({
    id: `r${i}`,
    name: `Rep ${i}`,
    departmentIds: [`team${i % 20}`],
  }));
  const quotas: Quota[] = [];
  for (const r of reps)
    for (const m of MONTHS) quotas.push({ repId: r.id, period: m, amount: '1000000.00', count: 80 });
  const start = periodRange('2026-01').startMs;
  const end = periodRange('2026-12').endMs;
  const splitStart = new Int32Array(DEALS + 1);
  const splitRep: number[] = [];
  const splitPpm: number[] = [];
  const cols: DealColumns = {
    kind: 'columns',
    count: DEALS,
    ids: new Array(DEALS),
    owner: new Int32Array(DEALS),
    amountMinor: new Float64Array(DEALS),
    currency: new Uint16Array(DEALS),
    currencies: ['RUB'],
    pipeline: new Int32Array(DEALS),
    pipelines: ['0'],
    stage: new Int32Array(DEALS),
    stages: ['WON'],
    status: new Uint8Array(DEALS).fill(1),
    wonAt: new Float64Array(DEALS),
    reversedAt: new Float64Array(DEALS).fill(Number.NaN),
  };
  for (let d = 0; d < DEALS; d++) {
    const owner = Math.floor(rand() * REPS);
    cols.ids[d] = `D${d}`;
    cols.owner[d] = owner;
    cols.amountMinor[d] = Math.floor(rand() * 2_500_000) * 100 + Math.floor(rand() * 100); // up to 25 000 ₽, kopecks
    cols.wonAt[d] = start + Math.floor(rand() * (end - start));
    splitStart[d] = splitRep.length;
    if (rand() < 0.2) {
      splitRep.push(owner, (owner + 1 + Math.floor(rand() * (REPS - 1))) % REPS);
      splitPpm.push(600_000, 400_000);
    } else {
      splitRep.push(owner);
      splitPpm.push(1_000_000);
    }
  }
  splitStart[DEALS] = splitRep.length;
  cols.splitStart = splitStart;
  cols.splitRep = Int32Array.from(splitRep);
  cols.splitPpm = Int32Array.from(splitPpm);
  return { cols, reps, departments, quotas };
}

/** The floor: rep × month sums of integer kopecks with nothing else — no filters, splits, rules or statements. */
function groupBy(cols: DealColumns, boundaries: Float64Array): Float64Array {
  const T = boundaries.length - 1;
  const sums = new Float64Array(REPS * T);
  const { owner, wonAt, amountMinor } = cols;
  for (let d = 0; d < cols.count; d++) {
    const t = locate(boundaries, wonAt[d]!);
    if (t >= 0) sums[owner[d]! * T + t]! += amountMinor[d]!;
  }
  return sums;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall-clock ms after one warm-up run; also the median CPU ms of this process (the machine is shared). */
function time(fn: () => void, runs: number): number {
  return timeBoth(fn, runs).wall;
}

function timeBoth(fn: () => void, runs: number): { wall: number; cpu: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** The subset of columns whose deals credit one rep (what the server's owner index hands the engine). */
function subsetFor(cols: DealColumns, rep: number): DealColumns {
  const idx: number[] = [];
  for (let d = 0; d < cols.count; d++) {
    for (let j = cols.splitStart![d]!; j < cols.splitStart![d + 1]!; j++)
      if (cols.splitRep![j] === rep) {
        idx.push(d);
        break;
      }
  }
  const n = idx.length;
  const pick = <A extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: A, make: (n: number) => A) => {
    const out = make(n);
    idx.forEach((d, i) => {
      out[i] = a[d]!;
    });
    return out;
  };
  const splitStart = new Int32Array(n + 1);
  const splitRep: number[] = [];
  const splitPpm: number[] = [];
  idx.forEach((d, i) => {
    splitStart[i] = splitRep.length;
    for (let j = cols.splitStart![d]!; j < cols.splitStart![d + 1]!; j++) {
      splitRep.push(cols.splitRep![j]!);
      splitPpm.push(cols.splitPpm![j]!);
    }
  });
  splitStart[n] = splitRep.length;
  return {
    ...cols,
    count: n,
    ids: idx.map((d) => cols.ids[d]!),
    owner: pick(cols.owner, (k) => new Int32Array(k)),
    amountMinor: pick(cols.amountMinor, (k) => new Float64Array(k)),
    currency: pick(cols.currency, (k) => new Uint16Array(k)),
    pipeline: pick(cols.pipeline, (k) => new Int32Array(k)),
    stage: pick(cols.stage, (k) => new Int32Array(k)),
    status: pick(cols.status, (k) => new Uint8Array(k)),
    wonAt: pick(cols.wonAt, (k) => new Float64Array(k)),
    reversedAt: pick(cols.reversedAt, (k) => new Float64Array(k)),
    splitStart,
    splitRep: Int32Array.from(splitRep),
    splitPpm: Int32Array.from(splitPpm),
  };
}

export async function run(): Promise<BenchFigure[]> {
  const { cols, reps, departments, quotas } = generate();
  const input = {
    plans: [plan],
    deals: cols,
    reps,
    departments,
    quotas,
    periods: MONTHS,
    withDeals: false,
    lang: 'ru' as const,
  };
  let statements = 0;
  const { wall: full, cpu: fullCpu } = timeBoth(() => {
    statements = computeStatements(input).statements.length;
  }, 5);
  if (statements !== REPS * MONTHS.length)
    throw new Error(`expected ${REPS * MONTHS.length} statements, got ${statements}`);
  const boundaries = periodBoundaries(MONTHS, { timeZone: 'Europe/Moscow' });
  const floor = time(() => groupBy(cols, boundaries), 5);
  // Incremental: deal 0 changes amount; its owner's statements are recomputed from that rep's deals only.
  const rep = cols.owner[0]!;
  const sub = subsetFor(cols, rep);
  const repQuotas = quotas.filter((q) => q.repId === reps[rep]!.id);
  const month = MONTHS[new Date(cols.wonAt[0]!).getUTCMonth()]!;
  let flip = 0;
  const incremental = time(() => {
    sub.amountMinor[0] = 1_000_000 + (flip++ % 2) * 100;
    computeStatements({
      ...input,
      deals: sub,
      quotas: repQuotas,
      repIds: [reps[rep]!.id],
      periods: [month],
      departments: undefined,
    });
  }, 21);
  return [
    figure(BENCH, 'full_recompute_ms', full, 'ms', 1000),
    figure(BENCH, 'floor_ms', floor, 'ms'),
    figure(BENCH, 'floor_ratio', full / floor, 'x', null, null),
    figure(BENCH, 'incremental_ms', incremental, 'ms', 5),
    // Context for a shared machine: CPU time of the full recompute (all threads of this process, GC included).
    figure(BENCH, 'full_recompute_cpu_ms', fullCpu, 'ms', null),
  ];
}
