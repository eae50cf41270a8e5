/**
 * Request parameters the way PHP reads them: query string and form bodies use bracket syntax
 * (`filter[>ID]=5`, `select[]=ID`, `cmd[get][0]=x`), JSON bodies are taken as they are. Query and body are merged,
 * body winning (research §1: precedence unverified).
 */
export type Params = Record<string, unknown>;

/** Parses `a=1&filter[>ID]=5&select[]=ID` into nested objects; objects keyed 0..n-1 become arrays. */
export function parseBracketQuery(query: string): Params {
  const root: Params = {};
  if (!query) return root;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    assign(root, splitKey(rawKey), value);
  }
  return normalizeArrays(root) as Params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `filter[>ID][0]` → ['filter', '>ID', '0']; `select[]` → ['select', '']. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null = re.exec(key.slice(open));
  while (m) {
    parts.push(m[1] ?? '');
    m = re.exec(key.slice(open));
  }
  return parts.length > 8 ? parts.slice(0, 8) : parts;
}

const APPEND = Symbol('append-counter');

function assign(target: Record<string | symbol, unknown>, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i++) {
    let key = path[i]!;
    if (key === '') {
      const n = (node[APPEND] as number | undefined) ?? Object.keys(node).length;
      node[APPEND] = n + 1;
      key = String(n);
    }
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string | symbol, unknown>;
  }
}

function normalizeArrays(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = normalizeArrays(obj[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}

/** Reads a parameter whose legacy name may come in any case (`filter`, `FILTER`, `Filter`). */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}

/** `start` as the portal reads it: absent/garbage → 0, -1 means "no count". */
export function readStart(params: Params): number {
  const raw = param(params, 'start');
  const n = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? '0'), 10);
  if (!Number.isFinite(n)) return 0;
  return n < 0 ? -1 : n;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
