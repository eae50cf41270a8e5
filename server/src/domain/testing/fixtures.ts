/** Small builders for the engine's tests (not used by production code). */
import type { PlanVersion, Rule } from '../plan/types';
import { computeStatements } from '../statement/compute';
import type { Deal, EngineInput, Quota, Rep, Statement } from '../types';

export function plan(rules: Rule[], extra: Partial<PlanVersion> = {}): PlanVersion {
  return {
    id: 'p',
    name: 'P',
    version: 1,
    effectiveFrom: '2026-01-01',
    currency: 'RUB',
    period: 'month',
    rules,
    ...extra,
  };
}

export function deal(
  id: string,
  ownerId: string,
  amount: string,
  wonAt: string | null = '2026-11-10T12:00:00+03:00',
  extra: Partial<Deal> = {},
): Deal {
  return {
    id,
    title: id,
    ownerId,
    amount,
    currency: 'RUB',
    pipelineId: '0',
    stageId: 'WON',
    status: 'won',
    wonAt,
    ...extra,
  };
}

export function rep(id: string, extra: Partial<Rep> = {}): Rep {
  return { id, name: id, departmentIds: [], ...extra };
}

export function quota(repId: string, amount: string, period = '2026-11', count?: number): Quota {
  return { repId, period, amount, count: count ?? null };
}

/** Statements of one rep (default r1) in one period (default 2026-11). */
export function statementOf(
  input: Partial<EngineInput> & Pick<EngineInput, 'plans' | 'deals'>,
  repId = 'r1',
  period = '2026-11',
): Statement {
  const s = computeStatements({ reps: [rep('r1')], periods: [period], ...input }).statements.find(
    (x) => x.repId === repId && x.period === period,
  );
  if (!s) throw new Error(`no statement for ${repId} ${period}`);
  return s;
}

/** [kind, amount] of every line — the shape most assertions compare. */
export function lines(s: Statement): [string, string][] {
  return s.lines.map((l) => [l.kind, l.amount.amount]);
}
