/** @module The app page: tabs "My plan" and "Team" (keyboard: arrows move between tabs, as WAI-ARIA tabs do). */
import { useRef, useState } from 'preact/hooks';
import type { Host } from '../../host/bitrix24';
import type { Ctx } from '../../stores/store';
import { useI18n } from '../../ui/i18n-context';
import { useStore } from '../../ui/use-store';
import { AdminView } from '../admin/AdminView';
import { Dashboard } from '../dashboard/Dashboard';
import { TeamView } from '../leaderboard/TeamView';

type View = 'dashboard' | 'team' | 'admin';

export function AppShell({
  ctx,
  host,
  initialView,
  onRetry,
}: {
  ctx: Ctx;
  host: Host;
  initialView: View;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const role = useStore(ctx.store, (s) => s.session.data?.user.role ?? 'rep');
  const tabs: View[] = role === 'admin' ? ['dashboard', 'team', 'admin'] : ['dashboard', 'team'];
  const [view, setView] = useState<View>(tabs.includes(initialView) ? initialView : 'dashboard');
  const refs = useRef<Record<View, HTMLButtonElement | null>>({ dashboard: null, team: null, admin: null });
  const labels: Record<View, string> = { dashboard: t('nav.dashboard'), team: t('nav.team'), admin: t('nav.admin') };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = tabs[(tabs.indexOf(view) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    setView(next);
    refs.current[next]?.focus();
  };
  return (
    <div class="k-app">
      <div role="tablist" aria-label={t('nav.label')} class="k-tabs" onKeyDown={onKey}>
        {tabs.map((v) => (
          <button
            key={v}
            ref={(el) => {
              refs.current[v] = el;
            }}
            type="button"
            role="tab"
            id={`k-tab-${v}`}
            aria-selected={view === v}
            aria-controls={`k-panel-${v}`}
            tabIndex={view === v ? 0 : -1}
            class={view === v ? 'is-active' : ''}
            onClick={() => setView(v)}
          >
            {labels[v]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`k-panel-${view}`} aria-labelledby={`k-tab-${view}`} class="k-panel">
        {view === 'dashboard' && <Dashboard ctx={ctx} host={host} onRetry={onRetry} />}
        {view === 'team' && <TeamView ctx={ctx} host={host} onRetry={onRetry} />}
        {view === 'admin' && <AdminView ctx={ctx} onRetry={onRetry} />}
      </div>
    </div>
  );
}
