/**
 * GET /api/events: the per-user live stream (server-sent events of contract/api/org.ts LiveEvent). EventSource
 * cannot send headers, so the session token may come as ?token=… as well as in Authorization. Every event of the
 * viewer's portal is forwarded (events carry ids, never amounts); a comment line every 25 s keeps proxies from
 * closing an idle stream.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveEvent } from '../../../../contract/api/org';
import { type AppEnv, requireStreamSession } from '../context';

const KEEPALIVE_MS = 25_000;

export function registerEventsRoute(app: Hono<AppEnv>): void {
  app.get('/api/events', requireStreamSession, (c) => {
    const { hub } = c.get('deps');
    const session = c.get('session');
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = hub.subscribe(session.portalId, (event) => {
        queue.push(event);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ userId: session.userId }) });
      let id = 0;
      try {
        while (open) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, KEEPALIVE_MS).unref?.();
            });
            wake = null;
            if (queue.length === 0 && open) await stream.write(': keepalive\n\n');
            continue;
          }
          const event = queue.shift()!;
          await stream.writeSSE({ event: event.type, id: String(++id), data: JSON.stringify(event) });
        }
      } finally {
        unsubscribe();
      }
    });
  });
}
