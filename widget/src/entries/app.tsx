/** Entry of the app page (left menu, DEFAULT placement): the rep's dashboard and, for managers, the team view. */
import { AppShell } from '../features/app/AppShell';
import { SessionGate } from '../features/app/SessionGate';
import { periodOf } from '../i18n/format';
import { loadAdmin } from '../stores/admin';
import { loadDashboard } from '../stores/dashboard';
import { connectLive } from '../stores/live';
import { applyLiveEvent } from '../stores/live-apply';
import { loadDepartments, loadLeaderboard, loadTeamHistory } from '../stores/team';
import { boot, markReady } from './boot';

let disconnect: (() => void) | null = null;

void boot(
  ({ host, ctx, retry }) => (
    <SessionGate store={ctx.store} onRetry={retry}>
      <AppShell
        ctx={ctx}
        host={host}
        initialView={host.options.view === 'team' || host.options.view === 'admin' ? host.options.view : 'dashboard'}
        onRetry={retry}
      />
    </SessionGate>
  ),
  async ({ host, ctx }) => {
    const role = ctx.store.getState().session.data?.user.role;
    const tasks: Promise<void>[] = [loadDashboard(ctx, host.options.period ?? null)];
    tasks.push(loadLeaderboard(ctx).then(() => loadTeamHistory(ctx)));
    if (role === 'manager' || role === 'admin') tasks.push(loadDepartments(ctx));
    if (role === 'admin') {
      const period = host.options.period ?? periodOf(ctx.now(), 'month');
      tasks.push(loadAdmin(ctx, period));
    }
    disconnect?.();
    disconnect = connectLive(
      ctx,
      (url) => new EventSource(url),
      (event) => void applyLiveEvent(ctx, event),
    );
    await Promise.all(tasks);
    markReady();
  },
);
