/**
 * @module zod-lite: the classic `z` API of zod v4 rebuilt on `zod/mini`, for the widget BUNDLE only.
 *
 * Why: the contract (contract/**) is written against classic zod, whose chained methods are attached to every
 * schema and cannot be tree-shaken — 26 KB gzip, most of the deal tab's 30 KB budget. zod/mini has the same core
 * (same parsing, same results) with functions instead of methods. The widget build resolves `zod` to this file
 * (see vite.config.ts), so the widget still parses every response with the very same contract schemas.
 *
 * Invariants:
 * - Every schema this returns is a real zod/mini schema (parse/safeParse come from zod core).
 * - Known classic methods map to their mini equivalent; unknown ones (describe, meta, …) return the schema
 *   unchanged, so a method added to the contract later can never crash the widget at load time — at worst a
 *   refinement is not re-checked on the client (the server validates everything anyway).
 *   widget/src/api/zod-lite.test.ts parses contract samples with both zod and zod-lite and compares.
 */
import * as m from 'zod/mini';

type Schema = m.ZodMiniType;
// biome-ignore lint/suspicious/noExplicitAny: a dynamic facade over zod/mini; types come from real zod at compile time
type AnyFn = (...args: any[]) => any;

const isNumeric = (s: Schema) => ['number', 'int', 'bigint'].includes(String(s._zod.def.type));

/** Classic methods → mini functions. `s` is the unwrapped mini schema. */
const methods: Record<string, (s: Schema, ...args: never[]) => unknown> = {
  optional: (s) => m.optional(s),
  nullable: (s) => m.nullable(s),
  nullish: (s) => m.nullish(s),
  default: (s, v: unknown) => m._default(s, v as never),
  array: (s) => m.array(s),
  or: (s, o: Schema) => m.union([s, o]),
  and: (s, o: Schema) => m.intersection(s, o),
  regex: (s, re: RegExp, p?: unknown) => s.check(m.regex(re, p as never)),
  min: (s, n: number, p?: unknown) => s.check(isNumeric(s) ? m.gte(n, p as never) : m.minLength(n, p as never)),
  max: (s, n: number, p?: unknown) => s.check(isNumeric(s) ? m.lte(n, p as never) : m.maxLength(n, p as never)),
  length: (s, n: number, p?: unknown) => s.check(m.length(n, p as never)),
  gt: (s, n: number) => s.check(m.gt(n)),
  gte: (s, n: number) => s.check(m.gte(n)),
  lt: (s, n: number) => s.check(m.lt(n)),
  lte: (s, n: number) => s.check(m.lte(n)),
  positive: (s) => s.check(m.positive()),
  nonnegative: (s) => s.check(m.nonnegative()),
  int: (s) => s.check(m.refine((v) => Number.isSafeInteger(v), 'Expected an integer')),
  startsWith: (s, v: string) => s.check(m.startsWith(v)),
  endsWith: (s, v: string) => s.check(m.endsWith(v)),
  includes: (s, v: string) => s.check(m.includes(v)),
  refine: (s, fn: (v: unknown) => boolean, p?: unknown) => s.check(m.refine(fn, p as never)),
  transform: (s, fn: AnyFn) => m.pipe(s, m.transform(fn)),
  pipe: (s, o: Schema) => m.pipe(s, o),
  datetime: (_s, p?: unknown) => m.iso.datetime(p as never),
  date: (_s, p?: unknown) => m.iso.date(p as never),
  email: (_s, p?: unknown) => m.email(p as never),
  url: (_s, p?: unknown) => m.url(p as never),
  uuid: (_s, p?: unknown) => m.uuid(p as never),
  extend: (s, shape: Record<string, Schema>) => m.extend(s as never, shape),
  pick: (s, mask: Record<string, true>) => m.pick(s as never, mask as never),
  omit: (s, mask: Record<string, true>) => m.omit(s as never, mask as never),
  partial: (s) => m.partial(s as never),
  strict: (s) => m.strictObject((s as unknown as m.ZodMiniObject)._zod.def.shape),
  passthrough: (s) => m.looseObject((s as unknown as m.ZodMiniObject)._zod.def.shape),
};

/** Properties that must stay absent (Promise detection, JSON, inspection). */
const NOT_METHODS = new Set(['then', 'toJSON', 'constructor', 'prototype', 'asymmetricMatch', '$$typeof']);

const RAW = Symbol('zod-lite raw');

function unwrap<T>(v: T): T {
  return ((v as { [RAW]?: T } | null)?.[RAW] ?? v) as T;
}

function unwrapArgs(args: unknown[]): unknown[] {
  return args.map((a) => {
    if (Array.isArray(a)) return a.map(unwrap);
    if (a && typeof a === 'object' && !(a instanceof RegExp) && !(RAW in (a as object)) && !('_zod' in (a as object))) {
      // object shapes: unwrap each value
      return Object.fromEntries(Object.entries(a as Record<string, unknown>).map(([k, v]) => [k, unwrap(v)]));
    }
    return unwrap(a);
  });
}

function wrap(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('_zod' in value)) return value;
  const raw = value as Schema;
  const proxy: unknown = new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      if (prop in target || typeof prop === 'symbol' || NOT_METHODS.has(prop)) return Reflect.get(target, prop, receiver);
      const method = methods[prop];
      if (method) return (...args: unknown[]) => wrap(method(target, ...(unwrapArgs(args) as never[])));
      return () => proxy; // describe(), meta(), brand(), … : no runtime effect the widget needs
    },
    has(target, prop) {
      return prop === RAW || prop in target;
    },
  });
  return proxy;
}

/** The `z` namespace: each factory call is forwarded to zod/mini and its result wrapped. */
export const z: unknown = new Proxy(
  {},
  {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      const fn = (m as unknown as Record<string, unknown>)[prop === 'default' ? '_default' : prop];
      if (typeof fn === 'function') return (...args: unknown[]) => wrap((fn as AnyFn)(...unwrapArgs(args)));
      if (fn && typeof fn === 'object') {
        // namespaces such as z.coerce, z.iso
        return new Proxy(fn, {
          get: (ns, p) => {
            const f = (ns as Record<string | symbol, unknown>)[p];
            return typeof f === 'function' ? (...a: unknown[]) => wrap((f as AnyFn)(...unwrapArgs(a))) : f;
          },
        });
      }
      return fn;
    },
  },
);

export default z;
