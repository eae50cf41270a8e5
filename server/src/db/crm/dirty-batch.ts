import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/**
 * Group commit for the dirty-deal queue. Webhooks arrive one deal at a time; a write transaction per event makes the
 * acknowledgement wait behind every other event's commit. Instead each event appends its mark here and awaits the
 * flush that contains it: marks arriving while a flush is in flight go into the next one, written as ONE transaction
 * (multi-row upserts). The promise resolves only after that transaction committed, so a caller that acknowledges
 * after awaiting `mark` still acknowledges a durable write; if the flush fails, every caller in it gets the error.
 */
export interface DirtyMarkBatcherOptions {
  /** Start a flush as soon as this many marks are pending, without waiting for the delay. */
  maxRows?: number;
  /** How long the first mark of an idle batcher waits for company (ms). 0 = right after the current I/O events. */
  delayMs?: number;
}

interface Pending {
  portalId: string;
  dealId: string;
  reason: string;
  now: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const ROWS_PER_STATEMENT = 500;

export class DirtyMarkBatcher {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private timer: { timeout: NodeJS.Timeout } | { immediate: NodeJS.Immediate } | null = null;
  private readonly maxRows: number;
  private readonly delayMs: number;

  constructor(
    private readonly db: Kysely<DB>,
    opts: DirtyMarkBatcherOptions = {},
  ) {
    this.maxRows = opts.maxRows ?? 1000;
    this.delayMs = opts.delayMs ?? 0;
  }

  /** Queues one deal for re-reading; resolves once the mark is committed. */
  mark(portalId: string, dealId: string, reason: string, now: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ portalId, dealId, reason, now, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything queued so far has been flushed (successfully or not). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else {
        this.clearTimer();
        await this.flushNow();
      }
    }
  }

  private schedule(): void {
    if (this.flushing) return; // the in-flight flush starts the next one when it ends
    if (this.pending.length >= this.maxRows) {
      this.clearTimer();
      void this.flushNow();
      return;
    }
    if (this.timer) return;
    const fire = () => {
      this.timer = null;
      void this.flushNow();
    };
    // No delay: right after the current I/O callbacks (setTimeout(0) would wait for the next timer tick, ≥ 1 ms).
    this.timer = this.delayMs > 0 ? { timeout: setTimeout(fire, this.delayMs) } : { immediate: setImmediate(fire) };
  }

  private clearTimer(): void {
    if (this.timer && 'timeout' in this.timer) clearTimeout(this.timer.timeout);
    if (this.timer && 'immediate' in this.timer) clearImmediate(this.timer.immediate);
    this.timer = null;
  }

  private flushNow(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return this.flushing ?? Promise.resolve();
    const batch = this.pending.splice(0, this.maxRows);
    this.flushing = this.write(batch)
      .then(
        () => {
          for (const p of batch) p.resolve();
        },
        (e) => {
          for (const p of batch) p.reject(e);
        },
      )
      .finally(() => {
        this.flushing = null;
        if (this.pending.length > 0) this.schedule();
      });
    return this.flushing;
  }

  private async write(batch: Pending[]): Promise<void> {
    // One row per (portal, deal): the latest mark wins (PostgreSQL refuses to upsert one row twice in a statement).
    // Each row gets its own unique stamp so clearDirty can tell "the mark I processed" from "marked again since".
    const latest = new Map<string, Pending>();
    for (const p of batch) {
      const key = `${p.portalId}\u0000${p.dealId}`;
      latest.delete(key); // keep arrival order of the latest mark
      latest.set(key, p);
    }
    const suffix = randomBytes(6).toString('hex');
    const rows = [...latest.values()].map((p, i) => ({
      portal_id: p.portalId,
      deal_id: p.dealId,
      reason: p.reason,
      marked_at: `${p.now}~${suffix}${i.toString(16).padStart(6, '0')}`,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('sync_dirty_deals')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict((oc) =>
            oc.columns(['portal_id', 'deal_id']).doUpdateSet((eb) => ({
              reason: eb.ref('excluded.reason'),
              marked_at: eb.ref('excluded.marked_at'),
            })),
          )
          .execute();
      }
    });
  }
}
