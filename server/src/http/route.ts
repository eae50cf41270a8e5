/**
 * @module Registers a route from its contract RouteDef so that every route is guarded and validated the same way:
 * session and role per `def.auth`, strict query and JSON body parsed with the def's zod schemas (unknown fields,
 * wrong types and malformed JSON → 400 bad_request with one issue per problem), path params passed through.
 * Handlers return plain data; the helper renders it as JSON.
 *
 * @example
 * defineRoute(app, routes.leaderboard, async (c, { query }) => leaderboardFor(c.get('deps'), c.get('session'), query));
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { ValidationIssue } from '../../../contract/errors';
import type { RouteDef } from '../../../contract/routes';
import { type AppEnv, requireRole, requireSession } from './context';
import { AppError } from './errors';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<D extends RouteDef> {
  query: Infer<D['query']>;
  body: Infer<D['body']>;
  params: Record<string, string>;
}

export type RouteHandler<D extends RouteDef> = (
  c: Context<AppEnv>,
  input: RouteInput<D>,
) => Promise<z.input<D['response']> | Response> | z.input<D['response']> | Response;

/** Every RouteDef registered through defineRoute, for the OpenAPI document (keyed by "METHOD path"). */
export const registeredRoutes = new Map<string, RouteDef>();

const ROLE_GATES: Record<RouteDef['auth'], MiddlewareHandler<AppEnv>[]> = {
  public: [],
  rep: [requireSession],
  manager: [requireSession, requireRole('manager', 'admin')],
  admin: [requireSession, requireRole('admin')],
};

export function defineRoute<D extends RouteDef>(app: Hono<AppEnv>, def: D, handler: RouteHandler<D>): void {
  registeredRoutes.set(`${def.method} ${def.path}`, def);
  const handle: MiddlewareHandler<AppEnv> = async (c) => {
    const query = def.query ? parseWith(def.query, c.req.query(), 'query') : undefined;
    const body = def.body ? parseWith(def.body, await readJson(c), 'body') : undefined;
    const result = await handler(c, { query, body, params: c.req.param() } as RouteInput<D>);
    if (result instanceof Response) return result;
    return c.json(result as object);
  };
  // Hono's overloads cannot type a variadic handler list; the chain is plain middleware.
  const on = app.on.bind(app) as unknown as (m: string, p: string, ...h: MiddlewareHandler<AppEnv>[]) => void;
  on(def.method, def.path, ...ROLE_GATES[def.auth], handle);
}

/** Reads a JSON body; an empty, non-JSON or malformed body is a 400 with a message saying which. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('bad_request', 'Send the request body as JSON with Content-Type: application/json');
  }
  const text = await c.req.text();
  if (!text.trim()) throw new AppError('bad_request', 'Request body is empty; a JSON object is expected');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new AppError('bad_request', `Request body is not valid JSON${detail}`);
  }
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error);
  const first = issues[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new AppError('bad_request', `Invalid request ${where}: ${summary}${more}`, issues);
}

/** zod issues → contract ValidationIssue, with paths written like "rules[2].tiers[0].rate". */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: 'unknown field', expected: 'no such field' });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    out.push({
      path: formatPath(issue.path),
      message: missing ? 'required field is missing' : issue.message,
      ...(missing && 'expected' in issue ? { expected: String(issue.expected) } : {}),
    });
  }
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
