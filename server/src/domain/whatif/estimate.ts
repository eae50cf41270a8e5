import { isColumns } from '../credit/columns';
import { OrgTree } from '../credit/rollup';
import { rankLeaderboard } from '../leaderboard/rank';
import { money, moneyToMinor, zeroMoney } from '../money/money';
import { gte, lt, Q0, qd, roundToBigint, sub } from '../money/q';
import { DEFAULT_TIME_ZONE, periodOf } from '../period/period';
import { localDate } from '../period/timezone';
import type { PlanVersion, TieredRule } from '../plan/types';
import { assignedMask } from '../statement/assignment';
import { computeStatements } from '../statement/compute';
import type { Deal, DealEstimate, EngineInput, LeaderboardMetric, Statement } from '../types';

export interface EstimateQuery {
  dealId: string;
  repId: string;
  /** The instant the deal would be won ("now", passed in: the engine has no clock). */
  asOf: string;
  /** Metric for rank before/after (default revenue). */
  metric?: LeaderboardMetric;
}

function versionAt(plans: PlanVersion[], date: string, repId: string, input: EngineInput): PlanVersion | null {
  const r = input.reps.findIndex((rep) => rep.id === repId);
  if (r < 0) return null;
  const org = input.departments?.length ? new OrgTree(input.departments, input.reps) : null;
  for (const v of plans) {
    if (!(v.effectiveFrom <= date && (v.effectiveTo == null || date < v.effectiveTo))) continue;
    if (assignedMask(v, input.reps, org)[r]) return v;
  }
  return null;
}

/** Name of the band of the plan's first tiered rule that a statement's figures land in. */
function tierOf(plan: PlanVersion, s: Statement | undefined): string | null {
  const rule = plan.rules.find((r): r is TieredRule => r.type === 'tiered');
  if (!rule || !s) return null;
  const credit = qd(s.credit.amount);
  const measure =
    rule.basis === 'revenue'
      ? credit
      : rule.basis === 'attainment'
        ? s.attainment === null
          ? null
          : qd(s.attainment)
        : s.countAttainment === null
          ? null
          : qd(s.countAttainment);
  if (measure === null) return null;
  for (const t of rule.tiers)
    if (gte(measure, qd(t.from)) && (t.to === null || lt(measure, qd(t.to))))
      return t.name ?? `${t.from}${t.to === null ? '+' : `–${t.to}`}`;
  return null;
}

/**
 * "What would this deal add for rep R if won now": recomputes the rep's period with and without the deal won at
 * `asOf` (other deals as they are) and reports the payout delta, the tier it lands in, attainment and rank before
 * and after. For an already won deal it reports what the deal added. Pure: `asOf` is the caller's clock.
 */
export function estimateDeal(input: EngineInput, query: EstimateQuery): DealEstimate {
  const deals: Deal[] = isColumns(input.deals) ? (input.deals.source ?? []) : input.deals;
  const deal = deals.find((d) => d.id === query.dealId);
  if (!deal) throw new Error(`estimateDeal: no deal ${query.dealId}`);
  const byDate = [...input.plans].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const first = byDate[0];
  const tz = first?.timeZone ?? DEFAULT_TIME_ZONE;
  const localDay = localDate(Date.parse(query.asOf), tz);
  const plan = versionAt(byDate, localDay, query.repId, input);
  const wonAt = deal.status === 'won' && deal.wonAt ? deal.wonAt : query.asOf;
  const period = plan
    ? periodOf(wonAt, { kind: plan.period, fiscalYearStart: plan.fiscalYearStart ?? 1, timeZone: plan.timeZone ?? tz })
    : localDay.slice(0, 7);
  const share = deal.splits?.length
    ? deal.splits.find((s) => s.repId === query.repId)?.share
    : deal.ownerId === query.repId
      ? '1'
      : undefined;
  const currency = plan?.currency ?? deal.currency;
  const empty: DealEstimate = {
    dealId: deal.id,
    title: deal.title,
    repId: query.repId,
    period,
    counts: false,
    reason: null,
    amount: { amount: deal.amount, currency: deal.currency },
    share: share ?? '0',
    credit: zeroMoney(currency),
    payoutDelta: zeroMoney(currency),
    tier: null,
    attainmentBefore: null,
    attainmentAfter: null,
    rankBefore: null,
    rankAfter: null,
    earnedBefore: zeroMoney(currency),
    earnedAfter: zeroMoney(currency),
  };
  if (deal.status === 'lost') return { ...empty, reason: 'lost' };
  if (share === undefined) return { ...empty, reason: 'not_owner' };
  if (!plan) return { ...empty, reason: 'no_plan' };
  if (plan.crediting?.pipelines && !plan.crediting.pipelines.includes(deal.pipelineId))
    return { ...empty, reason: 'pipeline_excluded' };
  const others = deals.filter((d) => d.id !== deal.id);
  const wonStage = plan.crediting?.stages?.includes(deal.stageId)
    ? deal.stageId
    : (plan.crediting?.stages?.[0] ?? deal.stageId);
  const asWon: Deal = { ...deal, status: 'won', wonAt, stageId: wonStage, lostAt: null, refundedAt: null };
  const base = { ...input, periods: [period], withDeals: false };
  const before = computeStatements({ ...base, deals: others }).statements.filter(
    (s) => s.period === period && s.planId === plan.id,
  );
  const after = computeStatements({ ...base, deals: [...others, asWon] }).statements.filter(
    (s) => s.period === period && s.planId === plan.id,
  );
  const metric = query.metric ?? 'revenue';
  const mineBefore = before.find((s) => s.repId === query.repId);
  const mineAfter = after.find((s) => s.repId === query.repId);
  const rank = (list: Statement[]) => rankLeaderboard(list, metric).find((e) => e.repId === query.repId)?.rank ?? null;
  const earnedBefore = mineBefore ? moneyToMinor(mineBefore.total) : Q0;
  const earnedAfter = mineAfter ? moneyToMinor(mineAfter.total) : Q0;
  const creditDelta = sub(
    mineAfter ? moneyToMinor(mineAfter.credit) : Q0,
    mineBefore ? moneyToMinor(mineBefore.credit) : Q0,
  );
  return {
    ...empty,
    counts: true,
    reason: deal.status === 'won' ? 'already_won' : null,
    credit: money(roundToBigint(creditDelta), currency),
    payoutDelta: money(roundToBigint(sub(earnedAfter, earnedBefore)), currency),
    tier: tierOf(plan, mineAfter),
    attainmentBefore: mineBefore?.attainment ?? null,
    attainmentAfter: mineAfter?.attainment ?? null,
    rankBefore: rank(before),
    rankAfter: rank(after),
    earnedBefore: money(roundToBigint(earnedBefore), currency),
    earnedAfter: money(roundToBigint(earnedAfter), currency),
  };
}
