import { runBatch } from './batch';
import { ApiError, Errors } from './errors';
import { type TimeBlock, timeBlock } from './format';
import { defaultCost } from './limits';
import { METHODS } from './methods';
import type { CallContext } from './methods/types';
import { type Params, param } from './params';
import type { AuthContext, Portal } from './portal';

/** What the HTTP layer must send back. */
export type RestAnswer = (
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'raw'; status: number; text: string }
  | { kind: 'drop' }
  /** Injected delay: wait, then handle the request again with `skipFailures`. */
  | { kind: 'process' }
) & { delayMs?: number };

export interface RestRequest {
  /** Path after `/rest/`, slashes collapsed: `crm.deal.list` or `1/secret/crm.deal.list.json`. */
  path: string;
  params: Params;
}

/** Splits a REST path into the method and, for webhooks, user id and secret. */
export function parseRestPath(path: string): { method: string; hook?: { userId: string; secret: string } } {
  const parts = path.split('/').filter(Boolean);
  const clean = (m: string) => {
    let method = m;
    try {
      method = decodeURIComponent(m);
    } catch {}
    return method.replace(/\.(json|xml)$/i, '').toLowerCase();
  };
  if (parts.length >= 3) return { method: clean(parts[2]!), hook: { userId: parts[0]!, secret: parts[1]! } };
  if (parts.length === 1) return { method: clean(parts[0]!) };
  // `/rest/1/secret/` without a method: the portal answers ERROR_METHOD_NOT_FOUND (research §1).
  if (parts.length === 2) return { method: '', hook: { userId: parts[0]!, secret: parts[1]! } };
  return { method: '' };
}

function authenticate(
  portal: Portal,
  hook: { userId: string; secret: string } | undefined,
  params: Params,
): AuthContext {
  if (hook) {
    if (hook.userId !== String(portal.webhook.userId) || hook.secret !== portal.webhook.secret) throw Errors.noAuth();
    return { kind: 'webhook', userId: portal.webhook.userId, principal: `webhook:${hook.userId}`, isAdmin: true };
  }
  const token = param(params, 'auth');
  if (typeof token !== 'string' || token === '') throw Errors.noAuth();
  const record = portal.tokens.get(token);
  if (!record) throw Errors.invalidToken();
  if (record.expiresAt <= portal.now()) throw Errors.expiredToken();
  const user = portal.users.get(record.userId);
  return {
    kind: 'oauth',
    userId: record.userId,
    principal: `app:${portal.app.clientId}`,
    isAdmin: user?.isAdmin ?? false,
    accessToken: token,
  };
}

/** Handles one REST request end to end: faults, auth, bucket, method, operating budget, envelope. */
export function handleRest(
  portal: Portal,
  req: RestRequest,
  afterResponse: (task: () => void) => void,
  opts: { skipFailures?: boolean } = {},
): RestAnswer {
  const startMs = portal.now();
  const { method, hook } = parseRestPath(req.path);
  const stats = portal.statsFor(method || '(none)');
  const failure = opts.skipFailures ? undefined : takeFailure(portal, method);
  if (!opts.skipFailures) stats.calls++;
  if (failure) {
    const delayMs = failure.delayMs;
    if (failure.mode === 'delay') return { kind: 'process', delayMs };
    stats.errors++;
    if (failure.mode === 'drop') return { kind: 'drop', delayMs };
    if (failure.mode === 'raw') return { kind: 'raw', status: failure.status, text: failure.rawBody, delayMs };
    return {
      kind: 'json',
      status: failure.status,
      body: { error: failure.error, error_description: failure.description },
      delayMs,
    };
  }
  try {
    const auth = authenticate(portal, hook, req.params);
    if (!portal.bucket.take(startMs)) {
      stats.refused503++;
      throw Errors.queryLimit();
    }
    if (!method || !(method in METHODS || method === 'batch')) throw Errors.methodNotFound();
    const params = withoutTransport(req.params);
    if (method === 'batch') {
      const result = runBatch(params, (inner, innerParams) => {
        portal.statsFor(inner).calls++;
        return callMethod(portal, inner, innerParams, auth, portal.now(), afterResponse);
      });
      // The outer batch is not charged: operating 0, reset one window ahead (batch.error-operation-time-limit.json).
      const window = (portal.limits?.operatingWindowSeconds ?? 600) * 1000;
      const time = timeBlock(startMs, 0.0005, { operating: 0, resetAt: (startMs + window) / 1000 });
      return { kind: 'json', status: 200, body: { result, time } };
    }
    const answer = callMethod(portal, method, params, auth, startMs, afterResponse);
    const body: Record<string, unknown> = { result: answer.result };
    if (answer.total !== undefined) body.total = answer.total;
    if (answer.next !== undefined) body.next = answer.next;
    body.time = answer.time;
    return { kind: 'json', status: 200, body };
  } catch (e) {
    if (!(e instanceof ApiError)) {
      // A bug in the emulator: answer like a portal would, and say why on stderr for whoever runs it.
      console.error(`bitrix24 emulator: ${method} failed:`, e);
      stats.errors++;
      return { kind: 'json', status: 500, body: Errors.internal().body() };
    }
    if (e.status !== 503 && e.status !== 429) stats.errors++;
    return { kind: 'json', status: e.status, body: e.body() };
  }
}

/** One method call (top-level or inside a batch): operating budget check, handler, charge. */
function callMethod(
  portal: Portal,
  method: string,
  params: Params,
  auth: AuthContext,
  startMs: number,
  afterResponse: (task: () => void) => void,
): { result: unknown; total?: number; next?: number; time: TimeBlock } {
  const handler = METHODS[method];
  if (!handler) throw Errors.methodNotFound();
  const key = `${auth.principal}|${method}`;
  if (portal.operating.state(key, startMs).blocked) {
    portal.statsFor(method).refused429++;
    throw Errors.operationTimeLimit();
  }
  const ctx: CallContext = { method, params, portal, auth, now: startMs, afterResponse };
  const out = handler(ctx);
  const info = { rows: 0, counted: false, total: 0, offset: 0, ...out.cost };
  const cost = (portal.limits?.costPerCall ?? defaultCost)(method, params, info);
  portal.operating.charge(key, startMs, cost);
  const state = portal.operating.state(key, startMs);
  const time = timeBlock(startMs, cost, { operating: state.operating, resetAt: state.resetAt });
  return { result: out.result, total: out.total, next: out.next, time };
}

function takeFailure(portal: Portal, method: string) {
  const at = portal.failures.findIndex((f) => f.method === undefined || f.method === method);
  if (at < 0) return undefined;
  return portal.failures.splice(at, 1)[0];
}

/** `auth` and the SDK's `bx24_*` query parameters are transport, not method parameters. */
function withoutTransport(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) if (k !== 'auth' && !k.startsWith('bx24_')) out[k] = v;
  return out;
}
