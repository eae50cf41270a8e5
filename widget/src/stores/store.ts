/**
 * @module The widget's one store (zustand/vanilla, no UI imports): a slice per feature. Actions live beside each
 * slice as plain functions taking a `Ctx`, so views call them without hooks and tests drive them without a DOM.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PlanList, QuotaGrid } from '../../../contract/api/admin';
import type { DealEstimate } from '../../../contract/api/deals';
import type { PeriodCloseStatus } from '../../../contract/api/finance';
import type { Leaderboard, LeaderboardMetric } from '../../../contract/api/leaderboard';
import type { OpenDeals, RepHistory, RepSummary } from '../../../contract/api/me';
import type { Departments } from '../../../contract/api/org';
import type { SessionResponse } from '../../../contract/api/session';
import type { Statement } from '../../../contract/api/statements';
import type { ApiClient } from '../api/client';
import type { Lang } from '../i18n/format';
import { idle, type Remote } from './remote';

export interface TeamPoint {
  period: string;
  attainment: string | null;
}

export interface AppState {
  lang: Lang;
  session: Remote<SessionResponse>;
  deal: { dealId: string | null; estimate: Remote<DealEstimate>; summary: Remote<RepSummary> };
  dashboard: {
    period: string | null;
    summary: Remote<RepSummary>;
    history: Remote<RepHistory>;
    openDeals: Remote<OpenDeals>;
    statement: Remote<Statement>;
    acknowledged: string | null;
  };
  team: {
    period: string | null;
    metric: LeaderboardMetric;
    departmentId: string | null;
    departments: Remote<Departments>;
    leaderboard: Remote<Leaderboard>;
    history: Remote<TeamPoint[]>;
    /** A rep drilled into from the leaderboard. */
    drill: { repId: string; statement: Remote<Statement> } | null;
    /** Bumped on each live update, so the view can announce it. */
    liveUpdates: number;
  };
  /** Admin "Settings" tab: plans, the period's quotas and its close status. */
  admin: {
    period: string | null;
    plans: Remote<PlanList>;
    quotas: Remote<QuotaGrid>;
    close: Remote<PeriodCloseStatus>;
  };
  live: 'off' | 'connecting' | 'open' | 'closed';
}

export type AppStore = StoreApi<AppState>;

export interface Ctx {
  store: AppStore;
  api: ApiClient;
  /** The clock, injected so tests pick "today". */
  now: () => Date;
}

export function initialState(lang: Lang): AppState {
  return {
    lang,
    session: idle(),
    deal: { dealId: null, estimate: idle(), summary: idle() },
    dashboard: {
      period: null,
      summary: idle(),
      history: idle(),
      openDeals: idle(),
      statement: idle(),
      acknowledged: null,
    },
    team: {
      period: null,
      metric: 'revenue',
      departmentId: null,
      departments: idle(),
      leaderboard: idle(),
      history: idle(),
      drill: null,
      liveUpdates: 0,
    },
    admin: { period: null, plans: idle(), quotas: idle(), close: idle() },
    live: 'off',
  };
}

export function createAppStore(lang: Lang): AppStore {
  return createStore<AppState>()(() => initialState(lang));
}

/** Shallow-merges into one slice. */
export function patch<K extends keyof AppState>(store: AppStore, key: K, value: Partial<AppState[K]>): void {
  const current = store.getState()[key];
  store.setState({ [key]: { ...(current as object), ...(value as object) } } as unknown as Partial<AppState>);
}
