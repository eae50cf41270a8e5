/** @module The rep's dashboard: summary, history over the year, open deals, statement for a chosen period. */
import { getSummary } from '../api/endpoints';
import { getHistory, getOpenDeals, getStatement } from '../api/endpoints-app';
import { failed, loading, ready } from './remote';
import { type Ctx, patch } from './store';

/** Loads everything for `period` (null = the server's current period). Ignores answers for a period left meanwhile. */
export async function loadDashboard(ctx: Ctx, period: string | null, repId?: string): Promise<void> {
  const { store, api } = ctx;
  const d = store.getState().dashboard;
  patch(store, 'dashboard', { period, summary: loading(d.summary), openDeals: loading(d.openDeals) });
  const q = { ...(period ? { period } : {}), ...(repId ? { repId } : {}) };
  const [summary, openDeals] = await Promise.allSettled([getSummary(api, q), getOpenDeals(api, q)]);
  if (store.getState().dashboard.period !== period) return;
  const s = summary.status === 'fulfilled' ? ready(summary.value) : failed(summary.reason, d.summary);
  patch(store, 'dashboard', {
    summary: s,
    openDeals: openDeals.status === 'fulfilled' ? ready(openDeals.value) : failed(openDeals.reason, d.openDeals),
    acknowledged: s.data?.acknowledgedAt ?? null,
  });
  const resolved = s.data?.period ?? period;
  if (!resolved) return;
  const year = resolved.slice(0, 4);
  const repOf = s.data?.repId ?? repId;
  const lang = store.getState().lang;
  const tasks: Promise<void>[] = [];
  const cur = store.getState().dashboard;
  if (cur.history.data?.points[0]?.period.slice(0, 4) !== year || cur.history.status !== 'ready') {
    patch(store, 'dashboard', { history: loading(cur.history) });
    tasks.push(
      getHistory(api, { year, ...(repId ? { repId } : {}) }).then(
        (h) => patch(store, 'dashboard', { history: ready(h) }),
        (e) => patch(store, 'dashboard', { history: failed(e) }),
      ),
    );
  }
  if (repOf) {
    patch(store, 'dashboard', { statement: loading(cur.statement) });
    tasks.push(
      getStatement(api, repOf, { period: resolved, lang }).then(
        (st) => {
          if (store.getState().dashboard.period === period) patch(store, 'dashboard', { statement: ready(st) });
        },
        (e) => patch(store, 'dashboard', { statement: failed(e) }),
      ),
    );
  }
  await Promise.all(tasks);
}
