/**
 * Maps a portal's stored data (synced CRM copy + plans, quotas, settings, adjustments, locks) to the engine's input.
 * The only place that knows both the table shapes and the engine's types.
 */
import type { Kysely } from 'kysely';
import { listDepartments, listUsers } from '../db/crm/directory';
import type { CrmDealsTable } from '../db/crm.tables';
import type { DB } from '../db/schema';
import type { Adjustment, Deal, EngineInput, FxRate, PaidRecord, PlanVersion, Quota, Rep } from '../domain/index';
import { parsePlan } from '../domain/index';
import type { Logger } from './logger';
import type { AppSettings } from './settings';

export interface PortalInput {
  plans: PlanVersion[];
  /** Plan version row id per (plan id, version number), to store beside statements. */
  versionIds: Map<string, string>;
  reps: Rep[];
  departments: { id: string; name: string; parentId: string | null; headId: string | null }[];
  quotas: Quota[];
  fxRates: FxRate[];
  adjustments: Adjustment[];
  paid: PaidRecord[];
  closedPeriods: string[];
}

/** Everything but deals; deals are loaded separately (all of them, or only some owners'). */
export async function loadPortalInput(
  db: Kysely<DB>,
  portalId: string,
  settings: AppSettings,
  log: Logger,
): Promise<PortalInput> {
  const [users, departments, versions, assignments, quotas, currencies, adjustments, locks, lockedStatements] =
    await Promise.all([
      listUsers(db, portalId),
      listDepartments(db, portalId),
      db
        .selectFrom('plan_versions')
        .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
        .select([
          'plan_versions.id',
          'plan_versions.plan_id',
          'plan_versions.version',
          'plan_versions.effective_from',
          'plan_versions.effective_to',
          'plan_versions.definition',
          'plans.name',
        ])
        .where('plan_versions.portal_id', '=', portalId)
        .where('plans.portal_id', '=', portalId)
        .where('plan_versions.status', '=', 'published')
        .execute(),
      db.selectFrom('plan_assignments').selectAll().where('portal_id', '=', portalId).execute(),
      db.selectFrom('quotas').selectAll().where('portal_id', '=', portalId).execute(),
      db.selectFrom('crm_currencies').selectAll().where('portal_id', '=', portalId).execute(),
      db.selectFrom('adjustments').selectAll().where('portal_id', '=', portalId).execute(),
      db.selectFrom('period_locks').select('period').where('portal_id', '=', portalId).execute(),
      db
        .selectFrom('statements')
        .innerJoin('period_locks', (j) =>
          j
            .onRef('period_locks.portal_id', '=', 'statements.portal_id')
            .onRef('period_locks.period', '=', 'statements.period'),
        )
        .select(['statements.rep_id', 'statements.period', 'statements.total', 'statements.document'])
        .where('statements.portal_id', '=', portalId)
        .execute(),
    ]);

  const assigned = new Map<string, { repIds: string[]; departmentIds: string[] }>();
  for (const a of assignments) {
    const entry = assigned.get(a.plan_id) ?? { repIds: [], departmentIds: [] };
    if (a.rep_id) entry.repIds.push(a.rep_id);
    if (a.department_id) entry.departmentIds.push(a.department_id);
    assigned.set(a.plan_id, entry);
  }

  const plans: PlanVersion[] = [];
  const versionIds = new Map<string, string>();
  for (const v of versions) {
    let definition: Record<string, unknown>;
    try {
      definition = JSON.parse(v.definition) as Record<string, unknown>;
    } catch {
      log.warn('published plan version is not JSON; skipped', { portalId, planVersionId: v.id });
      continue;
    }
    const crediting =
      definition.crediting ??
      (settings.countedPipelineIds.length || settings.countedStageIds.length
        ? {
            ...(settings.countedPipelineIds.length ? { pipelines: settings.countedPipelineIds } : {}),
            ...(settings.countedStageIds.length ? { stages: settings.countedStageIds } : {}),
          }
        : undefined);
    const doc = {
      currency: settings.baseCurrency,
      fiscalYearStart: settings.fiscalYearStart,
      timeZone: settings.timeZone,
      ...definition,
      id: v.plan_id,
      name: v.name,
      version: v.version,
      effectiveFrom: v.effective_from,
      effectiveTo: v.effective_to,
      ...(crediting ? { crediting } : {}),
      // Assignments made in the app replace the document's own list; no assignment at all → the document decides.
      ...(assigned.has(v.plan_id) ? { assignees: assigned.get(v.plan_id) } : {}),
    };
    const parsed = parsePlan(doc, settings.language);
    if (!parsed.ok) {
      log.warn('published plan version fails validation; skipped', {
        portalId,
        planVersionId: v.id,
        issues: parsed.issues.slice(0, 3),
      });
      continue;
    }
    for (const p of parsed.plans) {
      plans.push(p);
      versionIds.set(`${p.id}#${p.version}`, v.id);
    }
  }

  return {
    plans,
    versionIds,
    reps: users.map((u) => ({ id: u.id, name: u.name, departmentIds: u.departmentIds, hiredAt: u.hiredAt })),
    departments: departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentId, headId: d.headId })),
    quotas: quotas.map((q) => ({
      ...(q.scope === 'rep' ? { repId: q.subject_id } : { departmentId: q.subject_id }),
      period: q.period,
      amount: q.amount,
      count: q.count,
    })),
    fxRates: currencies
      .filter((c) => c.code !== settings.baseCurrency)
      .map((c) => ({ currency: c.code, date: '1970-01-01', rate: c.rate })),
    adjustments: adjustments.map((a) => ({
      id: a.id,
      repId: a.rep_id,
      period: a.period,
      amount: a.amount,
      reason: a.reason,
    })),
    paid: lockedStatements.map((s) => {
      const doc = JSON.parse(s.document) as { drawBalance?: { amount: string }; clawbackBalance?: { amount: string } };
      return {
        repId: s.rep_id,
        period: s.period,
        paid: s.total,
        drawBalance: doc.drawBalance?.amount ?? null,
        clawbackBalance: doc.clawbackBalance?.amount ?? null,
      };
    }),
    closedPeriods: locks.map((l) => l.period),
  };
}

/** Deals of the portal as the engine sees them (optionally only some owners'); owner-less deals credit nobody. */
export async function loadDeals(
  db: Kysely<DB>,
  portalId: string,
  settings: AppSettings,
  ownerIds?: readonly string[],
): Promise<Deal[]> {
  const out: Deal[] = [];
  const owners = ownerIds ? [...new Set(ownerIds)] : [null];
  for (let i = 0; i < owners.length; i += 500) {
    let q = db
      .selectFrom('crm_deals')
      .select(ENGINE_DEAL_COLUMNS)
      .where('portal_id', '=', portalId)
      .where('deleted', '=', 0)
      .where('owner_id', 'is not', null);
    if (ownerIds) q = q.where('owner_id', 'in', owners.slice(i, i + 500) as string[]);
    for (const r of await q.execute()) out.push(toEngineDeal(r, settings));
  }
  return out;
}

/** The deal columns the engine reads (what toEngineDeal maps). */
export const ENGINE_DEAL_COLUMNS = [
  'id',
  'title',
  'owner_id',
  'amount',
  'currency',
  'pipeline_id',
  'stage_id',
  'status',
  'won_at',
  'closed_at',
] as const;

export function toEngineDeal(
  r: Pick<CrmDealsTable, (typeof ENGINE_DEAL_COLUMNS)[number]>,
  settings: AppSettings,
): Deal {
  const wonAt =
    r.status === 'won'
      ? settings.wonDateRule === 'close_date'
        ? (r.closed_at ?? r.won_at)
        : (r.won_at ?? r.closed_at)
      : null;
  return {
    id: r.id,
    title: r.title,
    ownerId: r.owner_id ?? '',
    amount: r.amount,
    currency: r.currency,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    status: r.status,
    wonAt,
    closedAt: r.closed_at,
  };
}

export function engineInput(
  portal: PortalInput,
  deals: Deal[],
  periods: string[],
  extra: Partial<EngineInput> = {},
): EngineInput {
  return {
    plans: portal.plans,
    deals,
    reps: portal.reps,
    departments: portal.departments,
    quotas: portal.quotas,
    fxRates: portal.fxRates,
    adjustments: portal.adjustments,
    paid: portal.paid,
    closedPeriods: portal.closedPeriods,
    periods,
    ...extra,
  };
}
