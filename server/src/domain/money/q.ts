/**
 * Exact rationals on BigInt — the engine's arithmetic. Every amount is an integer number of minor units (kopecks) or
 * a fraction n/d of them; rates and ratios are fractions too ("0.05" = 5/100). Nothing is ever rounded except by
 * money/round.ts. BigInt has no size limit, so no product can overflow; JS numbers appear only as exact integers.
 */
export interface Q {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

export const Q0: Q = { n: 0n, d: 1n };
export const Q1: Q = { n: 1n, d: 1n };

export function qi(n: bigint | number): Q {
  return { n: typeof n === 'bigint' ? n : BigInt(n), d: 1n };
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;
const cache = new Map<string, Q>();
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

export function pow10(k: number): bigint {
  return POW10[k] ?? 10n ** BigInt(k);
}

/** Parse an exact decimal string ("0.05", "-1500.50"); throws on anything else. Cached: plans repeat their strings. */
export function qd(s: string): Q {
  const hit = cache.get(s);
  if (hit) return hit;
  const m = DECIMAL_RE.exec(s);
  if (!m) throw new Error(`not a decimal string: "${s}"`);
  const frac = m[3] ?? '';
  const n = BigInt(m[2]! + frac) * (m[1] ? -1n : 1n);
  const v = { n, d: pow10(frac.length) };
  if (cache.size < 50_000) cache.set(s, v);
  return v;
}

export function add(a: Q, b: Q): Q {
  return a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}
export function sub(a: Q, b: Q): Q {
  return a.d === b.d ? { n: a.n - b.n, d: a.d } : { n: a.n * b.d - b.n * a.d, d: a.d * b.d };
}
export function mul(a: Q, b: Q): Q {
  return { n: a.n * b.n, d: a.d * b.d };
}
export function div(a: Q, b: Q): Q {
  if (b.n === 0n) throw new Error('division by zero');
  return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
}
export function neg(a: Q): Q {
  return { n: -a.n, d: a.d };
}
export function cmp(a: Q, b: Q): number {
  const l = a.d === b.d ? a.n : a.n * b.d;
  const r = a.d === b.d ? b.n : b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
export const lt = (a: Q, b: Q) => cmp(a, b) < 0;
export const lte = (a: Q, b: Q) => cmp(a, b) <= 0;
export const gt = (a: Q, b: Q) => cmp(a, b) > 0;
export const gte = (a: Q, b: Q) => cmp(a, b) >= 0;
export const eq = (a: Q, b: Q) => cmp(a, b) === 0;
export const qmin = (a: Q, b: Q) => (cmp(a, b) <= 0 ? a : b);
export const qmax = (a: Q, b: Q) => (cmp(a, b) >= 0 ? a : b);
export const isZero = (a: Q) => a.n === 0n;
export const isInt = (a: Q) => a.n % a.d === 0n;
export const sign = (a: Q) => (a.n < 0n ? -1 : a.n > 0n ? 1 : 0);

export function sum(xs: Q[]): Q {
  let s = Q0;
  for (const x of xs) s = add(s, x);
  return s;
}

/** floor(a) as bigint. */
export function floorQ(a: Q): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}

/**
 * A ratio as a plain decimal string, rounded half-up to `places` (display of attainment, shares, rates; never money):
 * 7/8 → "0.875", 1/3 → "0.333333".
 */
export function ratioString(a: Q, places = 6): string {
  const scale = pow10(places);
  const scaled = a.n * scale;
  let q = scaled / a.d;
  const r = scaled - q * a.d;
  if ((r < 0n ? -r : r) * 2n >= a.d) q += a.n < 0n ? -1n : 1n;
  const negative = q < 0n;
  const digits = (negative ? -q : q).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  const s = frac ? `${int}.${frac}` : int;
  return negative && s !== '0' ? `-${s}` : s;
}

/** An integral Q (money read back from a statement) as bigint; throws if it has a fraction. */
export function roundToBigint(a: Q): bigint {
  if (a.n % a.d !== 0n) throw new Error('not a whole number of minor units');
  return a.n / a.d;
}
