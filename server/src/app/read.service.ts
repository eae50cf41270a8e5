/**
 * The read API's logic: who may see what (checked here, per request, against the session's portal and role) and
 * how stored statements become contract responses. Leaderboards and summaries come from cached boards of stored
 * statements; rendered leaderboard JSON is cached until the portal's statements change.
 */
import Decimal from 'decimal.js';
import type { z } from 'zod';
import type { DealEstimate } from '../../../contract/api/deals';
import type { Leaderboard, LeaderboardMetric } from '../../../contract/api/leaderboard';
import type { HistoryPoint, OpenDeals, RepHistory, RepSummary } from '../../../contract/api/me';
import type { Departments } from '../../../contract/api/org';
import type { Statement as StatementDto } from '../../../contract/api/statements';
import { estimateDeal, type PeriodKind, type PeriodRange, periodOf, periodRange, shiftPeriod } from '../domain/index';
import { periodKeyOfMonth } from '../domain/period/period';
import { AppError } from '../http/errors';
import type { AppDeps, Session } from './deps';
import { ENGINE_DEAL_COLUMNS, engineInput, loadDeals, toEngineDeal } from './engine-input';
import { headedBy, membersOf, type Org, subtree } from './org';
import type { Board, BoardRow } from './statements.service';

type Summary = z.infer<typeof RepSummary>;
type History = z.infer<typeof RepHistory>;
type Point = z.infer<typeof HistoryPoint>;

const PERIODS_PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

// ---------- access ----------

/** The rep a request is about: the viewer, or `repId` when the viewer may see that rep (404 outside the portal). */
export async function targetRep(
  deps: AppDeps,
  session: Session,
  repId: string | undefined,
): Promise<{ org: Org; repId: string }> {
  const org = await deps.orgs.get(session.portalId);
  const target = repId ?? session.userId;
  if (target !== session.userId) {
    if (session.role === 'rep') throw new AppError('forbidden', 'Reps may only see their own numbers');
    if (!org.users.has(target)) throw new AppError('not_found', `No rep ${target} in your portal`);
    if (session.role === 'manager') {
      if (!orgSets(org).members(session.headOf).has(target))
        throw new AppError('forbidden', `Rep ${target} is outside your departments`);
    }
  }
  return { org, repId: target };
}

const currentCache = new Map<string, { until: number; period: string }>();

export async function resolvePeriod(deps: AppDeps, portalId: string, period: string | undefined): Promise<string> {
  if (period) return period;
  const [settings, kind] = await Promise.all([deps.store.settings(portalId), deps.store.defaultKind(portalId)]);
  // Time-zone math (Intl) is the costliest step of a cached read: remember "the current period" for a second.
  const now = deps.clock().getTime();
  const key = `${portalId}|${kind}|${settings.timeZone}|${settings.fiscalYearStart}`;
  const hit = currentCache.get(key);
  if (hit && now < hit.until) return hit.period;
  const current = periodOf(now, { kind, timeZone: settings.timeZone, fiscalYearStart: settings.fiscalYearStart });
  currentCache.set(key, { until: now + 1000, period: current });
  return current;
}

const rangeCache = new Map<string, PeriodRange>();

/** Period boundaries never change for a (period, zone, fiscal year): computed once. */
function rangeOf(period: string, settings: { timeZone: string; fiscalYearStart: number }): PeriodRange {
  const key = `${period}|${settings.timeZone}|${settings.fiscalYearStart}`;
  let r = rangeCache.get(key);
  if (!r) {
    r = periodRange(period, { timeZone: settings.timeZone, fiscalYearStart: settings.fiscalYearStart });
    if (rangeCache.size > 10_000) rangeCache.clear();
    rangeCache.set(key, r);
  }
  return r;
}

const ackCache = new Map<string, { until: number; acks: Promise<Map<string, string>> }>();

/** Plan acknowledgements of a portal ("versionId|userId" → time), re-read at most every two seconds. */
function acknowledgements(deps: AppDeps, portalId: string): Promise<Map<string, string>> {
  const now = Date.now();
  const hit = ackCache.get(portalId);
  if (hit && now < hit.until) return hit.acks;
  const acks = deps.db
    .selectFrom('plan_acknowledgements')
    .select(['plan_version_id', 'user_id', 'acknowledged_at'])
    .where('portal_id', '=', portalId)
    .execute()
    .then((rows) => new Map(rows.map((r) => [`${r.plan_version_id}|${r.user_id}`, r.acknowledged_at])));
  acks.catch(() => ackCache.delete(portalId));
  ackCache.set(portalId, { until: now + 2000, acks });
  return acks;
}

// ---------- ranking ----------

function metricValue(row: BoardRow, metric: LeaderboardMetric): Decimal | null {
  switch (metric) {
    case 'revenue':
      return new Decimal(row.credit);
    case 'won_count':
      return new Decimal(row.wonCount);
    case 'attainment':
      return row.attainment === null ? null : new Decimal(row.attainment);
    case 'commission':
      return new Decimal(row.total);
  }
}

export interface Ranked {
  row: BoardRow;
  rank: number;
  name: string;
}

/** Standard competition ranking (1, 2, 2, 4), highest first; no value (no quota for attainment) ranks last. */
export function rank(rows: BoardRow[], metric: LeaderboardMetric, org: Org): Ranked[] {
  const keyed = rows.map((row) => ({
    row,
    value: metricValue(row, metric),
    name: org.users.get(row.repId)?.name ?? row.repId,
  }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? 1 : -1;
    return b.value.cmp(a.value) || a.name.localeCompare(b.name, 'ru') || a.row.repId.localeCompare(b.row.repId);
  });
  const out: Ranked[] = [];
  keyed.forEach((k, i) => {
    const prev = keyed[i - 1];
    const tied = prev && (prev.value === null ? k.value === null : k.value !== null && prev.value.eq(k.value));
    out.push({ row: k.row, name: k.name, rank: tied ? out[i - 1]!.rank : i + 1 });
  });
  return out;
}

const rankCache = new WeakMap<Board, Map<LeaderboardMetric, Ranked[]>>();

function portalRanking(board: Board, metric: LeaderboardMetric, org: Org): Ranked[] {
  let byMetric = rankCache.get(board);
  if (!byMetric) {
    byMetric = new Map();
    rankCache.set(board, byMetric);
  }
  let ranked = byMetric.get(metric);
  if (!ranked) {
    ranked = rank(board.rows, metric, org);
    byMetric.set(metric, ranked);
  }
  return ranked;
}

const ratio = (credit: Decimal, quota: Decimal | null) =>
  quota?.gt(0) ? credit.div(quota).toDecimalPlaces(4).toFixed() : null;

// ---------- endpoints ----------

export async function mySummary(
  deps: AppDeps,
  session: Session,
  q: { period?: string; repId?: string },
): Promise<Summary> {
  return (await mySummaryRendered(deps, session, q)).summary;
}

/** The summary with its JSON rendering, cached until the portal's statements (or the rep's acknowledgement) change. */
export async function mySummaryRendered(
  deps: AppDeps,
  session: Session,
  q: { period?: string; repId?: string },
): Promise<RenderedSummary> {
  const { org, repId } = await targetRep(deps, session, q.repId);
  const period = await resolvePeriod(deps, session.portalId, q.period);
  const [settings, board] = await Promise.all([
    deps.store.settings(session.portalId),
    deps.store.board(session.portalId, period),
  ]);
  const row = board.byRep.get(repId);
  const acknowledgedAt = row?.planVersionId
    ? ((await acknowledgements(deps, session.portalId)).get(`${row.planVersionId}|${repId}`) ?? null)
    : null;
  // Everything below is a function of these: the board object is replaced whenever the portal's statements change.
  const key = `${repId}|${orgSets(org).id}|${acknowledgedAt}|${settings.baseCurrency}|${settings.timeZone}|${settings.fiscalYearStart}`;
  let byKey = summaryCache.get(board);
  if (!byKey) {
    byKey = new Map();
    summaryCache.set(board, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const summary = buildSummary(board, org, repId, period, settings, acknowledgedAt);
  if (byKey.size > 20_000) byKey.clear();
  byKey.set(key, summary);
  return summary;
}

/** Rendered summaries (JSON and object) per board; a board is dropped, with its renderings, when statements change. */
const summaryCache = new WeakMap<Board, Map<string, RenderedSummary>>();

export interface RenderedSummary {
  summary: Summary;
  /** The summary as UTF-8 JSON, ready to send. */
  bytes: Uint8Array<ArrayBuffer>;
}

function buildSummary(
  board: Board,
  org: Org,
  repId: string,
  period: string,
  settings: { baseCurrency: string; timeZone: string; fiscalYearStart: number },
  acknowledgedAt: string | null,
): RenderedSummary {
  const row = board.byRep.get(repId);
  const ranking = portalRanking(board, 'revenue', org);
  const mine = ranking.find((r) => r.row.repId === repId);
  const range = rangeOf(period, settings);
  const currency = row?.currency ?? settings.baseCurrency;
  const summary: Summary = {
    repId,
    period,
    periodStart: range.startDate,
    periodEnd: range.endDate,
    hasPlan: !!row?.planId,
    planName: row?.planName ?? null,
    acknowledgedAt,
    quota: row?.quota ? { amount: row.quota, currency } : null,
    credit: { amount: row?.credit ?? '0.00', currency },
    attainment: row?.attainment ?? null,
    earned: { amount: row?.total ?? '0.00', currency },
    rank: mine?.rank ?? null,
    rankOf: ranking.length,
  };
  return { summary, bytes: utf8.encode(JSON.stringify(summary)) };
}

/** The periods of a fiscal year, of the kind the portal's plans use. */
function periodsOfYear(year: number, kind: PeriodKind, fiscalYearStart: number): string[] {
  const first = periodKeyOfMonth(year, fiscalYearStart, kind, fiscalYearStart);
  const out = [first];
  for (let i = 1; i < PERIODS_PER_YEAR[kind]; i++) out.push(shiftPeriod(first, i, fiscalYearStart));
  return out;
}

export async function myHistory(
  deps: AppDeps,
  session: Session,
  q: { year?: string; repId?: string },
): Promise<History> {
  const { repId } = await targetRep(deps, session, q.repId);
  const [settings, kind] = await Promise.all([
    deps.store.settings(session.portalId),
    deps.store.defaultKind(session.portalId),
  ]);
  const current = periodOf(deps.clock().getTime(), {
    kind: 'year',
    timeZone: settings.timeZone,
    fiscalYearStart: settings.fiscalYearStart,
  });
  const year = Number(q.year ?? current);
  const points: Point[] = [];
  const now = deps.clock().getTime();
  for (const period of periodsOfYear(year, kind, settings.fiscalYearStart)) {
    // Periods that have not begun have nothing to show; computing them on request would let anyone trigger work.
    const future = rangeOf(period, settings).startMs > now;
    const row = future ? undefined : (await deps.store.board(session.portalId, period)).byRep.get(repId);
    const currency = row?.currency ?? settings.baseCurrency;
    points.push({
      period,
      quota: row?.quota ? { amount: row.quota, currency } : null,
      credit: { amount: row?.credit ?? '0.00', currency },
      attainment: row?.attainment ?? null,
      earned: { amount: row?.total ?? '0.00', currency },
    });
  }
  return { repId, points };
}

export async function statementOf(
  deps: AppDeps,
  session: Session,
  repIdParam: string,
  q: { period: string },
): Promise<z.input<typeof StatementDto>> {
  const { org, repId } = await targetRep(deps, session, repIdParam);
  if (!org.users.has(repId)) throw new AppError('not_found', `No rep ${repId} in your portal`);
  const s = await deps.store.statement(session.portalId, repId, q.period);
  if (!s) throw new AppError('not_found', `No statement for rep ${repId} in ${q.period}`);
  const [lock, approval] = await Promise.all([
    deps.db
      .selectFrom('period_locks')
      .select('period')
      .where('portal_id', '=', session.portalId)
      .where('period', '=', q.period)
      .executeTakeFirst(),
    deps.db
      .selectFrom('period_approvals')
      .select('period')
      .where('portal_id', '=', session.portalId)
      .where('period', '=', q.period)
      .where('rep_id', '=', repId)
      .executeTakeFirst(),
  ]);
  return {
    repId: s.repId,
    repName: s.repName,
    period: s.period,
    planId: s.planId,
    planName: s.planName,
    status: lock ? 'locked' : approval ? 'approved' : 'open',
    quota: s.quota,
    quotaCount: s.quotaCount,
    credit: s.credit,
    wonCount: s.wonCount,
    attainment: s.attainment,
    deals: s.deals,
    lines: s.lines,
    total: s.total,
  };
}

export async function leaderboard(
  deps: AppDeps,
  session: Session,
  q: { period?: string; metric: LeaderboardMetric; departmentId?: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const org = await deps.orgs.get(session.portalId);
  // Permission first (no department outside the viewer's reach), then the cache, then the work.
  if (q.departmentId) {
    if (!org.departments.has(q.departmentId)) {
      throw new AppError('not_found', `No department ${q.departmentId} in your portal`);
    }
    if (session.role === 'manager' && !orgSets(org).subtree(session.headOf).has(q.departmentId)) {
      throw new AppError('forbidden', `Department ${q.departmentId} is outside your departments`);
    }
    if (session.role === 'rep' && !(org.users.get(session.userId)?.departmentIds ?? []).includes(q.departmentId)) {
      throw new AppError('forbidden', 'Reps may see the leaderboard of their own department or the whole company');
    }
  }
  // Which reps are on the board: a department's subtree, or (no department) the viewer's natural scope.
  const scopeRoots = q.departmentId ? [q.departmentId] : session.role === 'manager' ? session.headOf : null;
  const scopeKey = scopeRoots ? scopeRoots.join(',') : 'all';
  const period = await resolvePeriod(deps, session.portalId, q.period);
  const settings = await deps.store.settings(session.portalId);
  const amounts = session.role !== 'rep' || settings.leaderboardVisibility === 'amounts';
  const key = `${session.portalId}|${deps.store.version(session.portalId)}|${orgSets(org).id}|${period}|${q.metric}|${scopeKey}|${amounts ? 1 : 0}`;
  const cached = rendered.get(key);
  if (cached) return cached;

  const scope = scopeRoots ? orgSets(org).members(scopeRoots) : null;
  const board = await deps.store.board(session.portalId, period);
  const rows = scope ? board.rows.filter((r) => scope.has(r.repId)) : board.rows;
  const ranked = scope ? rank(rows, q.metric, org) : portalRanking(board, q.metric, org);
  let credit = new Decimal(0);
  let quota: Decimal | null = null;
  for (const r of rows) {
    credit = credit.plus(r.credit);
    if (r.quota !== null) quota = (quota ?? new Decimal(0)).plus(r.quota);
  }
  const currency = rows[0]?.currency ?? settings.baseCurrency;
  const depOf = (repId: string) => {
    const deps_ = org.users.get(repId)?.departmentIds ?? [];
    return (q.departmentId ? deps_.find((d) => orgSets(org).subtree([q.departmentId!]).has(d)) : deps_[0]) ?? null;
  };
  const body: z.input<typeof Leaderboard> = {
    period,
    metric: q.metric,
    departmentId: q.departmentId ?? null,
    rows: ranked.map((r) => ({
      rank: r.rank,
      repId: r.row.repId,
      repName: r.name,
      departmentId: depOf(r.row.repId),
      credit: amounts ? { amount: r.row.credit, currency: r.row.currency } : null,
      wonCount: amounts ? r.row.wonCount : null,
      attainment: amounts ? r.row.attainment : null,
      commission: amounts ? { amount: r.row.total, currency: r.row.currency } : null,
    })),
    team: amounts
      ? {
          quota: quota ? { amount: quota.toFixed(2), currency } : null,
          credit: { amount: credit.toFixed(2), currency },
          attainment: ratio(credit, quota),
        }
      : { quota: null, credit: { amount: '0.00', currency }, attainment: null },
  };
  // Kept as UTF-8 bytes: a string body would be measured (Buffer.byteLength) and encoded again on every reply.
  const bytes = utf8.encode(JSON.stringify(body));
  if (rendered.size > 5000) rendered.clear();
  rendered.set(key, bytes);
  return bytes;
}

const utf8 = new TextEncoder();

let orgSerial = 0;
const orgMemo = new WeakMap<
  Org,
  { id: number; subtree(roots: readonly string[]): Set<string>; members(roots: readonly string[]): Set<string> }
>();

/** Subtrees and their members per loaded org chart, computed once; `id` tells org charts apart in cache keys. */
function orgSets(org: Org) {
  let memo = orgMemo.get(org);
  if (!memo) {
    const trees = new Map<string, Set<string>>();
    const people = new Map<string, Set<string>>();
    const tree = (roots: readonly string[]) => {
      const k = roots.join(',');
      let t = trees.get(k);
      if (!t) {
        t = subtree(org, roots);
        trees.set(k, t);
      }
      return t;
    };
    memo = {
      id: ++orgSerial,
      subtree: tree,
      members: (roots) => {
        const k = roots.join(',');
        let m = people.get(k);
        if (!m) {
          m = membersOf(org, tree(roots));
          people.set(k, m);
        }
        return m;
      },
    };
    orgMemo.set(org, memo);
  }
  return memo;
}

/** Rendered leaderboard JSON by portal|version|period|metric|scope|visibility; a new version makes old keys unused. */
const rendered = new Map<string, Uint8Array<ArrayBuffer>>();

export async function departments(deps: AppDeps, session: Session): Promise<Departments> {
  const org = await deps.orgs.get(session.portalId);
  let ids: Set<string>;
  if (session.role === 'admin') ids = new Set(org.departments.keys());
  else if (session.role === 'manager') ids = subtree(org, session.headOf);
  else ids = new Set(org.users.get(session.userId)?.departmentIds ?? []);
  return {
    departments: [...org.departments.values()]
      .filter((d) => ids.has(d.id))
      .sort((a, b) => a.sort - b.sort || a.id.localeCompare(b.id))
      .map((d) => ({ id: d.id, name: d.name, parentId: d.parentId, headId: d.headId })),
  };
}

// ---------- what-if ----------

async function estimateInput(deps: AppDeps, session: Session, repId: string, period: string, extraDealIds: string[]) {
  const settings = await deps.store.settings(session.portalId);
  const full = await deps.store.portalInput(session.portalId);
  // The engine's cost grows with its input: give it only what this rep's numbers depend on (their deals, and their
  // subtree's when a plan pays overrides), as the statement recompute does.
  const owners = new Set([repId]);
  if (full.plans.some((p) => p.rules.some((r) => r.type === 'override'))) {
    const org = await deps.orgs.get(session.portalId);
    for (const u of orgSets(org).members(headedBy(org, repId))) owners.add(u);
  }
  const deals = await loadDeals(deps.db, session.portalId, settings, [...owners]);
  const have = new Set(deals.map((d) => d.id));
  const missing = extraDealIds.filter((id) => !have.has(id));
  if (missing.length) {
    const rows = await deps.db
      .selectFrom('crm_deals')
      .select(ENGINE_DEAL_COLUMNS)
      .where('portal_id', '=', session.portalId)
      .where('deleted', '=', 0)
      .where('id', 'in', missing)
      .execute();
    for (const r of rows) {
      deals.push(toEngineDeal(r, settings));
      if (r.owner_id) owners.add(r.owner_id);
    }
  }
  const portal = {
    ...full,
    reps: full.reps.filter((r) => owners.has(r.id)),
    quotas: full.quotas.filter((q) => !q.repId || owners.has(q.repId)),
    adjustments: full.adjustments.filter((a) => owners.has(a.repId)),
    paid: full.paid.filter((x) => owners.has(x.repId)),
  };
  return { settings, input: engineInput(portal, deals, [period], { repIds: [repId], lang: settings.language }) };
}

/** Rank by revenue if the rep's credit were `credit` (others unchanged). */
function rankWith(board: Board, repId: string, credit: Decimal): number {
  let above = 0;
  for (const r of board.rows) if (r.repId !== repId && new Decimal(r.credit).gt(credit)) above++;
  return above + 1;
}

export async function dealEstimate(
  deps: AppDeps,
  session: Session,
  dealId: string,
): Promise<z.input<typeof DealEstimate>> {
  const deal = await deps.db
    .selectFrom('crm_deals')
    .select(['id', 'title'])
    .where('portal_id', '=', session.portalId)
    .where('id', '=', dealId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!deal) throw new AppError('not_found', `No deal ${dealId} in your portal`);
  const repId = session.userId;
  const period = await resolvePeriod(deps, session.portalId, undefined);
  const { input } = await estimateInput(deps, session, repId, period, [dealId]);
  const e = estimateDeal(input, { dealId, repId, asOf: deps.clock().toISOString(), metric: 'revenue' });
  const board = await deps.store.board(session.portalId, e.period);
  const mine = board.byRep.get(repId);
  const before = new Decimal(mine?.credit ?? 0);
  const adds = e.counts && e.reason !== 'already_won';
  return {
    dealId: e.dealId,
    title: deal.title,
    period: e.period,
    counts: e.counts,
    reason: e.reason,
    amount: e.amount,
    share: e.share,
    credit: e.credit,
    payoutDelta: e.payoutDelta,
    tier: e.tier,
    attainmentBefore: e.attainmentBefore,
    attainmentAfter: e.attainmentAfter,
    rankBefore: mine ? rankWith(board, repId, before) : e.rankBefore,
    rankAfter: mine ? rankWith(board, repId, adds ? before.plus(e.credit.amount) : before) : e.rankAfter,
    earnedBefore: e.earnedBefore,
    earnedAfter: e.earnedAfter,
  };
}

export async function myOpenDeals(
  deps: AppDeps,
  session: Session,
  q: { period?: string; repId?: string },
): Promise<OpenDeals> {
  const { repId } = await targetRep(deps, session, q.repId);
  const period = await resolvePeriod(deps, session.portalId, q.period);
  const open = await deps.db
    .selectFrom('crm_deals as d')
    .leftJoin('crm_stages as s', (j) => j.onRef('s.portal_id', '=', 'd.portal_id').onRef('s.id', '=', 'd.stage_id'))
    .select(['d.id', 'd.title', 'd.amount', 'd.currency', 's.name as stage_name', 'd.stage_id'])
    .where('d.portal_id', '=', session.portalId)
    .where('d.owner_id', '=', repId)
    .where('d.status', '=', 'open')
    .where('d.deleted', '=', 0)
    .execute();
  // The 100 largest are plenty for the dashboard; each needs one engine what-if.
  open.sort((a, b) => new Decimal(b.amount).cmp(a.amount));
  const top = open.slice(0, 100);
  const { input } = await estimateInput(deps, session, repId, period, []);
  const asOf = asOfInPeriod(deps, period, await deps.store.settings(session.portalId));
  const deals = top.map((d) => {
    let wouldEarn = { amount: '0.00', currency: d.currency };
    try {
      wouldEarn = estimateDeal(input, { dealId: d.id, repId, asOf }).payoutDelta;
    } catch (error) {
      deps.log.warn('estimate failed', { dealId: d.id, error: error instanceof Error ? error.message : String(error) });
    }
    return {
      dealId: d.id,
      title: d.title,
      stage: d.stage_name ?? d.stage_id,
      amount: { amount: d.amount, currency: d.currency },
      wouldEarn,
    };
  });
  deals.sort((a, b) => new Decimal(b.wouldEarn.amount).cmp(a.wouldEarn.amount));
  return { period, deals };
}

/** "Won now" when the period is current; otherwise the last moment of the asked period (what it would have added). */
function asOfInPeriod(deps: AppDeps, period: string, settings: { timeZone: string; fiscalYearStart: number }): string {
  const now = deps.clock().getTime();
  const range = rangeOf(period, settings);
  if (now >= range.startMs && now < range.endMs) return new Date(now).toISOString();
  return new Date(range.endMs - 1000).toISOString();
}
