/**
 * Runs each installed portal's sync in exactly ONE process at a time, however many `kvota serve` processes share the
 * database: a process works on a portal only while it holds that portal's lease (sync_leases, renewed while it
 * works; a crashed holder's lease simply expires). Webhooks may land on any process: they are written to the durable
 * dirty queue first, and the lease holder drains it — at once when the webhook hit this process (kick), otherwise on
 * its next poll.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { listInstalledPortals, purgeUninstalledPortals } from '../db/crm/portals';
import { acquireLease, countDirty, loadCursor, releaseLease, renewLease } from '../db/crm/sync-state';
import type { DB } from '../db/schema';
import type { CrmKind } from '../ports/crm';
import type { CrmSync } from '../sync/crm-sync';
import type { Logger } from './logger';

const PURGE_EVERY_MS = 3_600_000;
const DEFAULT_RETENTION_MS = 30 * 86_400_000;

export interface SchedulerOptions {
  db: Kysely<DB>;
  syncs: Partial<Record<CrmKind, CrmSync>>;
  log: Logger;
  /** How often to look for work (dirty deals, due reconciliation), ms. Default 1000. */
  pollMs?: number;
  /** Reconciliation pass (modified-since + deletion sweep) interval, ms; 0 = never. */
  reconcileMs: number;
  leaseMs?: number;
  now?: () => number;
  /** How long an uninstalled portal's synced data is kept (docs/data-policy.md), ms. Default 30 days. */
  retentionMs?: number;
  /** After each run (the directory may have changed). */
  afterRun?: (portalId: string, fullLoadFinished: boolean) => Promise<void> | void;
}

export class SyncScheduler {
  readonly holder = `kvota-${process.pid}-${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Map<string, Promise<void>>();
  private readonly kicked = new Set<string>();
  private readonly lastReconcile = new Map<string, number>();
  private portals: { id: string; crm: CrmKind }[] = [];
  private portalsAt = 0;
  private purgedAt = 0;
  private stopped = false;
  private readonly now: () => number;
  private readonly leaseMs: number;

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? Date.now;
    this.leaseMs = o.leaseMs ?? 30_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.pollMs ?? 1000);
    this.timer.unref();
    void this.tick();
  }

  /** Work for this portal arrived here (webhook, install): run now if we can hold its lease. */
  kick(portalId: string): void {
    this.kicked.add(portalId);
    this.portalsAt = 0; // a fresh install must be seen
    void this.tick();
  }

  /** Whether a run for the portal is in flight in this process. */
  busy(portalId: string): boolean {
    return this.running.has(portalId);
  }

  /** Resolves when no run is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.now() - this.purgedAt > PURGE_EVERY_MS) {
        this.purgedAt = this.now();
        const before = new Date(this.now() - (this.o.retentionMs ?? DEFAULT_RETENTION_MS)).toISOString();
        const purged = await purgeUninstalledPortals(this.o.db, before);
        if (purged.length) this.o.log.info('purged uninstalled portals', { portals: purged.length, before });
      }
      if (this.now() - this.portalsAt > 10_000) {
        this.portals = (await listInstalledPortals(this.o.db)).map((p) => ({ id: p.id, crm: p.crm }));
        this.portalsAt = this.now();
      }
      for (const p of this.portals) {
        if (this.running.has(p.id) || !this.o.syncs[p.crm]) continue;
        const run = this.maybeRun(p.id, p.crm).finally(() => this.running.delete(p.id));
        this.running.set(p.id, run);
      }
    } catch (error) {
      this.o.log.warn('sync scheduler tick failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async maybeRun(portalId: string, crm: CrmKind): Promise<void> {
    const sync = this.o.syncs[crm]!;
    const db = this.o.db;
    const kicked = this.kicked.delete(portalId);
    const full = await loadCursor<{ done?: boolean }>(db, portalId, 'deals.full');
    const reconcileDue =
      this.o.reconcileMs > 0 && this.now() - (this.lastReconcile.get(portalId) ?? 0) >= this.o.reconcileMs;
    const dirty = kicked || !full?.done || reconcileDue ? 1 : await countDirty(db, portalId);
    if (!dirty && !(await loadCursor(db, portalId, 'users.dirty'))) return;
    if (!(await acquireLease(db, portalId, this.holder, this.leaseMs, this.now()))) return;
    let lost = false;
    let lastRenew = this.now();
    const shouldStop = () => {
      if (this.stopped || lost) return true;
      if (this.now() - lastRenew > this.leaseMs / 3) {
        lastRenew = this.now();
        void renewLease(db, portalId, this.holder, this.leaseMs, this.now()).then((ok) => {
          if (!ok) lost = true;
        });
      }
      return false;
    };
    const started = this.now();
    try {
      const report = await sync.run(portalId, { reconcile: reconcileDue, sweep: reconcileDue, shouldStop });
      if (reconcileDue) this.lastReconcile.set(portalId, started);
      await this.o.afterRun?.(portalId, report.fullDone && !full?.done);
      if (report.dealsWritten || report.dealsDeleted) {
        this.o.log.info('sync run', { portalId, ...report, ms: this.now() - started });
      }
      // More may have arrived while we worked: look again right away.
      if (!this.stopped && (await countDirty(db, portalId)) > 0) this.kicked.add(portalId);
    } catch (error) {
      this.o.log.warn('sync run failed', { portalId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      if (this.stopped) await releaseLease(db, portalId, this.holder).catch(() => {});
    }
    if (this.kicked.has(portalId) && !this.stopped) setImmediate(() => void this.tick());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    for (const p of this.portals) await releaseLease(this.o.db, p.id, this.holder).catch(() => {});
  }
}
