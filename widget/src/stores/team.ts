/** @module The manager view: departments, the leaderboard by metric, team attainment over time, drill-down. */
import type { LeaderboardMetric } from '../../../contract/api/leaderboard';
import type { Statement } from '../../../contract/api/statements';
import { getDepartments, getLeaderboard, getStatement } from '../api/endpoints-app';
import { failed, idle, loading, ready } from './remote';
import { type Ctx, patch, type TeamPoint } from './store';

export async function loadDepartments(ctx: Ctx): Promise<void> {
  const { store, api } = ctx;
  patch(store, 'team', { departments: loading(store.getState().team.departments) });
  try {
    patch(store, 'team', { departments: ready(await getDepartments(api)) });
  } catch (e) {
    patch(store, 'team', { departments: failed(e) });
  }
}

/** (Re)loads the leaderboard for the current selection; `quiet` keeps the old rows visible (live updates). */
export async function loadLeaderboard(ctx: Ctx, opts: { quiet?: boolean } = {}): Promise<void> {
  const { store, api } = ctx;
  const t = store.getState().team;
  const key = `${t.period}|${t.metric}|${t.departmentId}`;
  if (!opts.quiet) patch(store, 'team', { leaderboard: loading(t.leaderboard) });
  try {
    const lb = await getLeaderboard(api, {
      metric: t.metric,
      ...(t.period ? { period: t.period } : {}),
      ...(t.departmentId ? { departmentId: t.departmentId } : {}),
    });
    const now = store.getState().team;
    if (`${now.period}|${now.metric}|${now.departmentId}` !== key) return; // selection changed meanwhile
    patch(store, 'team', { leaderboard: ready(lb), period: now.period ?? lb.period });
  } catch (e) {
    patch(store, 'team', { leaderboard: failed(e, store.getState().team.leaderboard) });
  }
}

export function selectTeam(
  ctx: Ctx,
  sel: Partial<{ period: string | null; metric: LeaderboardMetric; departmentId: string | null }>,
): Promise<void> {
  patch(ctx.store, 'team', sel);
  const reload = loadLeaderboard(ctx);
  if ('departmentId' in sel || 'period' in sel) void loadTeamHistory(ctx);
  return reload;
}

/**
 * Team attainment over the months of the year up to the selected period: the leaderboard's team line per month
 * (the contract has no dedicated route; months are fetched in parallel, only when the chart is shown).
 */
export async function loadTeamHistory(ctx: Ctx): Promise<void> {
  const { store, api } = ctx;
  const t = store.getState().team;
  const period = t.period ?? t.leaderboard.data?.period;
  if (!period) return;
  const year = Number(period.slice(0, 4));
  const lastMonth = /^\d{4}-\d{2}$/.test(period) ? Number(period.slice(5, 7)) : ctx.now().getUTCMonth() + 1;
  const months = Array.from({ length: lastMonth }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  patch(store, 'team', { history: loading(t.history) });
  try {
    const boards = await Promise.all(
      months.map((m) =>
        getLeaderboard(api, {
          period: m,
          metric: 'attainment',
          ...(t.departmentId ? { departmentId: t.departmentId } : {}),
        }),
      ),
    );
    const points: TeamPoint[] = boards.map((b) => ({ period: b.period, attainment: b.team.attainment }));
    patch(store, 'team', { history: ready(points) });
  } catch (e) {
    patch(store, 'team', { history: failed(e) });
  }
}

export async function drillInto(ctx: Ctx, repId: string | null): Promise<void> {
  const { store, api } = ctx;
  if (!repId) {
    patch(store, 'team', { drill: null });
    return;
  }
  const t = store.getState().team;
  const period = t.period ?? t.leaderboard.data?.period;
  patch(store, 'team', { drill: { repId, statement: loading(idle<Statement>()) } });
  if (!period) return;
  try {
    const st = await getStatement(api, repId, { period, lang: store.getState().lang });
    if (store.getState().team.drill?.repId === repId) patch(store, 'team', { drill: { repId, statement: ready(st) } });
  } catch (e) {
    if (store.getState().team.drill?.repId === repId)
      patch(store, 'team', { drill: { repId, statement: failed<Statement>(e) } });
  }
}
