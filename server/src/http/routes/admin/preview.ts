import type { PlanDto, PlanPreview, PlanVersionDto } from '../../../../../contract/api/admin';
import type { AppDeps } from '../../../app/deps';
import { engineInput, loadDeals, loadPortalInput } from '../../../app/engine-input';
import { loadSettings } from '../../../app/settings';
import { computeStatements, type Lang, periodKindOfKey, periodRange, type Statement } from '../../../domain/index';
import { AppError } from '../../errors';
import { Dec, minorDigits } from './decimal';
import { requireValidPlan, toEngineDocument } from './plan-document';

/**
 * "What last quarter would have paid": replays a period on the portal's real synced deals twice — with the plans in
 * effect then, and with the draft in place of its plan — and puts the payouts side by side. Nothing is stored.
 * Both runs ignore locks and adjustments, so the difference is the plan's alone.
 */
export async function previewPlanVersion(
  deps: AppDeps,
  portalId: string,
  plan: PlanDto,
  version: PlanVersionDto,
  period: string,
  lang: Lang,
): Promise<PlanPreview> {
  const settings = await loadSettings(deps.db, portalId);
  const range = periodRange(period, { fiscalYearStart: settings.fiscalYearStart, timeZone: settings.timeZone });
  const assignees = {
    repIds: plan.assignments.flatMap((a) => (a.repId ? [a.repId] : [])),
    departmentIds: plan.assignments.flatMap((a) => (a.departmentId ? [a.departmentId] : [])),
  };
  // The draft is replayed as if it had been in effect for the whole previewed period.
  const draft = requireValidPlan(
    toEngineDocument(
      version.definition,
      {
        planId: plan.id,
        planName: plan.name,
        version: version.version,
        effectiveFrom: range.startDate,
        effectiveTo: null,
      },
      settings,
      plan.assignments.length > 0 ? assignees : undefined,
    ),
    lang,
  );
  if (periodKindOfKey(period) !== draft.period) {
    throw new AppError('bad_request', `This plan pays per ${draft.period}; preview a ${draft.period} period`, [
      { path: 'period', message: `${period} is not a ${draft.period}`, expected: exampleOf(draft.period) },
    ]);
  }
  const portal = await loadPortalInput(deps.db, portalId, settings, deps.log);
  const deals = await loadDeals(deps.db, portalId, settings);
  const neutral = { closedPeriods: [], adjustments: [], paid: [], lang, withDeals: false };
  const current = computeStatements(engineInput(portal, deals, [period], neutral)).statements.filter(
    (s) => s.period === period,
  );
  const replayed = computeStatements(
    engineInput(
      { ...portal, plans: [...portal.plans.filter((p) => p.id !== plan.id), draft] },
      deals,
      [period],
      neutral,
    ),
  ).statements.filter((s) => s.period === period && s.planId === plan.id);

  const currency = draft.currency;
  const digits = minorDigits(currency);
  const byRep = new Map<string, Statement>(current.map((s) => [s.repId, s]));
  let totalCurrent = new Dec(0);
  let totalDraft = new Dec(0);
  const rows = replayed
    .map((s) => {
      const before = byRep.get(s.repId);
      const cur = before && before.planId !== null ? new Dec(before.total.amount) : null;
      const drf = new Dec(s.total.amount);
      totalCurrent = totalCurrent.plus(cur ?? 0);
      totalDraft = totalDraft.plus(drf);
      return {
        repId: s.repId,
        repName: s.repName,
        credit: s.credit,
        attainment: s.attainment,
        current: cur === null ? null : { amount: cur.toFixed(digits), currency: before!.total.currency },
        draft: { amount: drf.toFixed(digits), currency: s.total.currency },
        delta: { amount: drf.minus(cur ?? 0).toFixed(digits), currency: s.total.currency },
      };
    })
    .sort((a, b) => a.repName.localeCompare(b.repName, 'ru') || a.repId.localeCompare(b.repId));
  return {
    planId: plan.id,
    versionId: version.id,
    period,
    rows,
    totals: {
      current: { amount: totalCurrent.toFixed(digits), currency },
      draft: { amount: totalDraft.toFixed(digits), currency },
      delta: { amount: totalDraft.minus(totalCurrent).toFixed(digits), currency },
    },
  };
}

function exampleOf(kind: string): string {
  return { month: '2026-09', quarter: '2026-Q3', half: '2026-H1', year: '2025' }[kind] ?? 'a period key';
}
