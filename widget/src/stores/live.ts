/**
 * @module Live updates over server-sent events: GET /api/events?token=… (EventSource cannot send headers, so the
 * session token rides in the query). A won deal or changed statements reload what is on screen without a reload of
 * the page; EventSource reconnects by itself after a drop. What an event reloads is the caller's choice
 * (live-apply.ts for the app page; the deal tab reloads its deal).
 */
import { LiveEvent } from '../../../contract/api/org';
import type { Ctx } from './store';

export interface EventSourceLike {
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const EVENT_NAMES = ['message', 'deal_won', 'statements_changed'];

/**
 * Opens the stream and hands every valid LiveEvent to `onEvent`. Unknown event kinds from a newer server are
 * ignored, not fatal. Returns the function that closes the stream.
 */
export function connectLive(ctx: Ctx, factory: EventSourceFactory, onEvent: (event: LiveEvent) => void): () => void {
  const token = ctx.api.token();
  if (!token) return () => {};
  const url = `${ctx.api.baseUrl}/api/events?token=${encodeURIComponent(token)}`;
  const es = factory(url);
  ctx.store.setState({ live: 'connecting' });
  es.onopen = () => ctx.store.setState({ live: 'open' });
  es.onerror = () => ctx.store.setState({ live: 'connecting' });
  const handle = (ev: MessageEvent) => {
    let data: unknown;
    try {
      data = JSON.parse(String(ev.data));
    } catch {
      return;
    }
    const parsed = LiveEvent.safeParse(data);
    if (parsed.success) onEvent(parsed.data);
  };
  for (const name of EVENT_NAMES) es.addEventListener(name, handle);
  return () => {
    es.close();
    ctx.store.setState({ live: 'closed' });
  };
}
