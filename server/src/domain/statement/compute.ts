import { type CreditSetup, creditDeals } from '../credit/aggregate';
import { isColumns, toDealColumns } from '../credit/columns';
import { OrgTree } from '../credit/rollup';
import { FxTable } from '../money/fx';
import { periodKindOfKey, periodsBetween } from '../period/period';
import type { PlanVersion } from '../plan/types';
import { QuotaBook } from '../quota/quota';
import type { Adjustment, ComputeResult, EngineInput, PaidRecord, Statement, TeamResult } from '../types';
import { assignedMask } from './assignment';
import { type RunContext, runRep } from './rep-run';
import { teamResults } from './teams';
import { buildTimeline } from './timeline';

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/**
 * Statements per rep per requested period, and department roll-ups. Deterministic: the same input gives the same
 * output, byte for byte (no clock, no Intl number formatting, stable orders). Statements come grouped by plan, then
 * in the order of input.reps, then by period.
 *
 * A rep on several plans in one period gets the statement of the first plan (input order) that assigns them.
 */
export function computeStatements(input: EngineInput): ComputeResult {
  const lang = input.lang ?? 'ru';
  const reps = input.reps;
  const cols = isColumns(input.deals) ? input.deals : toDealColumns(input.deals, reps);
  const org = input.departments?.length ? new OrgTree(input.departments, reps) : null;
  const quotas = new QuotaBook(input.quotas ?? []);
  const wanted = input.repIds ? new Set(input.repIds) : null;
  const adjustments = groupBy<Adjustment>(input.adjustments ?? [], (a) => a.repId);
  const paid = groupBy<PaidRecord>(input.paid ?? [], (p) => p.repId);
  const closedSet = new Set(input.closedPeriods ?? []);
  const statements: Statement[] = [];
  let teams: TeamResult[] = [];
  const warnings: string[] = [];
  const claimed = new Set<string>();
  const unknownOwners = cols.owner.some((o, d) => o < 0 && !cols.splitStart && cols.status[d] === 1);
  if (unknownOwners) warnings.push('some won deals belong to reps missing from reps[] and were not credited');
  for (const versions of groupBy<PlanVersion>(input.plans, (p) => p.id).values()) {
    const tl = buildTimeline(versions, input.periods, input.closedPeriods ?? []);
    if (!tl) continue;
    const fx = new FxTable(tl.currency, input.fxRates ?? [], tl.timeZone, versions[0]!.rounding ?? 'half_up');
    const mask = (allowed: string[] | undefined, names: string[]) =>
      allowed ? Uint8Array.from(names.map((n) => (allowed.includes(n) ? 1 : 0))) : null;
    const setup: CreditSetup = {
      reps: reps.length,
      boundaries: tl.boundaries,
      versionAt: tl.versionAt,
      pipelineOk: tl.versions.map((v) => mask(v.crediting?.pipelines, cols.pipelines)),
      stageOk: tl.versions.map((v) => mask(v.crediting?.stages, cols.stages)),
      clawbackWindow: tl.versions.map((v) => {
        const c = v.rules.find((r) => r.type === 'clawback');
        return c && c.type === 'clawback' ? c.withinDays * 86_400_000 : -1;
      }),
      closed: tl.closed,
      convert: (cur, amount, at) => fx.convertMinor(amount, cols.currencies[cur]!, at),
      baseCurrency: Int32Array.from(cols.currencies.map((c) => (c === tl.currency ? 1 : 0))),
      org,
    };
    const table = creditDeals(cols, setup);
    for (const cur of table.missingRate)
      warnings.push(`no ${cols.currencies[cur]}→${tl.currency} rate for some won deals; they were not credited`);
    const assigned = tl.versions.map((v) => assignedMask(v, reps, org));
    const rc: RunContext = {
      tl,
      table,
      cols,
      reps,
      quotas,
      org,
      lang,
      withDeals: input.withDeals !== false,
      assigned,
      dealAmount: (d) => {
        const cur = cols.currency[d]!;
        if (setup.baseCurrency[cur]) return cols.amountMinor[d]!;
        return setup.convert(cur, cols.amountMinor[d]!, cols.wonAt[d]!) ?? 0;
      },
      adjustments,
      paid,
      bookingIndex: (period) => {
        if (periodKindOfKey(period) !== tl.kind) return -1;
        let t = tl.periods.indexOf(period);
        if (t < 0) {
          if (period > tl.periods[tl.periods.length - 1]!) return -1;
          const gap = periodsBetween(period, tl.periods[0]!, tl.fiscalYearStart).slice(0, -1);
          if (!gap.every((p) => closedSet.has(p))) return -1;
          t = 0;
        }
        while (t < tl.periods.length && tl.closed[t] === 1) t++;
        return t < tl.periods.length ? t : -1;
      },
      quotaCells: new Array(reps.length * tl.periods.length),
      clawbacksByRep: new Map([...groupBy(table.clawbacks, (e) => String(e.rep))].map(([k, v]) => [Number(k), v])),
    };
    for (let r = 0; r < reps.length; r++) {
      if (wanted && !wanted.has(reps[r]!.id)) continue;
      runRep(rc, r, claimed, statements);
    }
    if (org && teams.length === 0) teams = teamResults(tl, table, org, quotas, reps, rc.quotaCells);
  }
  return { statements, teams, warnings };
}
