/**
 * What the widget must show, asked from the stack's Kvota API as the same user (frame AUTH_ID from the portal →
 * session), parsed with the contract and formatted with the widget's own formatting.
 */
import { createApiClient } from '../../../widget/src/api/client';
import { createSession, getDealEstimate, getSummary } from '../../../widget/src/api/endpoints';
import { getLeaderboard } from '../../../widget/src/api/endpoints-app';
import type { BrowserStack } from './stack';

export async function apiAs(stack: BrowserStack, userId: number) {
  const api = createApiClient(stack.kvotaUrl);
  const auth = stack.portal.control.issueUserAuth(userId);
  const session = await createSession(api, {
    crm: 'bitrix24',
    domain: stack.portal.domain,
    memberId: stack.portal.memberId,
    authId: auth.AUTH_ID,
  });
  api.setToken(session.token);
  return {
    estimate: (dealId: number) => getDealEstimate(api, String(dealId)),
    summary: () => getSummary(api),
    leaderboard: () => getLeaderboard(api, { metric: 'revenue' }),
  };
}

/** The rep's deals by state, from the portal (open first, most recently changed first). */
export function repDeals(stack: BrowserStack) {
  const mine = stack.portal.store
    .deals()
    .filter((d) => d.assignedById === stack.personas.rep)
    .sort((a, b) => b.dateModify - a.dateModify);
  return {
    open: mine.filter((d) => d.stageSemanticId === 'P'),
    lost: mine.filter((d) => d.stageSemanticId === 'F'),
  };
}
