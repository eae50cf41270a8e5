import { parseDateValue } from './format';
import { isPlainObject } from './params';

/**
 * Bitrix24 list filters (`{'>ID': 5, '@STAGE_ID': ['WON'], '>=DATE_MODIFY': '2026-01-01'}`) compiled into
 * predicates over a typed field table. Prefixes per research §4.
 */
export type FieldKind = 'int' | 'money' | 'date' | 'string' | 'flag';

export interface FieldAccess<T> {
  kind: FieldKind;
  /** Comparable value: ints, kopecks, unix ms, strings; flags as 'Y'/'N'; null when empty. */
  get(row: T): number | string | null;
  /** Name of a Table secondary index serving `>`/`>=` on this field (crm.item's `updatedTime` → DATE_MODIFY). */
  index?: string;
}

export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '@' | '!@' | '%' | '!%';

export interface Condition<T> {
  field: string;
  op: Op;
  access: FieldAccess<T>;
  values: (number | string | null)[];
}

const PREFIXES: [string, Op][] = [
  ['>=', '>='],
  ['<=', '<='],
  ['!=%', '!%'],
  ['!%=', '!%'],
  ['=%', '%'],
  ['%=', '%'],
  ['!@', '!@'],
  ['!%', '!%'],
  ['!=', '!='],
  ['>', '>'],
  ['<', '<'],
  ['@', '@'],
  ['%', '%'],
  ['!', '!='],
  ['=', '='],
];

export class FilterError extends Error {
  constructor(readonly field: string) {
    super(`field '${field}' is not allowed in filter`);
  }
}

/** Splits `'>=DATE_MODIFY'` into op and field name. */
export function splitFilterKey(key: string): { op: Op; field: string } {
  for (const [prefix, op] of PREFIXES) if (key.startsWith(prefix)) return { op, field: key.slice(prefix.length) };
  return { op: '=', field: key };
}

export function compileFilter<T>(
  filter: unknown,
  fields: (name: string) => FieldAccess<T> | undefined,
  options: { strict: boolean },
): Condition<T>[] {
  if (!isPlainObject(filter)) return [];
  const out: Condition<T>[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    const { op, field } = splitFilterKey(key);
    const access = fields(field);
    if (!access) {
      // Legacy methods silently ignore unknown fields; crm.item.* refuse them.
      if (options.strict) throw new FilterError(field);
      continue;
    }
    const list = Array.isArray(raw) ? raw : isPlainObject(raw) ? Object.values(raw) : [raw];
    const values = list.map((v) => normalize(access.kind, v));
    // An array value on a plain key means IN, as in Bitrix.
    const effective: Op = Array.isArray(raw) || isPlainObject(raw) ? (op === '=' ? '@' : op === '!=' ? '!@' : op) : op;
    out.push({ field, op: effective, access, values });
  }
  return out;
}

function normalize(kind: FieldKind, v: unknown): number | string | null {
  if (v === null || v === undefined || v === '' || v === false) return kind === 'flag' && v === false ? 'N' : null;
  if (v === true) return 'Y';
  switch (kind) {
    case 'int':
      return Number.parseInt(String(v), 10);
    case 'money':
      return Math.round(Number.parseFloat(String(v)) * 100);
    case 'date': {
      const ms = parseDateValue(String(v));
      return Number.isNaN(ms) ? ms : seconds(ms);
    }
    default:
      return String(v);
  }
}

/** Datetimes are stored by the portal with one-second resolution: compare them that way. */
const seconds = (v: number) => Math.floor(v / 1000) * 1000;

function comparable<T>(access: FieldAccess<T>, row: T): number | string | null {
  const v = access.get(row);
  return access.kind === 'date' && typeof v === 'number' ? seconds(v) : v;
}

export function matches<T>(row: T, conditions: Condition<T>[]): boolean {
  for (const c of conditions) if (!test(comparable(c.access, row), c)) return false;
  return true;
}

function test<T>(value: number | string | null, c: Condition<T>): boolean {
  const first = c.values[0] ?? null;
  switch (c.op) {
    case '=':
      return first === null ? value === null : value === first;
    case '!=':
      return first === null ? value !== null : value !== first;
    case '@':
      return c.values.includes(value);
    case '!@':
      return !c.values.includes(value);
    case '>':
      return value !== null && first !== null && value > first;
    case '>=':
      return value !== null && first !== null && value >= first;
    case '<':
      return value !== null && first !== null && value < first;
    case '<=':
      return value !== null && first !== null && value <= first;
    case '%':
      return (
        value !== null &&
        String(value)
          .toLowerCase()
          .includes(String(first ?? '').toLowerCase())
      );
    case '!%':
      return (
        value === null ||
        !String(value)
          .toLowerCase()
          .includes(String(first ?? '').toLowerCase())
      );
  }
}

/** `order: {DATE_MODIFY: 'DESC', ID: 'ASC'}` → comparator; ID ASC is the final tie-break. */
export function compileOrder<T>(
  order: unknown,
  fields: (name: string) => FieldAccess<T> | undefined,
  idOf: (row: T) => number,
): { comparator: (a: T, b: T) => number; isIdAsc: boolean; isIdDesc: boolean } {
  const keys: { access: FieldAccess<T>; dir: number }[] = [];
  let firstField = '';
  if (isPlainObject(order)) {
    for (const [name, dirRaw] of Object.entries(order)) {
      const access = fields(name);
      if (!access) continue;
      if (!firstField) firstField = name.toUpperCase();
      keys.push({ access, dir: String(dirRaw).toUpperCase() === 'DESC' ? -1 : 1 });
    }
  }
  const first = keys[0];
  const isIdOnly = keys.length === 0 || (firstField === 'ID' && keys.length === 1);
  return {
    comparator: (a, b) => {
      for (const k of keys) {
        const va = comparable(k.access, a);
        const vb = comparable(k.access, b);
        if (va === vb) continue;
        if (va === null) return -k.dir;
        if (vb === null) return k.dir;
        return va < vb ? -k.dir : k.dir;
      }
      return idOf(a) - idOf(b);
    },
    isIdAsc: isIdOnly && (first === undefined || first.dir === 1),
    isIdDesc: isIdOnly && first !== undefined && first.dir === -1,
  };
}

/** Binary search: first index in ascending `ids` whose value is > `id` (or >= when `inclusive`). */
export function lowerBound(ids: number[], id: number, inclusive: boolean): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (inclusive ? v < id : v <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
