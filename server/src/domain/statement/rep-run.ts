import type { ClawbackEvent, CreditTable } from '../credit/aggregate';
import type { OrgTree } from '../credit/rollup';
import { money, toMinor } from '../money/money';
import { add, div, mul, type Q, Q0, qi, ratioString } from '../money/q';
import { roundQ } from '../money/round';
import { endsSpan } from '../period/period';
import type { ClawbackRule, DrawRule, PlanVersion, RoundingMode, TrueUpRule } from '../plan/types';
import { type QuotaBook, type ResolvedQuota, resolveRepQuota } from '../quota/quota';
import { adjustmentLine } from '../rules/adjustment';
import { type ClawbackDue, clawbackLines } from '../rules/clawback';
import type { Line, RepPeriod } from '../rules/context';
import { drawLines } from '../rules/draw';
import { COMMISSION_RULES, evaluateRules } from '../rules/evaluate';
import { trueUpLine } from '../rules/trueup';
import type { Adjustment, DealColumns, Lang, PaidRecord, Rep, Statement } from '../types';
import { creditedDeals, toStatementLines } from './build';
import type { Timeline } from './timeline';

export interface RunContext {
  tl: Timeline;
  table: CreditTable;
  cols: DealColumns;
  reps: Rep[];
  quotas: QuotaBook;
  org: OrgTree | null;
  lang: Lang;
  withDeals: boolean;
  /** Per version: rep is on the plan. */
  assigned: Uint8Array[];
  dealAmount: (deal: number) => number;
  adjustments: Map<string, Adjustment[]>;
  paid: Map<string, PaidRecord[]>;
  /** Booking index of a period key (first open period at or after it), -1 when outside. */
  bookingIndex: (period: string) => number;
  clawbacksByRep: Map<number, ClawbackEvent[]>;
  /** Resolved quota per cell (rep × T + period), filled as reps run; team roll-ups reuse it. */
  quotaCells: (ResolvedQuota | null | undefined)[];
}

interface Compiled {
  /** Has rules whose state carries from period to period. */
  carries: boolean;
  commissionIds: Set<string>;
  trueUp: TrueUpRule | null;
  draw: DrawRule | null;
  clawback: ClawbackRule | null;
}

const compiledPlans = new WeakMap<PlanVersion, Compiled>();

/** Per plan version, what every period asks: found once, not per rep-period. */
function compile(plan: PlanVersion): Compiled {
  let c = compiledPlans.get(plan);
  if (!c) {
    const has = (type: string) => plan.rules.some((x) => x.type === type);
    c = {
      carries: has('draw') || has('true_up') || has('clawback'),
      commissionIds: new Set(plan.rules.filter((x) => COMMISSION_RULES.has(x.type)).map((x) => x.id)),
      trueUp: plan.rules.find((x): x is TrueUpRule => x.type === 'true_up') ?? null,
      draw: plan.rules.find((x): x is DrawRule => x.type === 'draw') ?? null,
      clawback: plan.rules.find((x): x is ClawbackRule => x.type === 'clawback') ?? null,
    };
    compiledPlans.set(plan, c);
  }
  return c;
}

interface Due {
  at: number;
  clawback?: ClawbackDue;
  adjustment?: Adjustment;
}

/** One rep through the timeline, in order: draws, clawbacks and the YTD true-up carry state from period to period. */
export function runRep(rc: RunContext, r: number, claimed: Set<string>, out: Statement[]): void {
  const { tl, table, reps, cols, lang } = rc;
  const rep = reps[r]!;
  const T = tl.periods.length;
  const rounding = (v: PlanVersion) => v.rounding ?? 'half_up';
  // Opening balances from the last paid record before the timeline.
  const history = rc.paid.get(rep.id) ?? [];
  const before = history.filter((p) => p.period < tl.periods[0]!).sort((a, b) => (a.period < b.period ? -1 : 1));
  const opening = before[before.length - 1];
  const minor = (s: string | null | undefined) => (s ? toMinor(s, tl.currency) : 0n);
  let drawBalance = minor(opening?.drawBalance);
  let clawCarry = minor(opening?.clawbackBalance);
  const due: Due[] = [];
  for (const adj of rc.adjustments.get(rep.id) ?? []) {
    const at = rc.bookingIndex(adj.period);
    if (at >= 0) due.push({ at, adjustment: adj });
  }
  let fy = '';
  let ytdCredit = Q0;
  let ytdQuota: bigint | null = null;
  let ytdPaid = 0n;
  let ytdPeriods = 0;
  const headed = rc.org ? rc.org.topHeaded(r) : [];
  for (let t = 0; t < T; t++) {
    const period = tl.periods[t]!;
    const cell = r * T + t;
    const credit = qi(table.cellCredit[cell]!);
    const periodFy = tl.fiscalYearOf[t]!;
    if (periodFy !== fy) {
      fy = periodFy;
      ytdCredit = Q0;
      ytdQuota = null;
      ytdPaid = 0n;
      ytdPeriods = 0;
    }
    ytdCredit = add(ytdCredit, credit);
    ytdPeriods++;
    const vi = tl.versionAt[t]!;
    const plan = vi >= 0 ? tl.versions[vi]! : null;
    const key = `${rep.id}|${period}`;
    if (!plan || rc.assigned[vi]![r] === 0 || claimed.has(key)) continue;
    // No statement (and no draw) for a period the rep was not employed in at all.
    const range = tl.ranges[t]!;
    if (
      (rep.hiredAt && rep.hiredAt.slice(0, 10) >= range.endDate) ||
      (rep.leftAt && rep.leftAt.slice(0, 10) < range.startDate)
    )
      continue;
    claimed.add(key);
    const q = resolveRepQuota(rc.quotas, rep, period, tl.ranges[t]!, plan);
    rc.quotaCells[cell] = q;
    const quota = q?.amount ?? null;
    if (quota !== null) ytdQuota = (ytdQuota ?? 0n) + quota;
    // A period nobody asked for matters only through what it carries forward (draw balance, true-up, clawbacks);
    // without such rules it is skipped — YTD credit and quota above are all later periods need from it.
    if (tl.requested[t] === 0 && !compile(plan).carries) {
      for (let i = due.length - 1; i >= 0; i--) if (due[i]!.at <= t && tl.closed[t] === 0) due.splice(i, 1);
      continue;
    }
    const count = table.cellCount[cell]!;
    const teamCredit = headed.length ? headed.reduce((a, dep) => add(a, qi(table.teamCredit[dep * T + t]!)), Q0) : null;
    const rows = {
      deal: table.rowDeal,
      credit: table.rowCredit,
      ppm: table.rowPpm,
      start: table.cellStart[cell]!,
      end: table.cellStart[cell + 1]!,
    };
    const ctx: RepPeriod = {
      plan,
      lang,
      currency: plan.currency,
      rounding: rounding(plan),
      repId: rep.id,
      period,
      credit,
      count,
      quota: quota === null ? null : qi(quota),
      quotaCount: q?.count ?? null,
      attainment: quota !== null && quota > 0n ? div(credit, qi(quota)) : null,
      countAttainment: q?.count ? { n: BigInt(count), d: BigInt(q.count) } : null,
      rows,
      cols,
      dealAmount: rc.dealAmount,
      teamCredit,
      bandScale: 1,
      localMidnight: tl.localMidnight,
    };
    const lines: Line[] = evaluateRules(ctx, plan.rules);
    const compiled = compile(plan);
    const commissionIds = compiled.commissionIds;
    const commission = lines.filter((l) => commissionIds.has(l.ruleId)).reduce((a, l) => a + l.amount, 0n);
    ytdPaid += commission;
    // Year-to-date true-up at the end of each span.
    const trueUp = compiled.trueUp;
    if (trueUp && endsSpan(period, trueUp.every, tl.fiscalYearStart)) {
      const ytdCtx: RepPeriod = {
        ...ctx,
        credit: ytdCredit,
        quota: ytdQuota === null ? null : qi(ytdQuota),
        attainment: ytdQuota !== null && ytdQuota > 0n ? div(ytdCredit, qi(ytdQuota)) : null,
        rows: null,
        bandScale: ytdPeriods,
      };
      const earned = evaluateRules(ytdCtx, plan.rules, COMMISSION_RULES).reduce((a, l) => a + l.amount, 0n);
      const line = trueUpLine(ctx, trueUp, ytdCredit, ytdCtx.attainment, earned, ytdPaid);
      lines.push(line);
      ytdPaid += line.amount;
    }
    // Draw against everything earned so far this period.
    const drawRule = compiled.draw;
    if (drawRule) {
      const earned = lines.reduce((a, l) => a + l.amount, 0n);
      const d = drawLines(ctx, drawRule, earned, drawBalance);
      lines.push(...d.lines);
      drawBalance = d.balance;
    }
    // Clawbacks for deals reversed after their closed period was paid.
    if (tl.closed[t] === 0) {
      const clawRule = compiled.clawback;
      const mine = due.length ? due.filter((x) => x.at <= t && x.clawback) : due;
      if (mine.length || clawCarry > 0n) {
        const c = clawbackLines(
          ctx,
          clawRule,
          mine.map((x) => x.clawback!),
          clawCarry,
        );
        lines.push(...c.lines);
        clawCarry = c.carried;
      }
      if (due.length)
        for (const x of due.filter((x) => x.at <= t && x.adjustment)) lines.push(adjustmentLine(ctx, x.adjustment!));
      for (let i = due.length - 1; i >= 0; i--) if (due[i]!.at <= t) due.splice(i, 1);
    }
    // Deals credited here and reversed later within the window: their commission becomes due then.
    collectClawbacks(rc, r, t, commission, credit, ctx.rounding, due);
    const record = history.length ? history.find((p) => p.period === period) : undefined;
    if (tl.closed[t] === 1 && record) {
      if (record.drawBalance != null) drawBalance = minor(record.drawBalance);
      if (record.clawbackBalance != null) clawCarry = minor(record.clawbackBalance);
    }
    if (tl.requested[t] === 0) continue;
    const total = lines.reduce((a, l) => a + l.amount, 0n);
    const cur = plan.currency;
    out.push({
      repId: rep.id,
      repName: rep.name,
      period,
      planId: plan.id,
      planName: plan.name,
      planVersion: plan.version,
      status: tl.closed[t] === 1 ? 'locked' : 'open',
      quota: quota === null ? null : money(quota, cur),
      quotaCount: q?.count ?? null,
      credit: money(credit.n, cur),
      wonCount: count,
      attainment: ctx.attainment === null ? null : ratioString(ctx.attainment, 6),
      countAttainment: ctx.countAttainment === null ? null : ratioString(ctx.countAttainment, 6),
      ytdCredit: money(ytdCredit.n, cur),
      ytdAttainment: ytdQuota !== null && ytdQuota > 0n ? ratioString(div(ytdCredit, qi(ytdQuota)), 6) : null,
      deals: rc.withDeals ? creditedDeals(rows, cols, cur) : [],
      lines: toStatementLines(lines, cur),
      total: money(total, cur),
      drawBalance: money(drawBalance, cur),
      clawbackBalance: money(clawCarry, cur),
    });
  }
}

/** A reversed deal's clawback = its period's commission × deal credit / period credit (the average rate it earned). */
function collectClawbacks(
  rc: RunContext,
  r: number,
  t: number,
  commission: bigint,
  credit: Q,
  mode: RoundingMode,
  due: Due[],
): void {
  const { tl, cols } = rc;
  for (const ev of rc.clawbacksByRep.get(r) ?? []) {
    if (ev.wonPeriod !== t || credit.n <= 0n) continue;
    const amount = roundQ(div(mul(qi(commission), qi(ev.credit)), credit), mode);
    if (amount <= 0n) continue;
    let at = -1;
    for (let k = t + 1; k < tl.periods.length; k++)
      if (tl.boundaries[k + 1]! > ev.reversedAt && tl.closed[k] === 0) {
        at = k;
        break;
      }
    if (at < 0) continue;
    due.push({
      at,
      clawback: {
        dealId: cols.ids[ev.deal]!,
        title: cols.titles?.[ev.deal] ?? cols.ids[ev.deal]!,
        wonPeriod: tl.periods[t]!,
        amount,
        reversal: cols.status[ev.deal] === 2 ? 'lost' : 'refunded',
      },
    });
  }
}
