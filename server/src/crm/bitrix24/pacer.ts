/**
 * Client-side mirror of the two limits a Bitrix24 portal enforces (research §2), so requests are only sent when the
 * portal will accept them:
 * - the leaky bucket (X requests burst, drains Y/s; a batch is one request) → we track its level and wait for room;
 * - the per-method operating budget (seconds of server time in a sliding window) → we sum the `processing` seconds
 *   the portal reports for every call and sub-call, take its own `operating` figure when it sends one, and hold a
 *   method whose next calls would cross the budget until enough of the window has passed.
 * Estimates are conservative: a call is charged at the moment its answer arrives (never earlier than the portal did)
 * and expires one full window later (never earlier than the portal's basket does).
 */

export interface PacerLimits {
  bucketSize: number;
  leakPerSecond: number;
  operatingBudgetSeconds: number;
  operatingWindowSeconds: number;
}

export const STANDARD_LIMITS: PacerLimits = {
  bucketSize: 50,
  leakPerSecond: 2,
  operatingBudgetSeconds: 480,
  operatingWindowSeconds: 600,
};

export const ENTERPRISE_LIMITS: PacerLimits = { ...STANDARD_LIMITS, bucketSize: 250, leakPerSecond: 5 };

/** State that survives a restart (stored with the sync cursor) so a resumed process does not overrun the bucket. */
export interface PacerSnapshot {
  bucketLevel: number;
  atMs: number;
  /** Per method: [chargedAtMs, seconds][] still inside the window. */
  operating: Record<string, [number, number][]>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Slots kept free in the bucket for other requests of the same portal (widget checks, installs). */
const BUCKET_RESERVE = 2;
/** Share of the operating budget we allow ourselves; the rest absorbs cost variance and other apps' calls. */
const BUDGET_SHARE = 0.97;

export class Pacer {
  private level = 0;
  private levelAt: number;
  private readonly charges = new Map<string, [number, number][]>();
  private readonly costEstimate = new Map<string, number>();
  /** Methods the portal refused with 429: not before this time (ms). */
  private readonly holds = new Map<string, number>();
  private readonly strikes = new Map<string, number>();

  constructor(
    private limits: PacerLimits,
    private readonly clock: Clock = realClock,
  ) {
    this.levelAt = clock.now();
  }

  setLimits(limits: PacerLimits): void {
    this.limits = limits;
  }

  getLimits(): PacerLimits {
    return this.limits;
  }

  private drain(now: number): void {
    this.level = Math.max(0, this.level - ((now - this.levelAt) / 1000) * this.limits.leakPerSecond);
    this.levelAt = now;
  }

  /**
   * The method's charges with the time each leaves the window. Like the portal, charges are grouped into baskets of
   * a tenth of the window, and a basket leaves the window together, one window after its first call (limits.md).
   * Our times are answer-arrival times, never earlier than the portal's, so we never expect budget back too early.
   */
  private live(method: string, now: number): { at: number; seconds: number; expires: number }[] {
    const windowMs = this.limits.operatingWindowSeconds * 1000;
    const basketMs = windowMs / 10;
    const out: { at: number; seconds: number; expires: number }[] = [];
    let basket = Number.NaN;
    let first = 0;
    for (const [at, seconds] of this.charges.get(method) ?? []) {
      const b = Math.floor(at / basketMs);
      if (b !== basket) {
        basket = b;
        first = at;
      }
      out.push({ at, seconds, expires: first + windowMs });
    }
    const kept = out.filter((c) => c.expires > now);
    if (kept.length !== out.length)
      this.charges.set(
        method,
        kept.map((c) => [c.at, c.seconds]),
      );
    return kept;
  }

  /** Seconds of `method`'s budget in use now, by our own accounting. */
  used(method: string, now = this.clock.now()): number {
    return this.live(method, now).reduce((s, c) => s + c.seconds, 0);
  }

  /** Expected operating seconds of one call of `method` (the largest recently seen; 0.12 s before the first). */
  estimate(method: string): number {
    return this.costEstimate.get(method) ?? 0.12;
  }

  /** How many calls of `method` the whole budget holds: a batch larger than this could never be sent safely. */
  capacity(method: string): number {
    return Math.max(1, Math.floor((this.limits.operatingBudgetSeconds * BUDGET_SHARE) / this.estimate(method)));
  }

  /** How many calls of `method` fit into its budget right now (0 means wait). */
  room(method: string, now = this.clock.now()): number {
    const free = this.limits.operatingBudgetSeconds * BUDGET_SHARE - this.used(method, now);
    return Math.max(0, Math.floor(free / this.estimate(method)));
  }

  /** Milliseconds until `calls` more calls of `method` fit (0 if they fit now). */
  private waitForBudget(method: string, calls: number, now: number): number {
    const hold = this.holds.get(method) ?? 0;
    if (hold > now) return hold - now;
    const need = calls * this.estimate(method);
    const cap = this.limits.operatingBudgetSeconds * BUDGET_SHARE;
    const live = this.live(method, now);
    let used = live.reduce((s, c) => s + c.seconds, 0);
    // Nothing in use: send even a request bigger than the budget (the portal checks before each call and lets
    // the crossing call finish), otherwise it could never be sent at all.
    if (used + need <= cap || used <= 0) return 0;
    const byExpiry = [...live].sort((a, b) => a.expires - b.expires);
    for (const c of byExpiry) {
      used -= c.seconds;
      if (used + need <= cap) return c.expires - now + 1;
    }
    return Math.max(1, (byExpiry.at(-1)?.expires ?? now) - now + 1); // all expire, then send
  }

  private waitForBucket(now: number): number {
    this.drain(now);
    const limit = this.limits.bucketSize - BUCKET_RESERVE;
    if (this.level + 1 <= limit) return 0;
    return Math.ceil(((this.level + 1 - limit) / this.limits.leakPerSecond) * 1000) + 1;
  }

  /**
   * Waits until one request carrying `calls` (method → number of calls) will be accepted, then books its bucket slot.
   */
  async acquire(calls: Record<string, number>): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      let wait = this.waitForBucket(now);
      for (const [method, n] of Object.entries(calls)) wait = Math.max(wait, this.waitForBudget(method, n, now));
      if (wait <= 0) break;
      await this.clock.sleep(wait);
    }
    this.drain(this.clock.now());
    this.level += 1;
  }

  /** Records what the portal said a call cost; `reported` is its own `operating` figure when the answer had one. */
  record(method: string, processingSeconds: number, reported?: { operating: number; resetAt: number }): void {
    const now = this.clock.now();
    this.strikes.delete(method);
    const list = this.charges.get(method) ?? [];
    list.push([now, processingSeconds]);
    this.charges.set(method, list);
    this.costEstimate.set(method, Math.max(processingSeconds, this.recentMax(method, processingSeconds)));
    if (reported) {
      const mine = this.used(method, now);
      if (reported.operating > mine + 1e-6) {
        // Someone else (another app, an earlier process) used this method's budget: account for it until it resets.
        const windowMs = this.limits.operatingWindowSeconds * 1000;
        const at = Math.min(now, reported.resetAt * 1000 - windowMs);
        const fresh = this.charges.get(method) ?? [];
        fresh.unshift([at, reported.operating - mine]);
        this.charges.set(method, fresh);
      }
    }
  }

  private recentMax(method: string, latest: number): number {
    const prev = this.costEstimate.get(method);
    // Decay slowly toward the latest cost so one expensive outlier does not throttle us forever.
    return prev === undefined ? latest : Math.max(latest, prev * 0.98);
  }

  /** The portal refused with 503: its bucket is full, whatever we thought. */
  bucketRefused(): void {
    this.drain(this.clock.now());
    this.level = this.limits.bucketSize;
  }

  /**
   * The portal refused `method` with 429. When it said until when (operating_reset_at), hold the method until then;
   * otherwise back off 5 s, 10 s, 20 s … up to 60 s and try again: a refused call costs one bucket slot and no
   * operating time, and our own accounting says the budget should not be spent, so the block is someone else's.
   */
  budgetRefused(method: string, resetAtSeconds?: number): void {
    const now = this.clock.now();
    const strikes = (this.strikes.get(method) ?? 0) + 1;
    this.strikes.set(method, strikes);
    const backoff = Math.min(60_000, 5_000 * 2 ** (strikes - 1));
    this.holds.set(method, resetAtSeconds ? Math.max(now + 1000, resetAtSeconds * 1000 + 1000) : now + backoff);
  }

  snapshot(): PacerSnapshot {
    const now = this.clock.now();
    this.drain(now);
    const operating: Record<string, [number, number][]> = {};
    for (const method of this.charges.keys()) {
      this.used(method, now);
      const list = this.charges.get(method) ?? [];
      // Compact: one entry per second is plenty for a restart.
      const merged: [number, number][] = [];
      for (const [at, sec] of list) {
        const last = merged[merged.length - 1];
        if (last && at - last[0] < 1000) {
          last[0] = at; // the later time: an entry must never expire before the calls it stands for
          last[1] += sec;
        } else merged.push([at, sec]);
      }
      if (merged.length) operating[method] = merged.map(([at, sec]) => [at, Math.round(sec * 1e6) / 1e6]);
    }
    return { bucketLevel: this.level, atMs: now, operating };
  }

  restore(s: PacerSnapshot): void {
    this.level = Math.max(this.level, s.bucketLevel);
    this.levelAt = s.atMs;
    this.drain(this.clock.now());
    for (const [method, list] of Object.entries(s.operating)) {
      const mine = this.charges.get(method) ?? [];
      this.charges.set(
        method,
        [...list, ...mine].sort((a, b) => a[0] - b[0]),
      );
    }
  }
}
