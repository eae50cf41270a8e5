/** @module The admin tab: plans, quotas and the close status of a period; approve and lock. */
import { approvePeriod, getCloseStatus, getPlans, getQuotas, lockPeriod } from '../api/endpoints-admin';
import { failed, loading, ready } from './remote';
import { type Ctx, patch } from './store';

export async function loadAdmin(ctx: Ctx, period: string): Promise<void> {
  const { store, api } = ctx;
  const a = store.getState().admin;
  patch(store, 'admin', { period, plans: loading(a.plans), quotas: loading(a.quotas), close: loading(a.close) });
  const [plans, quotas, close] = await Promise.allSettled([
    getPlans(api),
    getQuotas(api, period),
    getCloseStatus(api, period),
  ]);
  if (store.getState().admin.period !== period) return;
  patch(store, 'admin', {
    plans: plans.status === 'fulfilled' ? ready(plans.value) : failed(plans.reason),
    quotas: quotas.status === 'fulfilled' ? ready(quotas.value) : failed(quotas.reason),
    close: close.status === 'fulfilled' ? ready(close.value) : failed(close.reason),
  });
}

/** Approve (managers, admins) or lock (admins) the period; the new close status replaces the old one. */
export async function closeStep(ctx: Ctx, step: 'approve' | 'lock'): Promise<void> {
  const period = ctx.store.getState().admin.period;
  if (!period) return;
  const status = step === 'approve' ? await approvePeriod(ctx.api, period) : await lockPeriod(ctx.api, period);
  patch(ctx.store, 'admin', { close: ready(status) });
}
