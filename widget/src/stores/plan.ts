/** @module Plan acknowledgement ("Положение о премировании") and inquiries on statement lines. */
import { acknowledgePlan, createInquiry, getMyPlan } from '../api/endpoints-finance';
import { type Ctx, patch } from './store';

/** Acknowledges the viewer's current plan version; returns the time recorded by the server. */
export async function acknowledgeMyPlan(ctx: Ctx): Promise<string> {
  const mine = await getMyPlan(ctx.api);
  if (!mine.plan) throw new Error('No plan to acknowledge');
  const r = await acknowledgePlan(ctx.api, mine.plan.versionId);
  patch(ctx.store, 'dashboard', { acknowledged: r.acknowledgedAt });
  return r.acknowledgedAt;
}

export async function askAboutLine(ctx: Ctx, period: string, lineId: string, message: string): Promise<void> {
  await createInquiry(ctx.api, { period, kind: 'statement_line', lineId, message });
}
