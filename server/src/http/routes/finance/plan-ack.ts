import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { MyPlan } from '../../../../../contract/api/finance';
import { routes } from '../../../../../contract/routes';
import type { Org } from '../../../app/org';
import { loadSettings } from '../../../app/settings';
import { appendAudit } from '../../../audit/chain';
import type { DB } from '../../../db/schema';
import { type AppEnv, canViewRep } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { planIssues, toEngineDocument } from '../admin/plan-document';
import { langOf } from '../admin/plans';
import { inTransaction, loadOrg, nowIso } from '../admin/support';
import { describePlan } from './plan-text';

/**
 * Plan acknowledgement: the rep confirms they have read the plan version that governs their pay — the app's
 * equivalent of signing the "Положение о премировании" (a bonus is deductible only when a local act provides for it,
 * ст. 255 НК РФ). The time is recorded once and never overwritten.
 */

interface VersionRow {
  id: string;
  plan_id: string;
  name: string;
  version: number;
  effective_from: string;
  effective_to: string | null;
  definition: string;
}

/** Departments the user belongs to, with every ancestor (an assignment to a department covers its subtree). */
function departmentsWithAncestors(org: Org, userId: string): Set<string> {
  const out = new Set<string>();
  for (const dep of org.users.get(userId)?.departmentIds ?? []) {
    let d = org.departments.get(dep);
    for (let guard = 0; d && guard < 64 && !out.has(d.id); guard++) {
      out.add(d.id);
      d = d.parentId ? org.departments.get(d.parentId) : undefined;
    }
  }
  return out;
}

/** Is the user on this plan? App assignments decide; a plan without any falls back to the document's assignees. */
function isAssigned(
  org: Org,
  userId: string,
  assignments: { rep_id: string | null; department_id: string | null }[],
  definition: string,
): boolean {
  const deps = departmentsWithAncestors(org, userId);
  if (assignments.length > 0) {
    return assignments.some((a) => a.rep_id === userId || (a.department_id !== null && deps.has(a.department_id)));
  }
  let doc: { assignees?: { repIds?: string[]; departmentIds?: string[] } } = {};
  try {
    doc = JSON.parse(definition);
  } catch {
    return false;
  }
  const a = doc.assignees;
  if (!a || (!a.repIds?.length && !a.departmentIds?.length)) return true;
  return !!a.repIds?.includes(userId) || !!a.departmentIds?.some((d) => deps.has(d));
}

/** Published versions the user is on, in effect on `today` (YYYY-MM-DD), newest start first. */
export async function versionsOfUser(
  db: Kysely<DB>,
  portalId: string,
  org: Org,
  userId: string,
  today: string | null,
): Promise<VersionRow[]> {
  let q = db
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .select([
      'plan_versions.id',
      'plan_versions.plan_id',
      'plans.name',
      'plan_versions.version',
      'plan_versions.effective_from',
      'plan_versions.effective_to',
      'plan_versions.definition',
    ])
    .where('plan_versions.portal_id', '=', portalId)
    .where('plans.portal_id', '=', portalId)
    .where('plan_versions.status', '=', 'published');
  if (today) {
    q = q
      .where('plan_versions.effective_from', '<=', today)
      .where((eb) =>
        eb.or([eb('plan_versions.effective_to', 'is', null), eb('plan_versions.effective_to', '>', today)]),
      );
  }
  const versions = await q
    .orderBy('plan_versions.effective_from', 'desc')
    .orderBy('plan_versions.version', 'desc')
    .execute();
  if (versions.length === 0) return [];
  const assignments = await db
    .selectFrom('plan_assignments')
    .select(['plan_id', 'rep_id', 'department_id'])
    .where('portal_id', '=', portalId)
    .execute();
  return versions.filter((v) =>
    isAssigned(
      org,
      userId,
      assignments.filter((a) => a.plan_id === v.plan_id),
      v.definition,
    ),
  );
}

async function assignedVersionIds(db: Kysely<DB>, portalId: string, org: Org, versionId: string): Promise<string[]> {
  const v = await db
    .selectFrom('plan_versions')
    .select(['plan_id', 'definition', 'status'])
    .where('portal_id', '=', portalId)
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (v?.status !== 'published') throw new AppError('not_found', `No published plan version ${versionId}`);
  const assignments = await db
    .selectFrom('plan_assignments')
    .select(['rep_id', 'department_id'])
    .where('portal_id', '=', portalId)
    .where('plan_id', '=', v.plan_id)
    .execute();
  return [...org.users.values()].filter((u) => isAssigned(org, u.id, assignments, v.definition)).map((u) => u.id);
}

export function registerPlanAckRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.myPlan, async (c): Promise<MyPlan> => {
    const { db, clock } = c.get('deps');
    const { portalId, userId } = c.get('session');
    const org = await loadOrg(db, portalId);
    const today = clock().toISOString().slice(0, 10);
    const [v] = await versionsOfUser(db, portalId, org, userId, today);
    if (!v) return { plan: null, acknowledgedAt: null };
    const ack = await db
      .selectFrom('plan_acknowledgements')
      .select('acknowledged_at')
      .where('portal_id', '=', portalId)
      .where('plan_version_id', '=', v.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const settings = await loadSettings(db, portalId);
    const lang = langOf(c);
    const { plan } = planIssues(
      toEngineDocument(
        JSON.parse(v.definition),
        {
          planId: v.plan_id,
          planName: v.name,
          version: Number(v.version),
          effectiveFrom: v.effective_from,
          effectiveTo: v.effective_to,
        },
        settings,
      ),
      lang,
    );
    return {
      plan: {
        planId: v.plan_id,
        planName: v.name,
        versionId: v.id,
        version: Number(v.version),
        effectiveFrom: v.effective_from,
        effectiveTo: v.effective_to,
        definition: JSON.parse(v.definition) as unknown,
        ...(plan ? { summary: describePlan(plan, lang) } : {}),
      },
      acknowledgedAt: ack?.acknowledged_at ?? null,
    };
  });

  defineRoute(app, routes.acknowledgePlan, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const org = await loadOrg(deps.db, portalId);
    const mine = await versionsOfUser(deps.db, portalId, org, userId, null);
    if (!mine.some((v) => v.id === body.versionId)) {
      throw new AppError('forbidden', 'You can only acknowledge a published plan version assigned to you');
    }
    const existing = await deps.db
      .selectFrom('plan_acknowledgements')
      .select('acknowledged_at')
      .where('portal_id', '=', portalId)
      .where('plan_version_id', '=', body.versionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing) return { versionId: body.versionId, acknowledgedAt: existing.acknowledged_at };
    const now = nowIso(c);
    await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('plan_acknowledgements')
        .values({ portal_id: portalId, plan_version_id: body.versionId, user_id: userId, acknowledged_at: now })
        .execute();
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'acknowledgement',
        entityId: body.versionId,
        action: 'acknowledge',
        before: null,
        after: { userId, versionId: body.versionId, acknowledgedAt: now },
        at: now,
      });
    });
    return { versionId: body.versionId, acknowledgedAt: now };
  });

  defineRoute(app, routes.planAcknowledgements, async (c, { query }) => {
    const deps = c.get('deps');
    const session = c.get('session');
    const org = await loadOrg(deps.db, session.portalId);
    const assigned = await assignedVersionIds(deps.db, session.portalId, org, query.versionId);
    const acks = await deps.db
      .selectFrom('plan_acknowledgements')
      .select(['user_id', 'acknowledged_at'])
      .where('portal_id', '=', session.portalId)
      .where('plan_version_id', '=', query.versionId)
      .execute();
    const ackOf = new Map(acks.map((a) => [a.user_id, a.acknowledged_at]));
    const reps = [];
    for (const id of assigned) {
      if (session.role !== 'admin' && !(await canViewRep(deps, session, id))) continue;
      reps.push({ repId: id, repName: org.users.get(id)?.name ?? id, acknowledgedAt: ackOf.get(id) ?? null });
    }
    reps.sort((a, b) => a.repName.localeCompare(b.repName, 'ru'));
    return { versionId: query.versionId, reps };
  });
}
