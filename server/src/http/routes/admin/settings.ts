import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { SettingsResponse } from '../../../../../contract/api/admin';
import type { ValidationIssue } from '../../../../../contract/errors';
import { routes } from '../../../../../contract/routes';
import { type AppSettings, loadSettings, saveSettings } from '../../../app/settings';
import { appendAudit } from '../../../audit/chain';
import { listPipelines } from '../../../db/crm/directory';
import type { DB } from '../../../db/schema';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';
import { defineRoute } from '../../route';
import { inTransaction, nowIso, recomputeAfterChange } from './support';

/** The admin-editable part of the settings (time zone and language follow the portal). */
function editable(s: AppSettings) {
  return {
    baseCurrency: s.baseCurrency,
    fiscalYearStart: s.fiscalYearStart,
    wonDateRule: s.wonDateRule,
    countedPipelineIds: s.countedPipelineIds,
    countedStageIds: s.countedStageIds,
    leaderboardVisibility: s.leaderboardVisibility,
    payrollAccrualType: s.payrollAccrualType,
  };
}

async function respond(db: Kysely<DB>, portalId: string, settings?: AppSettings): Promise<SettingsResponse> {
  const s = settings ?? (await loadSettings(db, portalId));
  const { pipelines, stages } = await listPipelines(db, portalId);
  return {
    settings: editable(s),
    pipelines: pipelines.map((p) => ({
      id: p.id,
      name: p.name,
      stages: stages
        .filter((st) => st.pipelineId === p.id)
        .map((st) => ({ id: st.id, name: st.name, semantic: st.semantic })),
    })),
  };
}

export function registerSettingsRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.getSettings, async (c) => respond(c.get('deps').db, c.get('session').portalId));

  defineRoute(app, routes.updateSettings, async (c, { body }) => {
    const deps = c.get('deps');
    const { portalId, userId } = c.get('session');
    const before = await loadSettings(deps.db, portalId);
    const after: AppSettings = {
      ...before,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    };
    const { pipelines, stages } = await listPipelines(deps.db, portalId);
    const pipelineIds = new Set(pipelines.map((p) => p.id));
    const issues: ValidationIssue[] = [];
    after.countedPipelineIds.forEach((id, i) => {
      if (!pipelineIds.has(id)) {
        issues.push({
          path: `countedPipelineIds[${i}]`,
          message: `No pipeline ${id} in this portal`,
          expected: 'a synced pipeline id',
        });
      }
    });
    after.countedStageIds.forEach((id, i) => {
      const stage = stages.find((s) => s.id === id);
      if (!stage)
        issues.push({
          path: `countedStageIds[${i}]`,
          message: `No stage ${id} in this portal`,
          expected: 'a synced stage id',
        });
      else if (stage.semantic !== 'won') {
        issues.push({
          path: `countedStageIds[${i}]`,
          message: `Stage ${stage.name} is not a won stage`,
          expected: 'a won stage',
        });
      }
    });
    if (issues.length > 0)
      throw new AppError('bad_request', 'Unknown pipelines or stages; settings were not changed', issues);
    if (after.baseCurrency !== before.baseCurrency) {
      // Quotas, adjustments and statements are plain amounts in the base currency: switching it would silently
      // re-denominate them. Only a portal that has none of them yet may switch.
      const [quota, statement] = await Promise.all([
        deps.db.selectFrom('quotas').select('period').where('portal_id', '=', portalId).limit(1).executeTakeFirst(),
        deps.db.selectFrom('statements').select('period').where('portal_id', '=', portalId).limit(1).executeTakeFirst(),
      ]);
      if (quota || statement) {
        throw new AppError(
          'conflict',
          `The base currency cannot change from ${before.baseCurrency} once quotas or statements exist: they are amounts in ${before.baseCurrency}`,
        );
      }
    }
    const now = nowIso(c);
    await inTransaction(deps, async (trx) => {
      await saveSettings(trx, portalId, after, now, userId);
      await appendAudit(trx, {
        portalId,
        actorId: userId,
        entity: 'settings',
        entityId: portalId,
        action: 'update',
        before: editable(before),
        after: editable(after),
        at: now,
      });
    });
    const countsChanged = [
      'baseCurrency',
      'fiscalYearStart',
      'wonDateRule',
      'countedPipelineIds',
      'countedStageIds',
    ].some((k) => JSON.stringify(before[k as keyof AppSettings]) !== JSON.stringify(after[k as keyof AppSettings]));
    if (countsChanged) await recomputeAfterChange(deps, portalId);
    return respond(deps.db, portalId, after);
  });
}
