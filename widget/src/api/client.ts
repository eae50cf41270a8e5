/**
 * @module The HTTP client of the widget: one ky instance with the session bearer token; every response body is
 * parsed with its contract schema before anyone sees it, and every failure becomes an ApiError.
 */
import ky, { HTTPError, type KyInstance } from 'ky';
import { ErrorBody } from '../../../contract/errors';
import { ApiError } from './errors';

/** The slice of a zod schema the client needs (works for classic zod and zod-lite alike). */
export interface Parser<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  json?: unknown;
}

export interface ApiClient {
  readonly baseUrl: string;
  /**
   * Called once when a call answers `unauthenticated` (the 1-hour session expired): renew the session (fresh
   * AUTH_ID from the portal → POST /api/session) and return the new token, or null to give up.
   */
  onExpired?: (() => Promise<string | null>) | undefined;
  request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: Parser<T>,
    opts?: RequestOptions,
  ): Promise<T>;
  setToken(token: string | null): void;
  token(): string | null;
}

export function parseWith<T>(schema: Parser<T>, body: unknown, url: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') || '(root)' : '(root)';
  throw new ApiError('contract', `Unexpected response from ${url}: ${path}: ${issue?.message ?? 'invalid'}`, {
    path,
    url,
  });
}

/**
 * @example
 * const api = createApiClient('https://kvota.example.com');
 * api.setToken(session.token);
 * const summary = await api.request('GET', '/api/me/summary', RepSummary, { query: { period: '2026-11' } });
 */
export function createApiClient(baseUrl: string, fetchImpl?: typeof fetch): ApiClient {
  let token: string | null = null;
  const http: KyInstance = ky.create({
    prefixUrl: baseUrl.replace(/\/+$/, ''),
    timeout: 15_000,
    retry: { limit: 1, methods: ['get'] },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    hooks: {
      beforeRequest: [
        (request) => {
          if (token) request.headers.set('authorization', `Bearer ${token}`);
        },
      ],
    },
  });

  let renewing: Promise<string | null> | null = null;

  async function request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: Parser<T>,
    opts: RequestOptions = {},
  ): Promise<T> {
    const sentWith = token;
    try {
      return await once(method, path, schema, opts);
    } catch (e) {
      const expired = e instanceof ApiError && e.detail.code === 'unauthenticated' && path !== '/api/session';
      if (!expired || !client.onExpired) throw e;
      if (token === sentWith) {
        // one renewal for every call that failed with the same old token
        renewing ??= client.onExpired().finally(() => {
          renewing = null;
        });
        if (!(await renewing)) throw e;
      }
      return once(method, path, schema, opts);
    }
  }

  async function once<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: Parser<T>,
    opts: RequestOptions,
  ): Promise<T> {
    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) searchParams[k] = v;
    const url = path.replace(/^\//, '');
    let body: unknown;
    try {
      const res = await http(url, {
        method,
        searchParams,
        ...(opts.json !== undefined ? { json: opts.json } : {}),
      });
      body = res.status === 204 ? {} : await res.json();
    } catch (e) {
      throw await toApiError(e, path);
    }
    return parseWith(schema, body, path);
  }

  const client: ApiClient = {
    baseUrl,
    request,
    setToken: (t) => {
      token = t;
    },
    token: () => token,
  };
  return client;
}

async function toApiError(e: unknown, path: string): Promise<ApiError> {
  if (e instanceof HTTPError) {
    const status = e.response.status;
    let parsed: ReturnType<typeof ErrorBody.safeParse> | null = null;
    try {
      parsed = ErrorBody.safeParse(await e.response.json());
    } catch {
      parsed = null;
    }
    if (parsed?.success) {
      return new ApiError('api', parsed.data.error.message, { status, code: parsed.data.error.code, url: path });
    }
    // An HTTP answer that is not ours (proxy error page, 502 from a load balancer): the server is not really there.
    return new ApiError(status >= 500 ? 'unreachable' : 'api', `HTTP ${status} from ${path}`, { status, url: path });
  }
  if (e instanceof SyntaxError)
    return new ApiError('contract', `Response from ${path} is not JSON`, { url: path, path: '(root)' });
  return new ApiError('unreachable', `Kvota server did not answer ${path}: ${(e as Error)?.message ?? e}`, {
    url: path,
  });
}
