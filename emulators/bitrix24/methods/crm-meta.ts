import { ApiError } from '../errors';
import { formatDateTime } from '../format';
import type { Currency, StageHistoryRow } from '../model';
import { isPlainObject, param, readStart } from '../params';
import { compileFilter, compileOrder, type FieldAccess, FilterError, matches } from '../query';
import { type Handler, listResult, PAGE_SIZE } from './types';

/** Pipelines, stages, currencies and stage history: the reference data a sync reads before deals. */

const categoryList: Handler = (ctx) => {
  const type = Number.parseInt(String(param(ctx.params, 'entityTypeId') ?? ''), 10);
  if (type !== 2) throw new ApiError(400, 'NOT_FOUND', 'SPA not found');
  const sorted = [...ctx.portal.categories].sort((a, b) => a.sort - b.sort || a.id - b.id);
  const categories = sorted.map((c) => {
    const row: Record<string, unknown> = {
      id: c.id,
      name: c.name,
      sort: c.sort,
      entityTypeId: 2,
      isDefault: c.isDefault ? 'Y' : 'N',
    };
    if (!c.isDefault) Object.assign(row, { originId: '', originatorId: '' });
    return row;
  });
  return { result: { categories }, total: categories.length };
};

/** Deprecated crm.dealcategory.list: legacy string rows, without the default pipeline 0 (research §4 ⚠️). */
const dealCategoryList: Handler = (ctx) => {
  const rows = ctx.portal.categories
    .filter((c) => c.id !== 0)
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((c) => ({
      ID: String(c.id),
      CREATED_DATE: formatDateTime(ctx.portal.now() - 400 * 86_400_000),
      NAME: c.name,
      IS_LOCKED: 'N',
      SORT: String(c.sort),
    }));
  return { result: rows, total: rows.length };
};

/** crm.status.list: deal stages per pipeline (ENTITY_ID DEAL_STAGE / DEAL_STAGE_{N}), deal types and sources. */
const statusList: Handler = (ctx) => {
  const filter = param(ctx.params, 'filter');
  const f: Record<string, unknown> = isPlainObject(filter) ? filter : {};
  const entity = f.ENTITY_ID === undefined ? undefined : String(f.ENTITY_ID);
  const rows: Record<string, unknown>[] = [];
  for (const s of ctx.portal.stages) {
    const entityId = s.categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${s.categoryId}`;
    if (entity !== undefined && entity !== entityId) continue;
    if (f.STATUS_ID !== undefined && String(f.STATUS_ID) !== s.statusId) continue;
    if (f.CATEGORY_ID !== undefined && Number(f.CATEGORY_ID) !== s.categoryId) continue;
    rows.push({
      ID: String(s.id),
      ENTITY_ID: entityId,
      STATUS_ID: s.statusId,
      NAME: s.name,
      NAME_INIT: s.system ? s.name : '',
      SORT: String(s.sort),
      SYSTEM: s.system ? 'Y' : 'N',
      CATEGORY_ID: s.categoryId === 0 ? null : String(s.categoryId),
      COLOR: s.color,
      SEMANTICS: s.semantic === 'P' ? null : s.semantic,
      EXTRA: { SEMANTICS: s.extra, COLOR: s.color },
    });
  }
  if (entity === undefined || entity === 'SOURCE' || entity === 'DEAL_TYPE') {
    const extra: [string, string, string][] = [
      ['DEAL_TYPE', 'SALE', 'Продажа'],
      ['DEAL_TYPE', 'COMPLEX', 'Комплексная продажа'],
      ['DEAL_TYPE', 'GOODS', 'Продажа товара'],
      ['DEAL_TYPE', 'SERVICES', 'Продажа услуги'],
      ['DEAL_TYPE', 'SERVICE', 'Сервисное обслуживание'],
      ['SOURCE', 'CALL', 'Звонок'],
      ['SOURCE', 'WEB', 'Веб-сайт'],
      ['SOURCE', 'EMAIL', 'Электронная почта'],
      ['SOURCE', 'ADVERTISING', 'Реклама'],
      ['SOURCE', 'PARTNER', 'Существующий клиент'],
      ['SOURCE', 'RECOMMENDATION', 'По рекомендации'],
      ['SOURCE', 'REPEAT_SALE', 'Повторная продажа'],
    ];
    let id = 1001;
    for (const [entityId, statusId, name] of extra) {
      id += 2;
      if (entity !== undefined && entity !== entityId) continue;
      rows.push({
        ID: String(id),
        ENTITY_ID: entityId,
        STATUS_ID: statusId,
        NAME: name,
        NAME_INIT: name,
        SORT: String(((id - 1001) / 2) * 10),
        SYSTEM: 'Y',
        CATEGORY_ID: null,
        COLOR: null,
        SEMANTICS: null,
      });
    }
  }
  return { result: rows, total: rows.length };
};

const currencyRow = (c: Currency) => ({
  CURRENCY: c.code,
  AMOUNT_CNT: String(c.amountCnt),
  AMOUNT: c.amount,
  SORT: String(c.sort),
  BASE: c.base ? 'Y' : 'N',
  FULL_NAME: c.fullName,
  LID: 'ru',
  FORMAT_STRING: c.formatString,
  DEC_POINT: c.decPoint,
  THOUSANDS_SEP: c.thousandsSep,
  DECIMALS: String(c.decimals),
  DATE_UPDATE: formatDateTime(c.dateUpdate),
});

const currencyList: Handler = (ctx) => ({ result: ctx.portal.currencies.map(currencyRow), total: 0 });

const currencyGet: Handler = (ctx) => {
  const id = String(param(ctx.params, 'id') ?? '');
  const c = ctx.portal.currencies.find((x) => x.code === id.toUpperCase());
  if (!c) throw new ApiError(400, 'ERROR_NOT_FOUND', 'Currency is not found.');
  return { result: currencyRow(c) };
};

const currencyBaseGet: Handler = (ctx) => ({ result: ctx.portal.currencies.find((c) => c.base)?.code ?? 'RUB' });

const HISTORY_FIELDS: Record<string, FieldAccess<StageHistoryRow>> = {
  ID: { kind: 'int', get: (h) => h.id },
  TYPE_ID: { kind: 'int', get: (h) => h.typeId },
  OWNER_ID: { kind: 'int', get: (h) => h.ownerId },
  CREATED_TIME: { kind: 'date', get: (h) => h.createdTime },
  CATEGORY_ID: { kind: 'int', get: (h) => h.categoryId },
  STAGE_SEMANTIC_ID: { kind: 'string', get: (h) => h.semantic },
  STAGE_ID: { kind: 'string', get: (h) => h.stageId },
};
const historyField = (name: string) => HISTORY_FIELDS[name.toUpperCase()];

const renderHistory = (h: StageHistoryRow, select: Set<string> | null): Record<string, unknown> => {
  const row: Record<string, unknown> = {
    ID: h.id,
    TYPE_ID: h.typeId,
    OWNER_ID: h.ownerId,
    CREATED_TIME: formatDateTime(h.createdTime),
    CATEGORY_ID: h.categoryId,
    STAGE_SEMANTIC_ID: h.semantic,
    STAGE_ID: h.stageId,
  };
  if (!select) return row;
  return Object.fromEntries(Object.entries(row).filter(([k]) => select.has(k)));
};

/** crm.stagehistory.list (entityTypeId 2): typed JSON, `{items}`; OWNER_ID filters use the per-deal index. */
const stageHistoryList: Handler = (ctx) => {
  const { params, portal } = ctx;
  const type = Number.parseInt(String(param(params, 'entityTypeId') ?? ''), 10);
  if (type !== 2) {
    if (type === 1 || type === 5 || type === 31) return listResult({ items: [] }, 0, readStart(params), 0);
    throw new ApiError(
      400,
      'ENTITY_TYPE_NOT_SUPPORTED',
      `Entity type ${String(param(params, 'entityTypeId'))} is not supported`,
    );
  }
  const filter = param(params, 'filter');
  let conditions: ReturnType<typeof compileFilter<StageHistoryRow>>;
  try {
    conditions = compileFilter(filter, historyField, { strict: true });
  } catch (e) {
    if (e instanceof FilterError)
      throw new ApiError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${e.field}' is not allowed in filter`);
    throw e;
  }
  const order = compileOrder(param(params, 'order'), historyField, (h) => h.id);
  const start = readStart(params);
  const rawSelect = param(params, 'select');
  const select =
    Array.isArray(rawSelect) && rawSelect.length > 0 && !rawSelect.includes('*')
      ? new Set(['ID', ...rawSelect.map((s) => String(s).toUpperCase())])
      : null;
  const owner = conditions.find((c) => c.field.toUpperCase() === 'OWNER_ID' && (c.op === '=' || c.op === '@'));
  let rows: StageHistoryRow[];
  let total: number | undefined;
  if (owner) {
    // Small candidate set: the deal(s)' own history rows.
    const candidates = owner.values.flatMap((v) => portal.historyFor(Number(v)));
    const matching = candidates.filter((h) => matches(h, conditions));
    matching.sort(order.isIdAsc ? (a, b) => a.id - b.id : order.comparator);
    if (order.isIdDesc) matching.reverse();
    const skip = Math.max(0, start);
    rows = matching.slice(skip, skip + PAGE_SIZE);
    total = start < 0 ? undefined : matching.length;
  } else {
    const page = portal.stageHistory.page(conditions, {
      start,
      limit: PAGE_SIZE,
      ...(order.isIdAsc ? {} : order.isIdDesc ? { idDesc: true } : { comparator: order.comparator }),
    });
    rows = page.rows;
    total = page.total;
  }
  return listResult({ items: rows.map((h) => renderHistory(h, select)) }, rows.length, start, total);
};

export const crmMetaMethods: Record<string, Handler> = {
  'crm.category.list': categoryList,
  'crm.dealcategory.list': dealCategoryList,
  'crm.status.list': statusList,
  'crm.currency.list': currencyList,
  'crm.currency.get': currencyGet,
  'crm.currency.base.get': currencyBaseGet,
  'crm.stagehistory.list': stageHistoryList,
};
