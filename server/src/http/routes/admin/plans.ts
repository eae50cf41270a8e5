import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { PlanDto, PlanVersionDto } from '../../../../../contract/api/admin';
import { routes } from '../../../../../contract/routes';
import { loadSettings } from '../../../app/settings';
import { appendAudit } from '../../../audit/chain';
import type { PlanVersionsTable } from '../../../db/app.tables';
import type { DB } from '../../../db/schema';
import type { Lang } from '../../../domain/index';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { planIssues, requireValidPlan, toEngineDocument } from './plan-document';
import { previewPlanVersion } from './preview';
import { inTransaction, lockedPeriods, lockedPeriodsWithin, nowIso, recomputeAfterChange } from './support';

/** The viewer's language for messages: English when the browser asks for it, else Russian. */
export function langOf(c: Context<AppEnv>, explicit?: Lang): Lang {
  if (explicit) return explicit;
  return /^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'ru';
}

type VersionRow = PlanVersionsTable;

function versionDto(r: VersionRow): PlanVersionDto {
  return {
    id: r.id,
    planId: r.plan_id,
    version: Number(r.version),
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    definition: JSON.parse(r.definition) as unknown,
    createdAt: r.created_at,
    publishedAt: r.published_at,
  };
}

async function loadPlans(db: Kysely<DB>, portalId: string, planId?: string): Promise<PlanDto[]> {
  let pq = db.selectFrom('plans').selectAll().where('portal_id', '=', portalId);
  if (planId) pq = pq.where('id', '=', planId);
  const plans = await pq.orderBy('created_at').orderBy('id').execute();
  if (plans.length === 0) return [];
  const ids = plans.map((p) => p.id);
  const versions = await db
    .selectFrom('plan_versions')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('plan_id', 'in', ids)
    .orderBy('version')
    .execute();
  const assignments = await db
    .selectFrom('plan_assignments')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('plan_id', 'in', ids)
    .execute();
  return plans.map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.created_at,
    versions: versions.filter((v) => v.plan_id === p.id).map(versionDto),
    // Reps first, then departments, each by id: a stable order however the rows were inserted.
    assignments: assignments
      .filter((a) => a.plan_id === p.id)
      .map((a) => ({ repId: a.rep_id, departmentId: a.department_id }))
      .sort(
        (x, y) =>
          (x.repId ? 0 : 1) - (y.repId ? 0 : 1) ||
          (x.repId ?? x.departmentId ?? '').localeCompare(y.repId ?? y.departmentId ?? ''),
      ),
  }));
}

async function loadPlan(db: Kysely<DB>, portalId: string, planId: string): Promise<PlanDto> {
  const [plan] = await loadPlans(db, portalId, planId);
  if (!plan) throw new AppError('not_found', `No plan ${planId}`);
  return plan;
}

async function loadVersion(db: Kysely<DB>, portalId: string, planId: string, versionId: string): Promise<VersionRow> {
  const row = await db
    .selectFrom('plan_versions')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('plan_id', '=', planId)
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No version ${versionId} of plan ${planId}`);
  return row;
}

function checkDates(from: string, to: string | null | undefined): void {
  if (to && to <= from) {
    throw new AppError('bad_request', 'effectiveTo must be after effectiveFrom', [
      { path: 'effectiveTo', message: `${to} is not after ${from}`, expected: `a date after ${from}, or null` },
    ]);
  }
}

/** Validates a version document exactly as the engine will see it (settings defaults and DB identity merged in). */
async function validateVersion(
  c: Context<AppEnv>,
  definition: unknown,
  meta: { planId: string; planName: string; version: number; effectiveFrom: string; effectiveTo: string | null },
): Promise<void> {
  const { db } = c.get('deps');
  const settings = await loadSettings(db, c.get('session').portalId);
  requireValidPlan(toEngineDocument(definition, meta, settings), langOf(c));
}

type SaveBody = z.infer<typeof routes.addPlanVersion.body>;

export function registerPlanRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.listPlans, async (c) => ({
    plans: await loadPlans(c.get('deps').db, c.get('session').portalId),
  }));

  defineRoute(app, routes.validatePlan, async (c, { body }) => {
    const { db } = c.get('deps');
    const settings = await loadSettings(db, c.get('session').portalId);
    const meta = { planId: 'draft', planName: 'draft', version: 1, effectiveFrom: '2000-01-01', effectiveTo: null };
    const { issues } = planIssues(toEngineDocument(body.definition, meta, settings), langOf(c, body.lang));
    return { ok: issues.length === 0, issues };
  });

  defineRoute(app, routes.getPlan, async (c, { params }) =>
    loadPlan(c.get('deps').db, c.get('session').portalId, params.planId!),
  );

  defineRoute(app, routes.createPlan, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const planId = randomUUID();
    const effectiveTo = body.effectiveTo ?? null;
    checkDates(body.effectiveFrom, effectiveTo);
    await validateVersion(c, body.definition, {
      planId,
      planName: body.name,
      version: 1,
      effectiveFrom: body.effectiveFrom,
      effectiveTo,
    });
    const now = nowIso(c);
    const version: VersionRow = {
      id: randomUUID(),
      portal_id: portalId,
      plan_id: planId,
      version: 1,
      status: 'draft',
      effective_from: body.effectiveFrom,
      effective_to: effectiveTo,
      definition: JSON.stringify(body.definition),
      created_at: now,
      created_by: userId,
      published_at: null,
    };
    await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('plans')
        .values({ id: planId, portal_id: portalId, name: body.name, created_at: now, created_by: userId })
        .execute();
      await trx.insertInto('plan_versions').values(version).execute();
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'plan',
        entityId: planId,
        action: 'create',
        before: null,
        after: { name: body.name, firstVersion: versionDto(version) },
        at: now,
      });
    });
    return loadPlan(deps.db, portalId, planId);
  });

  const saveVersion = async (c: Context<AppEnv>, planId: string, body: SaveBody, versionId?: string) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const plan = await loadPlan(deps.db, portalId, planId);
    const effectiveTo = body.effectiveTo ?? null;
    checkDates(body.effectiveFrom, effectiveTo);
    const existing = versionId ? await loadVersion(deps.db, portalId, planId, versionId) : null;
    if (existing && existing.status !== 'draft') {
      throw new AppError(
        'conflict',
        'A published version never changes; add a new version with its own effective dates',
      );
    }
    const number = existing ? Number(existing.version) : Math.max(0, ...plan.versions.map((v) => v.version)) + 1;
    await validateVersion(c, body.definition, {
      planId,
      planName: plan.name,
      version: number,
      effectiveFrom: body.effectiveFrom,
      effectiveTo,
    });
    const now = nowIso(c);
    const row: VersionRow = {
      id: existing?.id ?? randomUUID(),
      portal_id: portalId,
      plan_id: planId,
      version: number,
      status: 'draft',
      effective_from: body.effectiveFrom,
      effective_to: effectiveTo,
      definition: JSON.stringify(body.definition),
      created_at: existing?.created_at ?? now,
      created_by: existing?.created_by ?? userId,
      published_at: null,
    };
    await inTransaction(deps, async (trx) => {
      if (existing) {
        await trx
          .updateTable('plan_versions')
          .set({ effective_from: row.effective_from, effective_to: row.effective_to, definition: row.definition })
          .where('portal_id', '=', portalId)
          .where('id', '=', existing.id)
          .where('status', '=', 'draft')
          .execute();
      } else await trx.insertInto('plan_versions').values(row).execute();
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'plan_version',
        entityId: row.id,
        action: existing ? 'update' : 'create',
        before: existing ? versionDto(existing) : null,
        after: versionDto(row),
        at: now,
      });
    });
    return versionDto(row);
  };

  defineRoute(app, routes.addPlanVersion, (c, { params, body }) => saveVersion(c, params.planId!, body));
  defineRoute(app, routes.updatePlanVersion, (c, { params, body }) =>
    saveVersion(c, params.planId!, body, params.versionId!),
  );

  defineRoute(app, routes.publishPlanVersion, async (c, { params }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const plan = await loadPlan(deps.db, portalId, params.planId!);
    const existing = await loadVersion(deps.db, portalId, plan.id, params.versionId!);
    if (existing.status === 'published')
      throw new AppError('conflict', `Version ${existing.version} is already published`);
    await validateVersion(c, JSON.parse(existing.definition), {
      planId: plan.id,
      planName: plan.name,
      version: Number(existing.version),
      effectiveFrom: existing.effective_from,
      effectiveTo: existing.effective_to,
    });
    // Retroactive pay changes in closed months are what SPM disputes are made of: refuse them outright.
    const settings = await loadSettings(deps.db, portalId);
    const clash = lockedPeriodsWithin(
      await lockedPeriods(deps.db, portalId),
      existing.effective_from,
      existing.effective_to,
      settings.fiscalYearStart,
    );
    if (clash.length > 0) {
      throw new AppError(
        'period_locked',
        `This version would apply to locked period(s) ${clash.sort().join(', ')}; let it start after them and book corrections as adjustments`,
      );
    }
    const now = nowIso(c);
    const published: VersionRow = { ...existing, status: 'published', published_at: now };
    await inTransaction(deps, async (trx) => {
      const res = await trx
        .updateTable('plan_versions')
        .set({ status: 'published', published_at: now })
        .where('portal_id', '=', portalId)
        .where('id', '=', existing.id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The version was published meanwhile');
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'plan_version',
        entityId: existing.id,
        action: 'publish',
        before: versionDto(existing),
        after: versionDto(published),
        at: now,
      });
    });
    await recomputeAfterChange(deps, portalId);
    return versionDto(published);
  });

  defineRoute(app, routes.previewPlanVersion, async (c, { params, body }) => {
    const deps = c.get('deps');
    const { portalId } = c.get('session');
    const plan = await loadPlan(deps.db, portalId, params.planId!);
    const version = await loadVersion(deps.db, portalId, plan.id, params.versionId!);
    return previewPlanVersion(deps, portalId, plan, versionDto(version), body.period, langOf(c, body.lang));
  });

  defineRoute(app, routes.assignPlan, async (c, { params, body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const plan = await loadPlan(deps.db, portalId, params.planId!);
    const repIds = [...new Set(body.repIds)];
    const departmentIds = [...new Set(body.departmentIds)];
    const knownUsers = new Set(
      (await deps.db.selectFrom('crm_users').select('id').where('portal_id', '=', portalId).execute()).map((r) => r.id),
    );
    const knownDeps = new Set(
      (await deps.db.selectFrom('crm_departments').select('id').where('portal_id', '=', portalId).execute()).map(
        (r) => r.id,
      ),
    );
    const issues = [
      ...repIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !knownUsers.has(id))
        .map(({ id, i }) => ({
          path: `repIds[${i}]`,
          message: `No user ${id} in this portal`,
          expected: 'a synced user id',
        })),
      ...departmentIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !knownDeps.has(id))
        .map(({ id, i }) => ({
          path: `departmentIds[${i}]`,
          message: `No department ${id} in this portal`,
          expected: 'a synced department id',
        })),
    ];
    if (issues.length > 0)
      throw new AppError('bad_request', 'Unknown users or departments; nothing was assigned', issues);
    const now = nowIso(c);
    const after = [
      ...repIds.map((id) => ({ repId: id, departmentId: null })),
      ...departmentIds.map((id) => ({ repId: null, departmentId: id })),
    ];
    await inTransaction(deps, async (trx) => {
      await trx
        .deleteFrom('plan_assignments')
        .where('portal_id', '=', portalId)
        .where('plan_id', '=', plan.id)
        .execute();
      if (after.length > 0) {
        await trx
          .insertInto('plan_assignments')
          .values(
            after.map((a) => ({
              id: randomUUID(),
              portal_id: portalId,
              plan_id: plan.id,
              rep_id: a.repId,
              department_id: a.departmentId,
              created_at: now,
            })),
          )
          .execute();
      }
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'plan_assignment',
        entityId: plan.id,
        action: 'assign',
        before: plan.assignments,
        after,
        at: now,
      });
    });
    await recomputeAfterChange(deps, portalId);
    return { planId: plan.id, assignments: after };
  });
}
