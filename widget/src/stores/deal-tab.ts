/** @module The deal card tab: the deal's estimate and the viewer's period summary, fetched together. */
import { getDealEstimate, getSummary } from '../api/endpoints';
import { failed, loading, ready } from './remote';
import { type Ctx, patch } from './store';

export async function loadDealTab(ctx: Ctx, dealId: string): Promise<void> {
  const { store, api } = ctx;
  const prev = store.getState().deal;
  patch(store, 'deal', { dealId, estimate: loading(prev.estimate), summary: loading(prev.summary) });
  const [estimate, summary] = await Promise.allSettled([getDealEstimate(api, dealId), getSummary(api)]);
  if (store.getState().deal.dealId !== dealId) return; // a newer deal was opened meanwhile
  patch(store, 'deal', {
    estimate: estimate.status === 'fulfilled' ? ready(estimate.value) : failed(estimate.reason, prev.estimate),
    summary: summary.status === 'fulfilled' ? ready(summary.value) : failed(summary.reason, prev.summary),
  });
}
