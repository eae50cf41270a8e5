/**
 * The two limits a cloud portal enforces (research §2):
 * - a leaky bucket per portal (+source IP): every HTTP request adds 1, it drains `leakPerSecond`; a request that
 *   would overflow `bucketSize` gets 503 QUERY_LIMIT_EXCEEDED. A batch is one request.
 * - an operating-time budget per app/webhook and per method: execution time summed in one-minute baskets over the
 *   last `operatingWindowSeconds`; once the sum reaches `operatingBudgetSeconds` the method gets 429
 *   OPERATION_TIME_LIMIT until the oldest basket expires. Checked before a call, so the crossing call completes.
 */
export interface CostInfo {
  /** Rows the call returned. */
  rows: number;
  /** Whether the call counted all matches (start >= 0 on a list: a COUNT query). */
  counted: boolean;
  /** Rows matched by the filter (known when counted). */
  total: number;
  /** OFFSET the database had to skip (start). */
  offset: number;
}

/** Seconds of operating time a call costs. Extra arguments beyond (method, params) are optional to use. */
export type CostFunction = (method: string, params: Record<string, unknown>, info: CostInfo) => number;

export interface LimitSettings {
  bucketSize: number;
  leakPerSecond: number;
  operatingBudgetSeconds: number;
  operatingWindowSeconds: number;
  costPerCall?: CostFunction;
}

export type LimitsOption = 'standard' | 'enterprise' | 'off' | LimitSettings;

/**
 * Default cost model (documented in README): a list page costs a fixed 10 ms plus 2 ms per returned row, plus a
 * COUNT over the matches (2 µs per row) when `start` >= 0, plus 1 µs per skipped row for OFFSET paging.
 * A 50-row `>ID` page with start=-1 costs 0.11 s; with 0.8 s of budget per second (480 s / 600 s) a method sustains
 * ~7.3 such pages/s = ~364 rows/s, well under the bucket's batch ceiling (2 req/s × 50 cmds × 50 rows) — so over
 * time the operating budget, not the bucket, is what a good sync runs into.
 */
export const defaultCost: CostFunction = (_method, _params, info) => {
  let seconds = 0.01 + 0.002 * info.rows;
  if (info.counted) seconds += 0.000002 * info.total;
  seconds += 0.000001 * info.offset;
  return Math.round(seconds * 1e6) / 1e6;
};

export function resolveLimits(option: LimitsOption | undefined): LimitSettings | null {
  if (option === 'off') return null;
  if (option === undefined || option === 'standard')
    return { bucketSize: 50, leakPerSecond: 2, operatingBudgetSeconds: 480, operatingWindowSeconds: 600 };
  if (option === 'enterprise')
    return { bucketSize: 250, leakPerSecond: 5, operatingBudgetSeconds: 480, operatingWindowSeconds: 600 };
  return option;
}

/**
 * Sustained throughput ceiling in rows/s for reading a list with `>ID` pages of `rowsPerPage` rows (batch of 50
 * commands per request): min(bucket, operating). Benchmarks compare themselves against this.
 */
export function ceilingRowsPerSecond(settings: LimitSettings, rowsPerPage = 50, commandsPerBatch = 50): number {
  const cost = (settings.costPerCall ?? defaultCost)(
    'crm.deal.list',
    {},
    {
      rows: rowsPerPage,
      counted: false,
      total: 0,
      offset: 0,
    },
  );
  const bucket = settings.leakPerSecond * commandsPerBatch * rowsPerPage;
  const operating = (settings.operatingBudgetSeconds / settings.operatingWindowSeconds / cost) * rowsPerPage;
  return Math.min(bucket, operating);
}

export class LeakyBucket {
  private level = 0;
  private last: number;

  constructor(
    private readonly settings: () => LimitSettings | null,
    now: number,
  ) {
    this.last = now;
  }

  /** Takes one slot; false when the request must be refused with 503. */
  take(nowMs: number): boolean {
    const s = this.settings();
    if (!s) return true;
    this.level = Math.max(0, this.level - ((nowMs - this.last) / 1000) * s.leakPerSecond);
    this.last = nowMs;
    if (this.level + 1 > s.bucketSize) return false;
    this.level += 1;
    return true;
  }

  get current(): number {
    return this.level;
  }

  reset(): void {
    this.level = 0;
  }
}

interface Basket {
  minute: number;
  firstCallMs: number;
  seconds: number;
}

export class OperatingBudget {
  private readonly baskets = new Map<string, Basket[]>();

  constructor(private readonly settings: () => LimitSettings | null) {}

  private live(key: string, nowMs: number, s: LimitSettings): Basket[] {
    const list = this.baskets.get(key) ?? [];
    const windowMs = s.operatingWindowSeconds * 1000;
    const kept = list.filter((b) => b.firstCallMs + windowMs > nowMs);
    this.baskets.set(key, kept);
    return kept;
  }

  /** State of a method's budget: seconds used in the window and when the oldest basket drops (unix s). */
  state(key: string, nowMs: number): { operating: number; resetAt: number; blocked: boolean } {
    const s = this.settings();
    if (!s) return { operating: 0, resetAt: nowMs / 1000, blocked: false };
    const live = this.live(key, nowMs, s);
    const operating = live.reduce((sum, b) => sum + b.seconds, 0);
    const oldest = live[0];
    const resetAt = (oldest ? oldest.firstCallMs : nowMs) / 1000 + s.operatingWindowSeconds;
    return { operating, resetAt, blocked: operating >= s.operatingBudgetSeconds };
  }

  charge(key: string, nowMs: number, seconds: number): void {
    const s = this.settings();
    if (!s) return;
    const live = this.live(key, nowMs, s);
    // Baskets are 1/10 of the window (one minute for the real 10-minute window).
    const basketMs = (s.operatingWindowSeconds * 1000) / 10;
    const minute = Math.floor(nowMs / basketMs);
    const last = live[live.length - 1];
    if (last && last.minute === minute) last.seconds += seconds;
    else live.push({ minute, firstCallMs: nowMs, seconds });
  }

  reset(): void {
    this.baskets.clear();
  }
}
