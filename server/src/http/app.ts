/**
 * @module The Hono app: one error shape (contract/errors.ts) with stable codes, strict validation at the edge
 * (defineRoute), body limit, security headers, JSON access logs, and every route of the API. `createApp(deps)` has
 * no I/O of its own; the composition root (server/src/main.ts) builds the deps and serves it.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '../../../contract/errors';
import { type RouteDef, routes } from '../../../contract/routes';
import type { AppDeps } from '../app/deps';
import type { AppEnv } from './context';
import { AppError } from './errors';
import { API_SECURITY_HEADERS, CACHED_READ_PATHS } from './headers';
import { buildOpenApi } from './openapi';
import { registeredRoutes } from './route';
import { registerEventsRoute } from './routes/events';
import { registerReadRoutes } from './routes/read';
import { registerSessionRoute } from './routes/session';

export interface AppOptions {
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Sub-apps with absolute /api/… paths to mount at the root (admin, finance, CRM install/events). */
  mounts?: Hono<AppEnv>[];
  /** Extra Hono apps without our Env (e.g. the CRM adapter's install/event endpoints), mounted at the root. */
  plain?: { path: string; app: Hono }[];
  version?: string;
}

export function errorBody(code: AppError['code'], message: string, issues?: AppError['issues']): ErrorBody {
  return { error: { code, message, ...(issues?.length ? { issues } : {}) } };
}

/** Errors of the cached reads (whose headers the middleware leaves to the handler) still carry the API headers. */
const errorHeaders = (c: Context<AppEnv>) => (c.req.path.startsWith('/api/') ? { ...API_SECURITY_HEADERS } : undefined);

function renderError(c: Context<AppEnv>, error: unknown): Response {
  if (error instanceof AppError) {
    return c.json(errorBody(error.code, error.message, error.issues), error.status as 400, errorHeaders(c));
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 401
          ? 'unauthenticated'
          : status === 404
            ? 'not_found'
            : 'bad_request';
    return c.json(errorBody(code, error.message || 'Bad request'), status, errorHeaders(c));
  }
  const deps = c.get('deps');
  deps?.log.error('unhandled error', {
    method: c.req.method,
    path: c.req.path,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return c.json(errorBody('internal', 'Something went wrong on the server; it has been logged'), 500, errorHeaders(c));
}

export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limit = options.bodyLimitBytes ?? 1024 * 1024;

  const debug = deps.log.enabled?.('debug') ?? true;
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    // Set before the handler builds its response, so the response is built once with them (the Node adapter's fast
    // path); HTML pages of the widget set their own policy. The cached reads send them themselves (cachedJson), as a
    // plain object: setting them here builds a web Headers object per request.
    const path = c.req.path;
    if (path.startsWith('/api/') && !(c.req.method === 'GET' && CACHED_READ_PATHS.has(path)))
      for (const k in API_SECURITY_HEADERS) c.header(k, API_SECURITY_HEADERS[k]!);
    const started = performance.now();
    await next();
    const status = c.res.status;
    if (status >= 500 || debug) {
      const fields = { method: c.req.method, path: c.req.path, status, ms: Math.round(performance.now() - started) };
      if (status >= 500) deps.log.error('request', fields);
      else deps.log.debug('request', fields);
    }
  });

  // Only requests with a body are measured: touching the body of a GET makes the Node adapter build a full Request.
  const limiter = bodyLimit({
    maxSize: limit,
    onError: (c) => c.json(errorBody('payload_too_large', `Request body is larger than ${limit} bytes`), 413),
  });
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limiter(c, next)));

  app.onError((error, c) => renderError(c, error));
  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));

  app.get('/api/health', (c) => c.json({ ok: true }));
  registerSessionRoute(app);
  registerReadRoutes(app);
  registerEventsRoute(app);
  for (const sub of options.mounts ?? []) app.route('/', sub);
  for (const { path, app: sub } of options.plain ?? []) app.route(path, sub as unknown as Hono<AppEnv>);

  const openapi = () => {
    const defs = new Map<string, RouteDef>();
    for (const r of Object.values(routes) as RouteDef[]) defs.set(`${r.method} ${r.path}`, r);
    for (const [k, r] of registeredRoutes) defs.set(k, r);
    return buildOpenApi(defs.values(), { version: options.version ?? '0.1.0' });
  };
  let doc: string | null = null;
  app.get('/api/openapi.json', (c) => {
    doc ??= JSON.stringify(openapi());
    return c.body(doc, 200, { 'content-type': 'application/json' });
  });
  return app;
}
