/**
 * Computes statements with the engine and STORES them per rep-period, so reads (leaderboards, summaries) never
 * recompute. Invariants:
 *  - every query filters by portal_id;
 *  - statements of locked periods are never written (003_close triggers would refuse anyway); corrections to them
 *    reach reps as adjustments in an open period, which the engine books;
 *  - recomputes of one portal run one at a time; requests arriving meanwhile are merged into the next run;
 *  - after each write the portal's in-memory boards are dropped and `statements_changed` is published (all processes).
 */
import type { Kysely } from 'kysely';
import type { LiveEvent } from '../../../contract/api/org';
import type { DB } from '../db/schema';
import {
  computeStatements,
  type PeriodKind,
  periodOf,
  periodRange,
  periodsBetween,
  type Statement,
  shiftPeriod,
} from '../domain/index';
import { fiscalYearStartPeriod } from '../domain/period/period';
import type { DealChange } from '../ports/crm';
import type { LivePublisher, StatementsRecompute } from './deps';
import { engineInput, loadDeals, loadPortalInput, type PortalInput } from './engine-input';
import type { Logger } from './logger';
import { headedBy, membersOf, type OrgCache, subtree } from './org';
import { type AppSettings, loadSettings } from './settings';

/** Reps per engine call in a recompute (see computeAndStore). */
const CHUNK_REPS = 25;

const PERIODS_PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

/** The headline of one stored statement: what leaderboards and summaries need, without the JSON document. */
export interface BoardRow {
  repId: string;
  period: string;
  planId: string | null;
  planVersionId: string | null;
  planName: string | null;
  currency: string;
  quota: string | null;
  quotaCount: number | null;
  credit: string;
  wonCount: number;
  attainment: string | null;
  total: string;
}

export interface Board {
  period: string;
  rows: BoardRow[];
  byRep: Map<string, BoardRow>;
}

interface Pending {
  all: boolean;
  reps: Set<string>;
  periods: Set<string> | 'kept';
  waiters: { resolve: (n: number) => void; reject: (e: unknown) => void }[];
}

export class StatementsService implements StatementsRecompute {
  private readonly boards = new Map<string, Promise<Board>>();
  private readonly versions = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, Pending>();
  private readonly ensured = new Set<string>();
  private readonly settingsCache = new Map<string, { at: number; value: Promise<AppSettings> }>();
  private readonly kindCache = new Map<string, PeriodKind>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly org: OrgCache,
    private readonly live: LivePublisher,
    private readonly log: Logger,
    private readonly clock: () => Date,
  ) {}

  /** Bumped on every write to a portal's statements (this process) or notice of one (other processes). */
  version(portalId: string): number {
    return this.versions.get(portalId) ?? 0;
  }

  /** Forget cached boards of a portal: its statements changed (here or in another process). */
  invalidate(portalId: string): void {
    this.versions.set(portalId, this.version(portalId) + 1);
    this.settingsCache.delete(portalId);
    for (const key of this.boards.keys()) if (key.startsWith(`${portalId}|`)) this.boards.delete(key);
  }

  /** The portal's settings, cached for a few seconds (a recompute after a settings change drops the cache). */
  settings(portalId: string): Promise<AppSettings> {
    const hit = this.settingsCache.get(portalId);
    const now = this.clock().getTime();
    if (hit && now - hit.at < 5000) return hit.value;
    const value = loadSettings(this.db, portalId);
    value.catch(() => this.settingsCache.delete(portalId));
    this.settingsCache.set(portalId, { at: now, value });
    return value;
  }

  private readonly inputCache = new Map<string, { version: number; at: number; value: Promise<PortalInput> }>();

  /** Plans, reps, quotas… of a portal for what-if reads; reused until its statements change or 5 s pass. */
  portalInput(portalId: string): Promise<PortalInput> {
    const now = this.clock().getTime();
    const hit = this.inputCache.get(portalId);
    if (hit && hit.version === this.version(portalId) && now - hit.at < 5000) return hit.value;
    const value = this.settings(portalId).then((s) => loadPortalInput(this.db, portalId, s, this.log));
    value.catch(() => this.inputCache.delete(portalId));
    this.inputCache.set(portalId, { version: this.version(portalId), at: now, value });
    return value;
  }

  /** The period kind reads default to: that of the portal's published plans (month when none or mixed). */
  async defaultKind(portalId: string): Promise<PeriodKind> {
    const known = this.kindCache.get(portalId);
    if (known) return known;
    const settings = await this.settings(portalId);
    const portal = await loadPortalInput(this.db, portalId, settings, this.log);
    const kinds = this.kinds(portal);
    const kind = kinds.length === 1 ? kinds[0]! : 'month';
    this.kindCache.set(portalId, kind);
    return kind;
  }

  /** The period kinds the portal's published plans use (month when none). */
  kinds(portal: PortalInput): PeriodKind[] {
    const kinds = new Set<PeriodKind>(portal.plans.map((p) => p.period));
    if (kinds.size === 0) kinds.add('month');
    return [...kinds];
  }

  /** The current period of a kind, in the portal's time zone and fiscal year. */
  currentPeriod(settings: AppSettings, kind: PeriodKind): string {
    return periodOf(this.clock().getTime(), {
      kind,
      timeZone: settings.timeZone,
      fiscalYearStart: settings.fiscalYearStart,
    });
  }

  /** Periods kept computed: from the start of the previous fiscal year to the current period, for each kind. */
  keptPeriods(settings: AppSettings, portal: PortalInput): string[] {
    const out: string[] = [];
    const fys = settings.fiscalYearStart;
    for (const kind of this.kinds(portal)) {
      const current = this.currentPeriod(settings, kind);
      const from = shiftPeriod(fiscalYearStartPeriod(current, fys), -PERIODS_PER_YEAR[kind], fys);
      out.push(...periodsBetween(from, current, fys));
    }
    return out;
  }

  recomputePortal(portalId: string): Promise<number> {
    return this.enqueue(portalId, { all: true, reps: [], periods: 'kept' });
  }

  recompute(portalId: string, repIds: readonly string[], periods: readonly string[]): Promise<number> {
    return this.enqueue(portalId, { all: false, reps: repIds, periods: [...periods] });
  }

  /**
   * The sync stored changed deals: recompute the affected reps (owners before and after, plus heads above them who
   * earn overrides) for every kept period, then announce won deals on the live stream.
   */
  async onDealsChanged(portalId: string, changes: DealChange[]): Promise<void> {
    if (changes.length === 0) return;
    const owners = new Set<string>();
    for (const ch of changes) {
      if (ch.before?.ownerId) owners.add(ch.before.ownerId);
      if (ch.after?.ownerId) owners.add(ch.after.ownerId);
    }
    const org = await this.org.get(portalId);
    const affected = new Set(owners);
    for (const owner of owners) {
      for (const dep of org.users.get(owner)?.departmentIds ?? []) {
        // Every head on the way up may earn an override on this rep's credit.
        let d = org.departments.get(dep);
        for (let guard = 0; d && guard < 64; guard++) {
          if (d.headId) affected.add(d.headId);
          d = d.parentId ? org.departments.get(d.parentId) : undefined;
        }
      }
    }
    await this.enqueue(portalId, { all: false, reps: [...affected], periods: 'kept' });

    const settings = await this.settings(portalId);
    for (const ch of changes) {
      const after = ch.after;
      if (after?.status !== 'won' || ch.before?.status === 'won' || !after.ownerId) continue;
      const at = after.wonAt ?? after.closedAt ?? after.modifiedAt;
      const period = periodOf(at, {
        kind: 'month',
        timeZone: settings.timeZone,
        fiscalYearStart: settings.fiscalYearStart,
      });
      const event: LiveEvent = { type: 'deal_won', dealId: after.id, repIds: [after.ownerId], period };
      await this.live.publish(portalId, event).catch((e) => this.log.warn('live publish failed', { error: String(e) }));
    }
  }

  private enqueue(
    portalId: string,
    req: { all: boolean; reps: readonly string[]; periods: string[] | 'kept' },
  ): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let p = this.pending.get(portalId);
      if (!p) {
        p = { all: false, reps: new Set(), periods: new Set(), waiters: [] };
        this.pending.set(portalId, p);
      }
      p.all ||= req.all;
      for (const r of req.reps) p.reps.add(r);
      if (req.periods === 'kept' || p.periods === 'kept') p.periods = 'kept';
      else for (const k of req.periods) p.periods.add(k);
      p.waiters.push({ resolve, reject });
      if (!this.running.has(portalId)) this.drain(portalId);
    });
  }

  private drain(portalId: string): void {
    const run = (async () => {
      for (;;) {
        const p = this.pending.get(portalId);
        if (!p) break;
        this.pending.delete(portalId);
        try {
          const n = await this.computeAndStore(
            portalId,
            p.all ? null : [...p.reps],
            p.periods === 'kept' ? null : [...p.periods],
          );
          for (const w of p.waiters) w.resolve(n);
        } catch (error) {
          this.log.error('statement recompute failed', {
            portalId,
            error: error instanceof Error ? error.message : String(error),
          });
          for (const w of p.waiters) w.reject(error);
        }
      }
    })();
    this.running.set(portalId, run);
    void run.finally(() => this.running.delete(portalId));
  }

  /** Computes with the engine and stores every non-locked statement; returns how many were written. */
  private async computeAndStore(portalId: string, repIds: string[] | null, periods: string[] | null): Promise<number> {
    this.settingsCache.delete(portalId);
    const settings = await this.settings(portalId);
    const portal = await loadPortalInput(this.db, portalId, settings, this.log);
    const kinds = this.kinds(portal);
    this.kindCache.set(portalId, kinds.length === 1 ? kinds[0]! : 'month');
    const wanted = periods ?? this.keptPeriods(settings, portal);
    if (wanted.length === 0 || (repIds && repIds.length === 0)) return 0;

    const started = performance.now();
    const org = await this.org.get(portalId);
    const targets = repIds ?? portal.reps.map((r) => r.id);
    // Deals of everyone the targets' statements can depend on: their own, and their subtrees' where they head one.
    const overrides = portal.plans.some((p) => p.rules.some((r) => r.type === 'override'));
    const dependsOn = (reps: readonly string[]) => {
      const owners = new Set(reps);
      if (!overrides) return owners;
      for (const rep of reps) for (const u of membersOf(org, subtree(org, headedBy(org, rep)))) owners.add(u);
      return owners;
    };
    const allDeals = await loadDeals(this.db, portalId, settings, repIds ? [...dependsOn(targets)] : undefined);
    const byOwner = new Map<string, typeof allDeals>();
    for (const d of allDeals) {
      const list = byOwner.get(d.ownerId);
      if (list) list.push(d);
      else byOwner.set(d.ownerId, [d]);
    }
    // The engine's cost grows with the reps and quotas it is given, so it gets them in small groups, each with only
    // the reps, quotas and deals that group depends on. Results are identical to one big call.
    const closed = new Set(portal.closedPeriods);
    const wantedSet = new Set(wanted);
    const rows: Statement[] = [];
    for (let i = 0; i < targets.length; i += CHUNK_REPS) {
      const chunk = targets.slice(i, i + CHUNK_REPS);
      const owners = dependsOn(chunk);
      const deals = [...owners].flatMap((o) => byOwner.get(o) ?? []);
      const scoped: PortalInput = {
        ...portal,
        reps: portal.reps.filter((r) => owners.has(r.id)),
        quotas: portal.quotas.filter((q) => !q.repId || owners.has(q.repId)),
        adjustments: portal.adjustments.filter((a) => owners.has(a.repId)),
        paid: portal.paid.filter((p) => owners.has(p.repId)),
      };
      const result = computeStatements(engineInput(scoped, deals, wanted, { lang: settings.language, repIds: chunk }));
      const inChunk = new Set(chunk);
      for (const st of result.statements) {
        if (wantedSet.has(st.period) && !closed.has(st.period) && inChunk.has(st.repId)) rows.push(st);
      }
    }
    const written = await this.store(portalId, rows, portal);
    this.invalidate(portalId);
    for (const p of wanted) this.ensured.add(`${portalId}|${p}`);
    this.log.debug('statements recomputed', {
      portalId,
      reps: repIds?.length ?? 'all',
      periods: wanted.length,
      written,
      ms: Math.round(performance.now() - started),
    });
    const event: LiveEvent = {
      type: 'statements_changed',
      repIds: repIds ?? [],
      periods: [...new Set(rows.map((r) => r.period))].sort(),
    };
    await this.live.publish(portalId, event).catch((e) => this.log.warn('live publish failed', { error: String(e) }));
    return written;
  }

  private async store(portalId: string, statements: Statement[], portal: PortalInput): Promise<number> {
    if (statements.length === 0) return 0;
    const now = this.clock().toISOString();
    const rows = statements.map((s) => ({
      portal_id: portalId,
      rep_id: s.repId,
      period: s.period,
      plan_id: s.planId,
      plan_version_id:
        s.planId && s.planVersion !== null ? (portal.versionIds.get(`${s.planId}#${s.planVersion}`) ?? null) : null,
      currency: s.total.currency,
      quota: s.quota?.amount ?? null,
      quota_count: s.quotaCount,
      credit: s.credit.amount,
      won_count: s.wonCount,
      attainment: s.attainment,
      total: s.total.amount,
      document: JSON.stringify(s),
      computed_at: now,
    }));
    await this.db.transaction().execute(async (trx) => {
      const byPeriod = new Map<string, string[]>();
      for (const r of rows) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r.rep_id]);
      for (const [period, reps] of byPeriod) {
        for (let i = 0; i < reps.length; i += 500) {
          await trx
            .deleteFrom('statements')
            .where('portal_id', '=', portalId)
            .where('period', '=', period)
            .where('rep_id', 'in', reps.slice(i, i + 500))
            .execute();
        }
      }
      for (let i = 0; i < rows.length; i += 150)
        await trx
          .insertInto('statements')
          .values(rows.slice(i, i + 150))
          .execute();
    });
    return rows.length;
  }

  /**
   * Makes sure a period a reader asks for has been computed for the whole portal (periods outside the kept window
   * are computed on first demand). Locked periods keep whatever they had.
   */
  async ensurePeriod(portalId: string, period: string): Promise<void> {
    const key = `${portalId}|${period}`;
    if (this.ensured.has(key)) return;
    const any = await this.db
      .selectFrom('statements')
      .select('rep_id')
      .where('portal_id', '=', portalId)
      .where('period', '=', period)
      .limit(1)
      .executeTakeFirst();
    const settings = await this.settings(portalId);
    const { startMs } = periodRange(period, { timeZone: settings.timeZone, fiscalYearStart: settings.fiscalYearStart });
    // Nothing to compute for periods that have not begun (and no request may make the server compute them).
    if (!any && startMs <= this.clock().getTime())
      await this.enqueue(portalId, { all: true, reps: [], periods: [period] });
    this.ensured.add(key);
  }

  /** Headlines of every stored statement of a portal-period, cached until the portal's statements change. */
  board(portalId: string, period: string): Promise<Board> {
    const key = `${portalId}|${period}`;
    let hit = this.boards.get(key);
    if (!hit) {
      hit = this.loadBoard(portalId, period);
      hit.catch(() => this.boards.delete(key));
      this.boards.set(key, hit);
    }
    return hit;
  }

  private async loadBoard(portalId: string, period: string): Promise<Board> {
    await this.ensurePeriod(portalId, period);
    const rows = await this.db
      .selectFrom('statements as s')
      .leftJoin('plans as p', (j) => j.onRef('p.id', '=', 's.plan_id').onRef('p.portal_id', '=', 's.portal_id'))
      .select([
        's.rep_id',
        's.period',
        's.plan_id',
        's.plan_version_id',
        'p.name as plan_name',
        's.currency',
        's.quota',
        's.quota_count',
        's.credit',
        's.won_count',
        's.attainment',
        's.total',
      ])
      .where('s.portal_id', '=', portalId)
      .where('s.period', '=', period)
      .execute();
    const board: Board = { period, rows: [], byRep: new Map() };
    for (const r of rows) {
      const row: BoardRow = {
        repId: r.rep_id,
        period: r.period,
        planId: r.plan_id,
        planVersionId: r.plan_version_id,
        planName: r.plan_name,
        currency: r.currency,
        quota: r.quota,
        quotaCount: r.quota_count,
        credit: r.credit,
        wonCount: r.won_count,
        attainment: r.attainment,
        total: r.total,
      };
      board.rows.push(row);
      board.byRep.set(row.repId, row);
    }
    return board;
  }

  /** The full stored statement (engine shape), or null when the rep has none for the period. */
  async statement(portalId: string, repId: string, period: string): Promise<Statement | null> {
    await this.ensurePeriod(portalId, period);
    const row = await this.db
      .selectFrom('statements')
      .select('document')
      .where('portal_id', '=', portalId)
      .where('period', '=', period)
      .where('rep_id', '=', repId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.document) as Statement) : null;
  }
}
