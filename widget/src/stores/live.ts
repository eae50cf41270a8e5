/**
 * @module Live updates over server-sent events: GET /api/events?token=… (EventSource cannot send headers, so the
 * session token rides in the query). A won deal or changed statements reload what is on screen without a reload of
 * the page; EventSource reconnects by itself after a drop.
 */
import { LiveEvent } from '../../../contract/api/org';
import { loadDashboard } from './dashboard';
import { patch, type Ctx } from './store';
import { loadLeaderboard } from './team';

export interface EventSourceLike {
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const EVENT_NAMES = ['message', 'deal_won', 'statements_changed'];

/** Applies one event to the store: reload the leaderboard (quietly) and, if it concerns the viewer, their numbers. */
export async function applyLiveEvent(ctx: Ctx, raw: unknown): Promise<void> {
  const parsed = LiveEvent.safeParse(raw);
  if (!parsed.success) return; // unknown event kinds from a newer server are ignored, not fatal
  const s = ctx.store.getState();
  const tasks: Promise<void>[] = [];
  if (s.team.leaderboard.status !== 'idle') tasks.push(loadLeaderboard(ctx, { quiet: true }));
  const me = s.session.data?.user.id;
  if (me && parsed.data.repIds.includes(me) && s.dashboard.summary.status !== 'idle') {
    tasks.push(loadDashboard(ctx, s.dashboard.period));
  }
  await Promise.all(tasks);
  patch(ctx.store, 'team', { liveUpdates: ctx.store.getState().team.liveUpdates + 1 });
}

export function connectLive(ctx: Ctx, factory: EventSourceFactory): () => void {
  const token = ctx.api.token();
  if (!token) return () => {};
  const url = `${ctx.api.baseUrl}/api/events?token=${encodeURIComponent(token)}`;
  const es = factory(url);
  ctx.store.setState({ live: 'connecting' });
  es.onopen = () => ctx.store.setState({ live: 'open' });
  es.onerror = () => ctx.store.setState({ live: 'connecting' });
  const onEvent = (ev: MessageEvent) => {
    let data: unknown;
    try {
      data = JSON.parse(String(ev.data));
    } catch {
      return;
    }
    if (data && typeof data === 'object' && !('type' in data) && ev.type !== 'message') {
      data = { type: ev.type, ...(data as object) };
    }
    void applyLiveEvent(ctx, data);
  };
  for (const name of EVENT_NAMES) es.addEventListener(name, onEvent);
  return () => {
    es.close();
    ctx.store.setState({ live: 'closed' });
  };
}
