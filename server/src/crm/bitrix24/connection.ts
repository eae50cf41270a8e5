import type {
  CrmConnection,
  CrmCurrency,
  CrmCursor,
  CrmDeal,
  CrmDepartment,
  CrmPipeline,
  CrmStage,
  CrmUser,
  DealLookup,
  DealPage,
  IdPage,
} from '../../ports/crm';
import type { Bitrix24Client, Params } from './client';
import { DEAL_SELECT, toCurrency, toDeal, toDepartment, toPipeline, toStage, toUser } from './mapping';
import type { PacerSnapshot } from './pacer';

const PAGE = 50;
const MAX_COMMANDS = 50;

type Row = Record<string, unknown>;

/** Cursor of a `>ID` scan: the last id read, and how many chained list calls to put in the next batch. */
interface ScanCursor {
  lastId: number;
  width: number;
  /** Highest deal id when the scan began (full scans): sizes the chain so no call runs past the end. */
  maxId?: number;
}

function readCursor(c: CrmCursor | null, width: number): ScanCursor {
  if (!c) return { lastId: 0, width };
  const cursor: ScanCursor = { lastId: Number(c.lastId ?? 0), width: Number(c.width ?? width) };
  if (typeof c.maxId === 'number') cursor.maxId = c.maxId;
  return cursor;
}

/**
 * A Bitrix24 portal as the CRM port sees it. Lists of deals use the fast pattern of research §3 / perf §1.3:
 * `order ID ASC`, `filter >ID`, `start=-1` (no COUNT), up to 50 such calls chained inside one `batch` through
 * `$result[prev][49][ID]`, so one HTTP request reads up to 2,500 deals.
 */
export class Bitrix24Connection implements CrmConnection {
  readonly kind = 'bitrix24' as const;

  constructor(
    readonly portalId: string,
    readonly client: Bitrix24Client,
  ) {}

  stats() {
    return this.client.stats();
  }

  limiterState(): unknown {
    return this.client.pacer.snapshot();
  }

  setLimiterListener(listener: ((state: unknown) => Promise<void>) | null): void {
    this.client.beforeSend = listener ? () => listener(this.client.pacer.snapshot()) : null;
  }

  restoreLimiterState(state: unknown): void {
    const s = state as PacerSnapshot | null;
    if (s && typeof s.bucketLevel === 'number' && typeof s.atMs === 'number' && s.operating)
      this.client.pacer.restore(s);
  }

  async listUsers(): Promise<CrmUser[]> {
    const rows = await this.scanSimple('user.get', (lastId) => ({
      FILTER: { '>ID': lastId },
      sort: 'ID',
      order: 'ASC',
    }));
    return rows.filter((r) => r.USER_TYPE === undefined || r.USER_TYPE === 'employee').map(toUser);
  }

  async listDepartments(): Promise<CrmDepartment[]> {
    const out: Row[] = [];
    for (let start = 0; ; start += PAGE) {
      const { result } = await this.client.call<Row[]>('department.get', { sort: 'ID', order: 'ASC', START: start });
      out.push(...(result ?? []));
      if ((result ?? []).length < PAGE) break;
    }
    return out.map(toDepartment);
  }

  async listPipelines(): Promise<{ pipelines: CrmPipeline[]; stages: CrmStage[] }> {
    const { result } = await this.client.call<{ categories: Row[] }>('crm.category.list', { entityTypeId: 2 });
    const pipelines = (result?.categories ?? []).map(toPipeline);
    if (!pipelines.some((p) => p.id === '0')) pipelines.push({ id: '0', name: 'Общая', sort: 0, isDefault: true });
    const commands: Record<string, { method: string; params: Params }> = {};
    for (const p of pipelines) {
      commands[`s${p.id}`] = {
        method: 'crm.status.list',
        params: { order: { SORT: 'ASC' }, filter: { ENTITY_ID: p.id === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${p.id}` } },
      };
    }
    const stages: CrmStage[] = [];
    for (const chunk of chunkEntries(commands, MAX_COMMANDS)) {
      const answer = await this.client.batch(chunk);
      for (const [key, e] of Object.entries(answer.errors))
        throw new Error(`crm.status.list ${key}: ${e.error_description}`);
      for (const [key, rows] of Object.entries(answer.result)) {
        for (const r of (rows as Row[]) ?? []) stages.push(toStage(r, key.slice(1)));
      }
    }
    return { pipelines, stages };
  }

  async listCurrencies(): Promise<CrmCurrency[]> {
    const { result } = await this.client.call<Row[]>('crm.currency.list', {});
    return (result ?? []).map(toCurrency);
  }

  async readDeals(from: CrmCursor | null, options: { maxRows?: number } = {}): Promise<DealPage> {
    return this.scanDeals({}, await this.sized(readCursor(from, MAX_COMMANDS)), options.maxRows);
  }

  /**
   * Full scans learn the highest id once (one list call, newest first) and chain only as many pages as can exist:
   * a chained call past the end would still cost operating time.
   */
  private async sized(cursor: ScanCursor): Promise<ScanCursor> {
    if (cursor.maxId === undefined) {
      const { result } = await this.client.call<Row[]>('crm.deal.list', {
        order: { ID: 'DESC' },
        select: ['ID'],
        start: -1,
      });
      cursor.maxId = Number(result?.[0]?.ID ?? 0);
    }
    const pagesLeft = Math.ceil((cursor.maxId - cursor.lastId) / PAGE);
    return { ...cursor, width: Math.max(1, Math.min(MAX_COMMANDS, pagesLeft)) };
  }

  readDealsModifiedSince(since: string, from: CrmCursor | null, options: { maxRows?: number } = {}): Promise<DealPage> {
    // Unknown size: start with one list call and widen while pages come back full.
    return this.scanDeals({ '>=DATE_MODIFY': since }, readCursor(from, 1), options.maxRows);
  }

  async getDeals(ids: string[]): Promise<DealLookup> {
    const wanted = [...new Set(ids)];
    const found: CrmDeal[] = [];
    for (let i = 0; i < wanted.length; i += PAGE * MAX_COMMANDS) {
      const part = wanted.slice(i, i + PAGE * MAX_COMMANDS);
      const commands: Record<string, { method: string; params: Params }> = {};
      for (let k = 0; k * PAGE < part.length; k++) {
        commands[`g${k}`] = {
          method: 'crm.deal.list',
          params: { filter: { '@ID': part.slice(k * PAGE, (k + 1) * PAGE) }, select: DEAL_SELECT, start: -1 },
        };
      }
      const answer = await this.batchWithRetry(commands);
      for (const rows of Object.values(answer)) found.push(...(rows as Row[]).map(toDeal));
    }
    const seen = new Set(found.map((d) => d.id));
    return { found, missing: wanted.filter((id) => !seen.has(id)) };
  }

  async listDealIds(from: CrmCursor | null): Promise<IdPage> {
    const page = await this.scanRows({}, ['ID'], await this.sized(readCursor(from, MAX_COMMANDS)));
    return { ids: page.rows.map((r) => String(r.ID)), next: page.next };
  }

  private async scanDeals(filter: Params, cursor: ScanCursor, maxRows?: number): Promise<DealPage> {
    const page = await this.scanRows(filter, DEAL_SELECT, cursor, maxRows);
    return { deals: page.rows.map(toDeal), next: page.next };
  }

  /**
   * One batch of chained `>ID` list calls. Stops at the first short page (the scan is done) or the first refused
   * call (the rest would chain from nothing); pages before it are kept, so no call is wasted or re-read.
   */
  private async scanRows(
    filter: Params,
    select: string[],
    cursor: ScanCursor,
    maxRows?: number,
  ): Promise<{ rows: Row[]; next: CrmCursor | null }> {
    const cap = Math.max(1, Math.ceil((maxRows ?? PAGE * MAX_COMMANDS) / PAGE));
    for (let attempt = 1; ; attempt++) {
      // Full batches even when the budget is nearly spent: the pacer waits until all of them fit, so the bucket
      // (2 requests/s) never becomes the bottleneck of a budget-bound scan.
      const width = Math.max(1, Math.min(cursor.width, cap, MAX_COMMANDS, this.client.pacer.capacity('crm.deal.list')));
      const commands: Record<string, { method: string; params: Params }> = {};
      for (let k = 0; k < width; k++) {
        commands[`p${k}`] = {
          method: 'crm.deal.list',
          params: {
            order: { ID: 'ASC' },
            filter: { ...filter, '>ID': k === 0 ? cursor.lastId : `$result[p${k - 1}][${PAGE - 1}][ID]` },
            select,
            start: -1,
          },
        };
      }
      const answer = await this.client.batch(commands, true);
      const rows: Row[] = [];
      let lastId = cursor.lastId;
      let done = false;
      let refused = false;
      for (let k = 0; k < width; k++) {
        const key = `p${k}`;
        if (!(key in answer.result)) {
          refused = key in answer.errors;
          break;
        }
        const pageRows = (answer.result[key] as Row[]) ?? [];
        // Guard the chain: every page must continue strictly after the previous one.
        if (pageRows.length && Number(pageRows[0]?.ID) <= lastId) break;
        rows.push(...pageRows);
        if (pageRows.length) lastId = Number(pageRows[pageRows.length - 1]?.ID);
        if (pageRows.length < PAGE) {
          done = true;
          break;
        }
      }
      if (rows.length === 0 && refused && !done) {
        const first = Object.values(answer.errors)[0];
        if (attempt >= 5) throw new Error(`crm.deal.list refused: ${first?.error} ${first?.error_description}`);
        continue; // the pacer has booked the refusal and waits before the next attempt
      }
      if (done) return { rows, next: null };
      const full = !refused && rows.length === width * PAGE;
      const nextWidth = full ? Math.min(MAX_COMMANDS, cursor.width * 2) : Math.max(1, cursor.width);
      const next: Record<string, number> = { lastId, width: nextWidth };
      if (cursor.maxId !== undefined) next.maxId = cursor.maxId;
      return { rows, next };
    }
  }

  /** A `>ID` scan of a small list (users) with plain calls. */
  private async scanSimple(method: string, params: (lastId: number) => Params): Promise<Row[]> {
    const out: Row[] = [];
    let lastId = 0;
    for (;;) {
      const { result } = await this.client.call<Row[]>(method, { ...params(lastId), start: -1 });
      const rows = result ?? [];
      out.push(...rows);
      if (rows.length < PAGE) return out;
      lastId = Number(rows[rows.length - 1]?.ID);
    }
  }

  private async batchWithRetry(
    commands: Record<string, { method: string; params: Params }>,
  ): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    let pending = commands;
    for (let attempt = 1; Object.keys(pending).length; attempt++) {
      const answer = await this.client.batch(pending);
      Object.assign(results, answer.result);
      const failed = Object.fromEntries(Object.entries(pending).filter(([k]) => !(k in answer.result)));
      if (Object.keys(failed).length && attempt >= 5) {
        const e = Object.values(answer.errors)[0];
        throw new Error(`batch refused: ${e?.error} ${e?.error_description}`);
      }
      pending = failed;
    }
    return results;
  }
}

function chunkEntries<T>(obj: Record<string, T>, size: number): Record<string, T>[] {
  const entries = Object.entries(obj);
  const out: Record<string, T>[] = [];
  for (let i = 0; i < entries.length; i += size) out.push(Object.fromEntries(entries.slice(i, i + size)));
  return out;
}
