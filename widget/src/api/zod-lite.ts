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
 * - The classic methods the contract uses map to their mini equivalent; others (describe, trim, …) return the
 *   schema unchanged, so a method added to the contract later can never crash the widget at load time — at worst a
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
  default: (s, v: unknown) => m._default(s, v as never),
  array: (s) => m.array(s),
  regex: (s, re: RegExp, p?: unknown) => s.check(m.regex(re, p as never)),
  min: (s, n: number, p?: unknown) => s.check(isNumeric(s) ? m.gte(n, p as never) : m.minLength(n, p as never)),
  max: (s, n: number, p?: unknown) => s.check(isNumeric(s) ? m.lte(n, p as never) : m.maxLength(n, p as never)),
  positive: (s) => s.check(m.gt(0)),
  nonnegative: (s) => s.check(m.gte(0)),
  int: (s) => s.check(m.refine((v) => Number.isSafeInteger(v), 'Expected an integer')),
  refine: (s, fn: (v: unknown) => boolean, p?: unknown) => s.check(m.refine(fn, p as never)),
  datetime: (_s, p?: unknown) => m.iso.datetime(p as never),
  omit: (s, mask: Record<string, true>) => m.omit(s as never, mask as never),
  partial: (s) => m.partial(s as never),
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
      if (prop in target || typeof prop === 'symbol' || NOT_METHODS.has(prop))
        return Reflect.get(target, prop, receiver);
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

/**
 * The `z` namespace: each factory forwards to zod/mini and wraps its result. Listed explicitly (not `m[name]`) so
 * the bundler keeps only what is listed; a factory the contract starts using later and that is missing here
 * degrades to `unknown()` (accept anything) instead of crashing the widget at load. zod-lite.test.ts constructs
 * every contract schema, so a missing factory shows up there.
 */
const factories: Record<string, AnyFn> = {
  string: m.string,
  number: m.number,
  boolean: m.boolean,
  unknown: m.unknown,
  object: m.object,
  strictObject: m.strictObject,
  array: m.array,
  record: m.record,
  enum: m.enum,
  literal: m.literal,
  union: m.union,
  discriminatedUnion: m.discriminatedUnion,
  optional: m.optional,
  nullable: m.nullable,
};

export const missingFactories = new Set<string>();

/** Stand-in for an unknown factory or namespace: callable, and any property of it is itself. */
const lenient: unknown = new Proxy(() => wrap(m.unknown()), { get: (_t, p) => (p === 'then' ? undefined : lenient) });

export const z: unknown = new Proxy(
  {},
  {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      const fn = factories[prop];
      if (fn) return (...args: unknown[]) => wrap(fn(...unwrapArgs(args)));
      missingFactories.add(prop);
      return lenient;
    },
  },
);

export default z;
