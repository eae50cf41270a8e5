import { ApiError, Errors } from '../errors';
import type { Deal } from '../model';
import { addDeal, changeDeal, deleteDeal } from '../mutations';
import { isPlainObject, param, readStart } from '../params';
import { compileFilter, compileOrder, FilterError } from '../query';
import type { DealChange } from '../types';
import { dealFieldsDescription, itemField, legacyField, renderItemDeal, renderLegacyDeal } from './deal-fields';
import { applySelect } from './render';
import { type CallContext, type Handler, listResult, type MethodResult, PAGE_SIZE } from './types';

function readFilter(raw: unknown, legacy: boolean): unknown {
  if (raw === undefined || raw === null || raw === '') return {};
  if (!isPlainObject(raw)) {
    if (legacy) throw Errors.legacy("Parameter 'filter' must be array.");
    throw new ApiError(400, 'INVALID_ARG_VALUE', 'Invalid filter');
  }
  return raw;
}

function readId(params: Record<string, unknown>): number {
  const raw = param(params, 'id');
  const id = Number.parseInt(String(raw ?? ''), 10);
  return Number.isFinite(id) && id > 0 ? id : 0;
}

function listDeals(ctx: CallContext, legacy: boolean): { rows: Deal[]; start: number; total: number | undefined } {
  const { params, portal } = ctx;
  const fields = legacy ? legacyField : itemField;
  const filter = readFilter(param(params, 'filter'), legacy);
  let conditions: ReturnType<typeof compileFilter<Deal>>;
  try {
    conditions = compileFilter(filter, fields, { strict: !legacy });
  } catch (e) {
    if (e instanceof FilterError)
      throw new ApiError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${e.field}' is not allowed in filter`);
    throw e;
  }
  const order = compileOrder(param(params, 'order'), fields, (d) => d.id);
  const start = readStart(params);
  const page = portal.deals.page(conditions, {
    start,
    limit: PAGE_SIZE,
    ...(order.isIdAsc ? {} : order.isIdDesc ? { idDesc: true } : { comparator: order.comparator }),
  });
  return { rows: page.rows, start, total: page.total };
}

const dealList: Handler = (ctx) => {
  const { rows, start, total } = listDeals(ctx, true);
  const select = param(ctx.params, 'select');
  const result = rows.map((d) => applySelect(renderLegacyDeal(d), select, { star: () => true }));
  return listResult(result, rows.length, start, total);
};

const dealGet: Handler = (ctx) => {
  const id = readId(ctx.params);
  if (!id) throw Errors.legacy('ID is not defined or invalid.');
  const deal = ctx.portal.deals.get(id);
  if (!deal) throw Errors.legacy('Not found');
  return { result: renderLegacyDeal(deal) };
};

const dealFields: Handler = () => ({ result: dealFieldsDescription() });

function requireDealType(ctx: CallContext): void {
  const raw = param(ctx.params, 'entityTypeId');
  const type = Number.parseInt(String(raw ?? ''), 10);
  if (type !== 2) throw new ApiError(400, 'NOT_FOUND', 'SPA not found');
}

function selectItem(row: Record<string, unknown>, select: unknown): Record<string, unknown> {
  const list = Array.isArray(select) ? select.map(String) : [];
  if (list.length === 0 || list.includes('*')) return row;
  const wanted = new Set(list.map((s) => s.toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (wanted.has(k.toLowerCase()) || k === 'id') out[k] = v;
  return out;
}

const itemList: Handler = (ctx) => {
  requireDealType(ctx);
  const { rows, start, total } = listDeals(ctx, false);
  const original = String(param(ctx.params, 'useOriginalUfNames') ?? 'N').toUpperCase() === 'Y';
  const select = param(ctx.params, 'select');
  const items = rows.map((d) => selectItem(renderItemDeal(d, original), select));
  return listResult({ items }, rows.length, start, total);
};

const itemGet: Handler = (ctx): MethodResult => {
  requireDealType(ctx);
  const deal = ctx.portal.deals.get(readId(ctx.params));
  if (!deal) throw new ApiError(400, 'NOT_FOUND', 'Element not found');
  const original = String(param(ctx.params, 'useOriginalUfNames') ?? 'N').toUpperCase() === 'Y';
  return { result: { item: renderItemDeal(deal, original) } };
};

/** Legacy `fields` → a DealChange (the fields a sales process edits). */
function readFields(ctx: CallContext): DealChange {
  const raw = param(ctx.params, 'fields');
  if (!isPlainObject(raw)) throw Errors.legacy("Parameter 'fields' must be array.");
  const f = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toUpperCase(), v]));
  const change: DealChange = {};
  if (f.TITLE !== undefined) change.title = String(f.TITLE);
  if (f.STAGE_ID !== undefined) change.stageId = String(f.STAGE_ID);
  if (f.OPPORTUNITY !== undefined) change.opportunity = String(f.OPPORTUNITY);
  if (f.CURRENCY_ID !== undefined) change.currencyId = String(f.CURRENCY_ID);
  if (f.ASSIGNED_BY_ID !== undefined) change.assignedById = Number(f.ASSIGNED_BY_ID);
  if (f.CATEGORY_ID !== undefined) change.categoryId = Number(f.CATEGORY_ID);
  return change;
}

function asLegacyError(e: unknown): never {
  if (e instanceof ApiError) throw e;
  throw Errors.legacy(e instanceof Error ? e.message : String(e));
}

const dealAdd: Handler = (ctx) => {
  const change = readFields(ctx);
  try {
    const deal = addDeal(ctx.portal, {
      ...change,
      title: change.title ?? 'Сделка',
      assignedById: change.assignedById ?? ctx.auth.userId,
    });
    return { result: deal.id };
  } catch (e) {
    asLegacyError(e);
  }
};

const dealUpdate: Handler = (ctx) => {
  const id = readId(ctx.params);
  if (!id) throw Errors.legacy('ID is not defined or invalid.');
  if (!ctx.portal.deals.get(id)) throw Errors.legacy('Not found');
  const change = readFields(ctx);
  if (change.categoryId !== undefined) delete change.categoryId; // CATEGORY_ID is immutable on update
  try {
    changeDeal(ctx.portal, id, change, ctx.auth.userId);
  } catch (e) {
    asLegacyError(e);
  }
  return { result: true };
};

const dealDelete: Handler = (ctx) => {
  const id = readId(ctx.params);
  if (!id) throw Errors.legacy('ID is not defined or invalid.');
  if (!ctx.portal.deals.get(id)) throw Errors.legacy('Not found');
  deleteDeal(ctx.portal, id);
  return { result: true };
};

export const dealMethods: Record<string, Handler> = {
  'crm.deal.add': dealAdd,
  'crm.deal.update': dealUpdate,
  'crm.deal.delete': dealDelete,
  'crm.deal.list': dealList,
  'crm.deal.get': dealGet,
  'crm.deal.fields': dealFields,
  'crm.item.list': itemList,
  'crm.item.get': itemGet,
};
