import type { ValidationIssue } from '../../../../../contract/errors';
import type { AppSettings } from '../../../app/settings';
import { type Lang, type PlanVersion, parsePlan } from '../../../domain/index';
import { AppError } from '../../errors';

/**
 * The bridge between a stored plan version and the engine's PlanVersion. The admin writes the document (rules,
 * period, crediting, ramp… — docs/plan-format.md); identity and dates come from the database row and always win, and
 * currency / fiscal year / time zone fall back to the portal settings, so one document can be reused across versions.
 * Assignments live in plan_assignments and are merged in as `assignees`.
 */
export interface VersionMeta {
  planId: string;
  planName: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export function toEngineDocument(
  definition: unknown,
  meta: VersionMeta,
  settings: Pick<
    AppSettings,
    'baseCurrency' | 'fiscalYearStart' | 'timeZone' | 'countedPipelineIds' | 'countedStageIds'
  >,
  assignees?: { repIds: string[]; departmentIds: string[] },
): unknown {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return definition;
  const doc = definition as Record<string, unknown>;
  // Same defaults as app/engine-input.ts: the settings' counted pipelines/stages unless the document says otherwise.
  const crediting =
    doc.crediting ??
    (settings.countedPipelineIds.length || settings.countedStageIds.length
      ? {
          ...(settings.countedPipelineIds.length ? { pipelines: settings.countedPipelineIds } : {}),
          ...(settings.countedStageIds.length ? { stages: settings.countedStageIds } : {}),
        }
      : undefined);
  return {
    currency: settings.baseCurrency,
    fiscalYearStart: settings.fiscalYearStart,
    timeZone: settings.timeZone,
    ...doc,
    id: meta.planId,
    name: meta.planName,
    version: meta.version,
    effectiveFrom: meta.effectiveFrom,
    effectiveTo: meta.effectiveTo,
    ...(crediting ? { crediting } : {}),
    ...(assignees ? { assignees } : {}),
  };
}

/** Every problem of a plan document, in the viewer's language, in the contract's issue shape. */
export function planIssues(document: unknown, lang: Lang): { plan: PlanVersion | null; issues: ValidationIssue[] } {
  const result = parsePlan(document, lang);
  if (result.ok) return { plan: result.plans[0] ?? null, issues: [] };
  return { plan: null, issues: result.issues.map((i) => ({ path: i.path, message: i.message, expected: i.allowed })) };
}

/** Throws 422 invalid_plan listing every problem, or returns the parsed version. */
export function requireValidPlan(document: unknown, lang: Lang): PlanVersion {
  const { plan, issues } = planIssues(document, lang);
  if (!plan || issues.length > 0) {
    const count = issues.length;
    throw new AppError(
      'invalid_plan',
      lang === 'ru'
        ? `План содержит ошибки (${count}): исправьте их и сохраните снова`
        : `The plan has ${count} problem${count === 1 ? '' : 's'}; fix them and save again`,
      issues,
    );
  }
  return plan;
}
