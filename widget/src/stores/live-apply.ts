/** @module What a live event reloads on the app page: the leaderboard (quietly) and, if it concerns the viewer, their numbers. */
import type { LiveEvent } from '../../../contract/api/org';
import { loadDashboard } from './dashboard';
import { type Ctx, patch } from './store';
import { loadLeaderboard } from './team';

export async function applyLiveEvent(ctx: Ctx, event: LiveEvent): Promise<void> {
  const s = ctx.store.getState();
  const tasks: Promise<void>[] = [];
  if (s.team.leaderboard.status !== 'idle') tasks.push(loadLeaderboard(ctx, { quiet: true }));
  const me = s.session.data?.user.id;
  if (me && event.repIds.includes(me) && s.dashboard.summary.status !== 'idle') {
    tasks.push(loadDashboard(ctx, s.dashboard.period));
  }
  await Promise.all(tasks);
  patch(ctx.store, 'team', { liveUpdates: ctx.store.getState().team.liveUpdates + 1 });
}
