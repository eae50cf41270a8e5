import { type Condition, lowerBound, matches } from './query';

/**
 * Rows kept in ID order with an ID map, so `>ID` paging is a binary search plus one page of work (the sync bench
 * reads 100,000 deals page by page). Optional secondary indexes on numeric fields (DATE_MODIFY) serve
 * "modified since" filters without a full scan.
 */
export class Table<T extends { id: number }> {
  private readonly ids: number[] = [];
  private readonly byId = new Map<number, T>();
  private readonly indexes = new Map<string, SecondaryIndex<T>>();

  constructor(indexes: Record<string, (row: T) => number> = {}) {
    for (const [field, get] of Object.entries(indexes)) this.indexes.set(field, new SecondaryIndex(get));
  }

  get size(): number {
    return this.ids.length;
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** All rows in ID order (a copy of the order, rows themselves are live). */
  all(): T[] {
    return this.ids.map((id) => this.byId.get(id)!);
  }

  maxId(): number {
    return this.ids[this.ids.length - 1] ?? 0;
  }

  /** Bulk load for seeding: rows must come in ascending ID order and the table must be empty. */
  load(rows: T[]): void {
    if (this.ids.length > 0) throw new Error('load() needs an empty table');
    for (const row of rows) {
      this.ids.push(row.id);
      this.byId.set(row.id, row);
    }
    for (const index of this.indexes.values()) index.rebuild(rows);
  }

  insert(row: T): void {
    if (this.byId.has(row.id)) throw new Error(`duplicate id ${row.id}`);
    const last = this.ids[this.ids.length - 1];
    if (last === undefined || row.id > last) this.ids.push(row.id);
    else this.ids.splice(lowerBound(this.ids, row.id, true), 0, row.id);
    this.byId.set(row.id, row);
    for (const index of this.indexes.values()) index.add(row);
  }

  /** Applies `change` to the row, keeping secondary indexes right. */
  update(id: number, change: (row: T) => void): T | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    for (const index of this.indexes.values()) index.remove(row);
    change(row);
    for (const index of this.indexes.values()) index.add(row);
    return row;
  }

  delete(id: number): T | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    for (const index of this.indexes.values()) index.remove(row);
    this.byId.delete(id);
    this.ids.splice(lowerBound(this.ids, id, true), 1);
    return row;
  }

  /**
   * One page of a list call. Ordered by ID ascending unless `comparator` is given. `start` -1 means the fast
   * path without COUNT: no total. Returns the rows and, when counted, the total number of matches.
   */
  page(
    conditions: Condition<T>[],
    opts: { start: number; limit: number; comparator?: (a: T, b: T) => number; idDesc?: boolean },
  ): { rows: T[]; total: number | undefined; scanned: number } {
    const { start, limit } = opts;
    const count = start >= 0;
    const skip = Math.max(0, start);
    if (opts.comparator) {
      const { from, to, ids } = this.candidates(conditions);
      const all: T[] = [];
      for (let i = from; i < to; i++) {
        const row = this.byId.get(ids[i]!)!;
        if (matches(row, conditions)) all.push(row);
      }
      all.sort(opts.comparator);
      return { rows: all.slice(skip, skip + limit), total: count ? all.length : undefined, scanned: this.ids.length };
    }
    const { from, to, ids } = this.candidates(conditions);
    const rows: T[] = [];
    let matched = 0;
    let scanned = 0;
    const step = opts.idDesc ? -1 : 1;
    for (let i = opts.idDesc ? to - 1 : from; opts.idDesc ? i >= from : i < to; i += step) {
      const row = this.byId.get(ids[i]!)!;
      scanned++;
      if (!matches(row, conditions)) continue;
      matched++;
      if (matched > skip && rows.length < limit) rows.push(row);
      else if (rows.length >= limit && !count) break;
    }
    return { rows, total: count ? matched : undefined, scanned };
  }

  /** The slice of ids that can possibly match: bounds from ID conditions, or a secondary index when narrower. */
  private candidates(conditions: Condition<T>[]): { from: number; to: number; ids: number[] } {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    let exact: number[] | undefined;
    for (const c of conditions) {
      if (c.field.toUpperCase() !== 'ID') continue;
      const v = c.values[0];
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      if (c.op === '>') lo = Math.max(lo, v + 1);
      else if (c.op === '>=') lo = Math.max(lo, v);
      else if (c.op === '<') hi = Math.min(hi, v - 1);
      else if (c.op === '<=') hi = Math.min(hi, v);
      else if (c.op === '=') exact = [v];
      else if (c.op === '@') exact = c.values.filter((x): x is number => typeof x === 'number');
    }
    if (exact) {
      const ids = [...new Set(exact)].filter((id) => this.byId.has(id) && id >= lo && id <= hi).sort((a, b) => a - b);
      return { from: 0, to: ids.length, ids };
    }
    const from = lo === Number.NEGATIVE_INFINITY ? 0 : lowerBound(this.ids, lo, true);
    const to = hi === Number.POSITIVE_INFINITY ? this.ids.length : lowerBound(this.ids, hi, false);
    for (const c of conditions) {
      const index = this.indexes.get(c.access.index ?? c.field.toUpperCase());
      const v = c.values[0];
      if (!index || (c.op !== '>' && c.op !== '>=') || typeof v !== 'number' || Number.isNaN(v)) continue;
      const ids = index.idsFrom(v, c.op === '>=');
      if (ids.length * 4 < to - from) {
        const narrowed = ids.filter((id) => id >= lo && id <= hi).sort((a, b) => a - b);
        return { from: 0, to: narrowed.length, ids: narrowed };
      }
    }
    return { from, to, ids: this.ids };
  }
}

/** Sorted (value, id) pairs for one numeric field. */
class SecondaryIndex<T extends { id: number }> {
  private readonly values: number[] = [];
  private readonly ids: number[] = [];

  constructor(private readonly get: (row: T) => number) {}

  private position(v: number, id: number): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mv = this.values[mid]!;
      if (mv < v || (mv === v && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  rebuild(rows: T[]): void {
    const pairs = rows.map((r) => [this.get(r), r.id] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.values.length = 0;
    this.ids.length = 0;
    for (const [v, id] of pairs) {
      this.values.push(v);
      this.ids.push(id);
    }
  }

  add(row: T): void {
    const v = this.get(row);
    const at = this.position(v, row.id);
    if (at === this.values.length) {
      this.values.push(v);
      this.ids.push(row.id);
    } else {
      this.values.splice(at, 0, v);
      this.ids.splice(at, 0, row.id);
    }
  }

  remove(row: T): void {
    const at = this.position(this.get(row), row.id);
    if (this.ids[at] === row.id) {
      this.values.splice(at, 1);
      this.ids.splice(at, 1);
    }
  }

  /** Ids whose value is > v (>= when inclusive). */
  idsFrom(v: number, inclusive: boolean): number[] {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mv = this.values[mid]!;
      if (inclusive ? mv < v : mv <= v) lo = mid + 1;
      else hi = mid;
    }
    return this.ids.slice(lo);
  }
}
