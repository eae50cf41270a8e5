/**
 * @module A small typed caller for the Kvota API from Node (the demo's setup, integration tests): request bodies and
 * responses are the contract's own schemas, so a drift between server and contract fails loudly here too.
 */
import type { z } from 'zod';
import { ErrorBody } from '../contract/errors';
import { type RouteName, type Routes, routes } from '../contract/routes';

type BodyOf<N extends RouteName> = Routes[N] extends { body: z.ZodType } ? z.input<Routes[N]['body']> : never;
type QueryOf<N extends RouteName> = Routes[N] extends { query: z.ZodType } ? z.input<Routes[N]['query']> : never;

export interface CallArgs<N extends RouteName> {
  params?: Record<string, string>;
  query?: QueryOf<N>;
  body?: BodyOf<N>;
}

export class ApiCallError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    const parsed = ErrorBody.safeParse(body);
    super(`${route} answered ${status}: ${parsed.success ? parsed.data.error.message : JSON.stringify(body)}`);
  }
}

export function contractClient(baseUrl: string, token?: string) {
  return async function call<N extends RouteName>(
    name: N,
    args: CallArgs<N> = {},
  ): Promise<z.infer<Routes[N]['response']>> {
    const route = routes[name];
    const path = route.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(args.params?.[key] ?? ''));
    const url = new URL(path, baseUrl);
    for (const [k, v] of Object.entries((args.query ?? {}) as Record<string, unknown>)) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (args.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method: route.method,
      headers,
      ...(args.body !== undefined ? { body: JSON.stringify(args.body) } : {}),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiCallError(`${route.method} ${route.path}`, res.status, json);
    return route.response.parse(json) as z.infer<Routes[N]['response']>;
  };
}
