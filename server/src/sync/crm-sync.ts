import type { Kysely } from 'kysely';
import { dealHashes, markDealsDeleted, upsertDeals } from '../db/crm/deals';
import { replaceCurrencies, replaceDepartments, replacePipelines, replaceUsers } from '../db/crm/directory';
import { clearCursor, clearDirty, loadCursor, peekDirty, saveCursor } from '../db/crm/sync-state';
import type { DB } from '../db/schema';
import type { CrmCallStats, CrmConnection, CrmCursor, CrmPort, DealChange, OnDealsChanged } from '../ports/crm';

/**
 * The resumable CRM → storage sync of one portal. Every step writes its rows and its cursor in ONE transaction, so a
 * process killed at any point resumes exactly after the last committed page (it re-reads at most the one batch that
 * was in flight) and never stores a page twice or skips one.
 *
 * Jobs (sync_state rows):
 *   deals.full       initial load in id order: { lastId…, startedAt } until { done, completedAt }
 *   deals.watermark  { since }: reconciliation reads deals modified at/after it (with an overlap)
 *   deals.sweep      { completedAt } of the last deletion sweep (sweeps run at most every sweepIntervalMs)
 *   directory        { syncedAt } of users, departments, pipelines/stages, currencies
 *   users.dirty      set by ONUSERADD: the directory is re-read on the next run
 *   limiter          the adapter's rate-limit state, saved with every cursor
 * The dirty queue (sync_dirty_deals) is filled by events and drained by processDirty.
 */

export interface SyncDeps {
  db: Kysely<DB>;
  port: CrmPort;
  /** Told after every committed step which deals changed (the server recomputes those reps' periods). */
  onDealsChanged?: OnDealsChanged;
  now?: () => Date;
  /** Re-read window before the watermark, to absorb clock skew and in-flight writes. Default 10 min. */
  overlapMs?: number;
  /** Rows per committed page of the initial load (one batch). Default 2,500. */
  pageRows?: number;
  /**
   * Minimum time between deletion sweeps asked for with `sweep: true` (a sweep lists every deal id: 2,000 list
   * calls for 100,000 deals, a large share of the portal's operating budget). Default 6 h; `sweep: 'force'` ignores it.
   */
  sweepIntervalMs?: number;
}

export interface SyncReport {
  dealsWritten: number;
  dealsDeleted: number;
  pages: number;
  fullDone: boolean;
  /** Requests, refusals, retries and token refreshes of this run's connection. */
  calls?: CrmCallStats;
}

interface FullCursor {
  next: CrmCursor | null;
  startedAt: string;
  done: boolean;
  completedAt?: string;
}

/** Bitrix24 filters take ISO-8601 with an explicit offset. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export class CrmSync {
  private readonly now: () => Date;
  private readonly overlapMs: number;
  private readonly pageRows: number;

  constructor(private readonly deps: SyncDeps) {
    this.now = deps.now ?? (() => new Date());
    this.overlapMs = deps.overlapMs ?? 10 * 60_000;
    this.pageRows = deps.pageRows ?? 2_500;
  }

  /** Opens the portal's connection and restores the rate-limit state the previous run left. */
  async connect(portalId: string): Promise<CrmConnection> {
    const conn = await this.deps.port.connect(portalId);
    const limiter = await loadCursor<unknown>(this.deps.db, portalId, 'limiter');
    if (limiter && conn.restoreLimiterState) conn.restoreLimiterState(limiter);
    // Persist the limiter state before every request: a process killed with requests in flight must not leave its
    // successor believing the portal's bucket is emptier than it is.
    conn.setLimiterListener?.((state) =>
      saveCursor(this.deps.db, portalId, 'limiter', state, this.now().toISOString()),
    );
    return conn;
  }

  /**
   * Everything the portal needs now: the directory when never read or marked dirty, the initial load until done,
   * then the dirty queue. `reconcile`/`sweep` add the periodic passes. Stops early when `shouldStop` says so
   * (lost lease, shutdown); the next run resumes.
   */
  async run(
    portalId: string,
    opts: { reconcile?: boolean; sweep?: boolean | 'force'; directory?: boolean; shouldStop?: () => boolean } = {},
  ): Promise<SyncReport> {
    const conn = await this.connect(portalId);
    const report: SyncReport = { dealsWritten: 0, dealsDeleted: 0, pages: 0, fullDone: false };
    const stop = opts.shouldStop ?? (() => false);
    const directory = await loadCursor(this.deps.db, portalId, 'directory');
    const usersDirty = await loadCursor(this.deps.db, portalId, 'users.dirty');
    try {
      // The org chart has no events for departments or heads: re-read it with every reconciliation pass too.
      if (!directory || usersDirty || opts.directory || opts.reconcile) await this.syncDirectory(conn);
      report.fullDone = await this.fullLoad(conn, report, stop);
      if (!report.fullDone || stop()) return report;
      await this.processDirty(conn, report, stop);
      if (opts.reconcile && !stop()) await this.reconcile(conn, report, stop);
      if (opts.sweep && !stop() && (opts.sweep === 'force' || (await this.sweepDue(portalId)))) {
        await this.sweep(conn, report);
      }
      return report;
    } finally {
      report.calls = conn.stats();
    }
  }

  async syncDirectory(conn: CrmConnection): Promise<void> {
    const [users, departments, pipelines, currencies] = [
      await conn.listUsers(),
      await conn.listDepartments(),
      await conn.listPipelines(),
      await conn.listCurrencies(),
    ];
    const now = this.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await replaceUsers(trx, conn.portalId, users, now);
      await replaceDepartments(trx, conn.portalId, departments);
      await replacePipelines(trx, conn.portalId, pipelines.pipelines, pipelines.stages);
      await replaceCurrencies(trx, conn.portalId, currencies);
      await saveCursor(trx, conn.portalId, 'directory', { syncedAt: now, users: users.length }, now);
      await clearCursor(trx, conn.portalId, 'users.dirty');
      await this.saveLimiter(trx, conn, now);
    });
  }

  /** The initial load; returns true once it has completed (now or in an earlier run). */
  async fullLoad(conn: CrmConnection, report: SyncReport, stop: () => boolean): Promise<boolean> {
    const { db } = this.deps;
    const portalId = conn.portalId;
    let cursor = await loadCursor<FullCursor>(db, portalId, 'deals.full');
    if (cursor?.done) return true;
    if (!cursor) cursor = { next: null, startedAt: this.now().toISOString(), done: false };
    const startedAt = cursor.startedAt;
    while (!stop()) {
      const page = await conn.readDeals(cursor.next, { maxRows: this.pageRows });
      const now = this.now().toISOString();
      const done = page.next === null;
      const nextCursor: FullCursor = done
        ? { next: null, startedAt, done: true, completedAt: now }
        : { next: page.next, startedAt, done: false };
      const changes = await db.transaction().execute(async (trx) => {
        const written = await upsertDeals(trx, portalId, page.deals, now);
        await saveCursor(trx, portalId, 'deals.full', nextCursor, now);
        if (done) {
          // Anything modified since the load began may have been missed behind the scan: reconcile from there.
          const since = isoSeconds(new Date(Date.parse(startedAt) - this.overlapMs));
          await saveCursor(trx, portalId, 'deals.watermark', { since }, now);
        }
        await this.saveLimiter(trx, conn, now);
        return written;
      });
      report.pages++;
      report.dealsWritten += changes.length;
      await this.report(portalId, changes);
      cursor = nextCursor;
      if (done) return true;
    }
    return false;
  }

  /** Re-reads deals that events marked dirty; ids the CRM no longer has are marked deleted. */
  async processDirty(conn: CrmConnection, report: SyncReport, stop: () => boolean = () => false): Promise<void> {
    const { db } = this.deps;
    while (!stop()) {
      const batch = await peekDirty(db, conn.portalId, 2_500);
      if (batch.length === 0) return;
      const lookup = await conn.getDeals(batch.map((d) => d.dealId));
      const now = this.now().toISOString();
      const changes = await db.transaction().execute(async (trx) => {
        const written = await upsertDeals(trx, conn.portalId, lookup.found, now);
        const deleted = await markDealsDeleted(trx, conn.portalId, lookup.missing, now);
        await clearDirty(trx, conn.portalId, batch);
        await this.saveLimiter(trx, conn, now);
        report.dealsDeleted += deleted.length;
        return [...written, ...deleted];
      });
      report.pages++;
      report.dealsWritten += changes.length;
      await this.report(conn.portalId, changes);
    }
  }

  /**
   * Catches what events missed: every deal modified at/after the watermark (minus the overlap) is re-read. When the
   * pass completes, the watermark moves to when it started. A pass interrupted by a crash is restarted, not resumed:
   * a deal changed behind the scan position after the pass began is only seen by a pass that begins later, so a
   * resumed pass could finish without it (the fault test caught exactly this). Passes read only recent changes, so
   * restarting one costs little.
   */
  async reconcile(conn: CrmConnection, report: SyncReport, stop: () => boolean = () => false): Promise<void> {
    const { db } = this.deps;
    const portalId = conn.portalId;
    const mark = await loadCursor<{ since: string }>(db, portalId, 'deals.watermark');
    const since = mark?.since ?? '1970-01-01T00:00:00+00:00';
    const startedAt = this.now().toISOString();
    let next: CrmCursor | null = null;
    while (!stop()) {
      const page = await conn.readDealsModifiedSince(since, next, { maxRows: this.pageRows });
      const now = this.now().toISOString();
      const done = page.next === null;
      const changes = await db.transaction().execute(async (trx) => {
        const written = await upsertDeals(trx, portalId, page.deals, now);
        if (done) {
          const watermark = isoSeconds(new Date(Date.parse(startedAt) - this.overlapMs));
          await saveCursor(trx, portalId, 'deals.watermark', { since: watermark }, now);
        }
        await this.saveLimiter(trx, conn, now);
        return written;
      });
      report.pages++;
      report.dealsWritten += changes.length;
      await this.report(portalId, changes);
      if (done) return;
      next = page.next;
    }
  }

  /**
   * Finds deletions events missed: lists every deal id in the CRM and compares with storage. Candidates are
   * confirmed with a direct lookup before they are marked deleted, so a deal created mid-sweep is never lost.
   */
  async sweep(conn: CrmConnection, report: SyncReport): Promise<void> {
    const { db } = this.deps;
    const stored = new Set((await dealHashes(db, conn.portalId)).keys());
    const inCrm = new Set<string>();
    let maxId = 0;
    let next: CrmCursor | null = null;
    do {
      const page = await conn.listDealIds(next);
      for (const id of page.ids) {
        inCrm.add(id);
        maxId = Math.max(maxId, Number(id));
      }
      next = page.next;
    } while (next);
    const candidates = [...stored].filter((id) => !inCrm.has(id) && Number(id) <= maxId);
    // Deals above the last id we saw were created after the scan passed; the dirty queue handles them.
    const aboveScan = [...stored].filter((id) => !inCrm.has(id) && Number(id) > maxId);
    const toCheck = [...candidates, ...aboveScan];
    if (toCheck.length === 0) {
      const now = this.now().toISOString();
      await saveCursor(db, conn.portalId, 'deals.sweep', { completedAt: now, checked: inCrm.size }, now);
      return;
    }
    const lookup = await conn.getDeals(toCheck);
    const now = this.now().toISOString();
    const changes = await db.transaction().execute(async (trx) => {
      const deleted = await markDealsDeleted(trx, conn.portalId, lookup.missing, now);
      const written = await upsertDeals(trx, conn.portalId, lookup.found, now);
      await saveCursor(trx, conn.portalId, 'deals.sweep', { completedAt: now, checked: inCrm.size }, now);
      await this.saveLimiter(trx, conn, now);
      return [...deleted, ...written];
    });
    report.dealsDeleted += lookup.missing.length;
    await this.report(conn.portalId, changes);
  }

  private async sweepDue(portalId: string): Promise<boolean> {
    const last = await loadCursor<{ completedAt?: string }>(this.deps.db, portalId, 'deals.sweep');
    if (!last?.completedAt) return true;
    return this.now().getTime() - Date.parse(last.completedAt) >= (this.deps.sweepIntervalMs ?? 6 * 3_600_000);
  }

  private async saveLimiter(trx: Kysely<DB>, conn: CrmConnection, now: string): Promise<void> {
    if (conn.limiterState) await saveCursor(trx, conn.portalId, 'limiter', conn.limiterState(), now);
  }

  private async report(portalId: string, changes: DealChange[]): Promise<void> {
    if (changes.length && this.deps.onDealsChanged) await this.deps.onDealsChanged(portalId, changes);
  }
}
