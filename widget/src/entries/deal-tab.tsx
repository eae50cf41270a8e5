/** Entry of the deal card tab (CRM_DEAL_DETAIL_TAB): the deal ID comes from PLACEMENT_OPTIONS.ID. */
import { DealTab } from '../features/deal-tab/DealTab';
import { SessionGate } from '../features/app/SessionGate';
import { loadDealTab } from '../stores/deal-tab';
import { boot, markReady } from './boot';

void boot(
  ({ host, ctx, retry }) => (
    <SessionGate store={ctx.store} onRetry={retry}>
      <DealTab
        store={ctx.store}
        isAdmin={host.isAdmin}
        onRetry={retry}
        onOpenDashboard={() => host.openApp({ view: 'dashboard' })}
      />
    </SessionGate>
  ),
  async ({ host, ctx }) => {
    await loadDealTab(ctx, host.options.ID ?? host.options.id ?? '');
    markReady();
  },
);
