import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { type Params, parseBracketQuery } from './params';
import type { Portal } from './portal';
import { handleRest } from './rest';

export type Env = { Bindings: { incoming: IncomingMessage } };

/** Reads query + body (JSON or form) into one params object; body wins. */
export async function readParams(req: Request): Promise<Params> {
  const url = new URL(req.url);
  const query = parseBracketQuery(url.search.slice(1));
  if (req.method === 'GET' || req.method === 'HEAD') return query;
  const type = req.headers.get('content-type') ?? '';
  const text = await req.text();
  if (!text) return query;
  if (type.includes('application/json') || /^\s*[{[]/.test(text)) {
    try {
      const json = JSON.parse(text) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) return { ...query, ...(json as Params) };
    } catch {
      // fall through: treat as form
    }
  }
  return { ...query, ...parseBracketQuery(text) };
}

/** The portal's HTTP surface: REST (webhook and OAuth forms), OAuth server, CORS for the widget frame. */
export function createApp(portal: Portal, extraRoutes?: (app: Hono<Env>) => void): Hono<Env> {
  const app = new Hono<Env>();
  // The widget calls REST from its frame (another origin); answer preflights like a permissive portal would.
  app.use(
    '/rest/*',
    cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'] }),
  );
  app.all('/rest/*', async (c) => {
    const rawPath = new URL(c.req.url).pathname.replace(/^\/rest\/?/, '').replace(/\/{2,}/g, '/');
    const params = await readParams(c.req.raw);
    const tasks: (() => void)[] = [];
    const request = { path: rawPath, params };
    let answer = handleRest(portal, request, (t) => tasks.push(t));
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (answer.kind === 'process') answer = handleRest(portal, request, (t) => tasks.push(t), { skipFailures: true });
    if (tasks.length > 0)
      setImmediate(() => {
        for (const t of tasks) t();
      });
    if (answer.kind === 'drop') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    if (answer.kind === 'raw') return c.html(answer.text, answer.status as 200);
    if (answer.kind === 'process') throw new Error('unreachable: delayed request not processed');
    return c.body(JSON.stringify(answer.body), answer.status as 200, {
      'Content-Type': 'application/json; charset=utf-8',
    });
  });
  extraRoutes?.(app);
  app.notFound((c) => c.json({ error: 'NOT_FOUND', error_description: 'Not found' }, 404));
  return app;
}
