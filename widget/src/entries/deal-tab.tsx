/** Entry of the deal card tab (CRM_DEAL_DETAIL_TAB): the deal ID comes from PLACEMENT_OPTIONS.ID. */

import { SessionGate } from '../features/app/SessionGate';
import { DealTab } from '../features/deal-tab/DealTab';
import { loadDealTab } from '../stores/deal-tab';
import { connectLive } from '../stores/live';
import { boot, markReady } from './boot';

let disconnect: (() => void) | null = null;

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
    const dealId = host.options.ID ?? host.options.id ?? '';
    await loadDealTab(ctx, dealId);
    markReady();
    // Won in the card next to us, or another win moved the rank: refresh what this deal means.
    disconnect?.();
    disconnect = connectLive(
      ctx,
      (url) => new EventSource(url),
      (event) => {
        const me = ctx.store.getState().session.data?.user.id;
        if ((event.type === 'deal_won' && event.dealId === dealId) || (me && event.repIds.includes(me))) {
          void loadDealTab(ctx, dealId);
        }
      },
    );
  },
);
