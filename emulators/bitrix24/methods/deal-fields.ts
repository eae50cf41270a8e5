import type { Deal } from '../model';
import type { FieldAccess, FieldKind } from '../query';
import { dt, money, str, yn } from './render';

/**
 * One table for every deal field: its legacy name (crm.deal.*), its crm.item name, how filters compare it,
 * how each API renders it, and its crm.deal.fields description.
 */
interface DealField {
  legacy: string;
  item: string;
  kind: FieldKind;
  get: (d: Deal) => number | string | null;
  legacyValue: (d: Deal) => unknown;
  itemValue: (d: Deal) => unknown;
  type: string;
  title: string;
  readOnly?: boolean;
  required?: boolean;
  immutable?: boolean;
  statusType?: string;
  /** Extra keys of the crm.deal.fields entry (settings, isDeprecated). */
  meta?: Record<string, unknown>;
  /** Table index serving range filters on this field. */
  index?: string;
}

const intField = (
  legacy: string,
  item: string,
  get: (d: Deal) => number | null,
  title: string,
  type = 'integer',
): DealField => ({
  legacy,
  item,
  kind: 'int',
  get,
  legacyValue: (d) => str(get(d)),
  itemValue: (d) => get(d),
  type,
  title,
});
const flagField = (
  legacy: string,
  item: string,
  get: (d: Deal) => boolean,
  title: string,
  readOnly = false,
): DealField => ({
  legacy,
  item,
  kind: 'flag',
  get: (d) => yn(get(d)),
  legacyValue: (d) => yn(get(d)),
  itemValue: (d) => yn(get(d)),
  type: 'char',
  title,
  readOnly,
});
const dateField = (
  legacy: string,
  item: string,
  get: (d: Deal) => number | null,
  title: string,
  type = 'datetime',
  readOnly = true,
): DealField => ({
  legacy,
  item,
  kind: 'date',
  get,
  legacyValue: (d) => dt(get(d)),
  itemValue: (d) => dt(get(d)),
  type,
  title,
  readOnly,
});
const stringField = (
  legacy: string,
  item: string,
  get: (d: Deal) => string | null,
  title: string,
  type = 'string',
): DealField => ({
  legacy,
  item,
  kind: 'string',
  get,
  legacyValue: get,
  itemValue: get,
  type,
  title,
});

export const DEAL_FIELDS: DealField[] = [
  { ...intField('ID', 'id', (d) => d.id, 'ID'), readOnly: true },
  { ...stringField('TITLE', 'title', (d) => d.title, 'Название') },
  { ...stringField('TYPE_ID', 'typeId', (d) => d.typeId, 'Тип', 'crm_status'), statusType: 'DEAL_TYPE' },
  { ...stringField('STAGE_ID', 'stageId', (d) => d.stageId, 'Стадия сделки', 'crm_status'), statusType: 'DEAL_STAGE' },
  intField('PROBABILITY', 'probability', (d) => d.probability, 'Вероятность'),
  { ...stringField('CURRENCY_ID', 'currencyId', (d) => d.currencyId, 'Валюта', 'crm_currency') },
  {
    legacy: 'OPPORTUNITY',
    item: 'opportunity',
    kind: 'money',
    get: (d) => d.opportunity,
    legacyValue: (d) => money(d.opportunity),
    itemValue: (d) => d.opportunity / 100,
    type: 'double',
    title: 'Сумма',
  },
  flagField('IS_MANUAL_OPPORTUNITY', 'isManualOpportunity', (d) => d.isManualOpportunity, 'Сумма заполняется вручную'),
  {
    legacy: 'TAX_VALUE',
    item: 'taxValue',
    kind: 'money',
    get: (d) => d.taxValue,
    legacyValue: (d) => money(d.taxValue),
    itemValue: (d) => d.taxValue / 100,
    type: 'double',
    title: 'Ставка налога',
  },
  {
    ...intField('LEAD_ID', 'leadId', (d) => d.leadId, 'Лид', 'crm_lead'),
    readOnly: true,
    meta: { settings: { parentEntityTypeId: 1 } },
  },
  {
    ...intField('COMPANY_ID', 'companyId', (d) => d.companyId, 'Компания', 'crm_company'),
    meta: { settings: { parentEntityTypeId: 4 } },
  },
  {
    ...intField('CONTACT_ID', 'contactId', (d) => d.contactId, 'Контакт', 'crm_contact'),
    meta: { isDeprecated: true },
  },
  {
    ...intField('QUOTE_ID', 'quoteId', () => null, 'Предложение', 'crm_quote'),
    readOnly: true,
    meta: { settings: { parentEntityTypeId: 7 } },
  },
  dateField('BEGINDATE', 'begindate', (d) => d.beginDate, 'Дата начала', 'date', false),
  dateField('CLOSEDATE', 'closedate', (d) => d.closeDate, 'Предполагаемая дата закрытия', 'date', false),
  intField('ASSIGNED_BY_ID', 'assignedById', (d) => d.assignedById, 'Ответственный', 'user'),
  { ...intField('CREATED_BY_ID', 'createdBy', (d) => d.createdById, 'Кем создана', 'user'), readOnly: true },
  { ...intField('MODIFY_BY_ID', 'updatedBy', (d) => d.modifyById, 'Кем изменена', 'user'), readOnly: true },
  dateField('DATE_CREATE', 'createdTime', (d) => d.dateCreate, 'Дата создания'),
  { ...dateField('DATE_MODIFY', 'updatedTime', (d) => d.dateModify, 'Дата изменения'), index: 'DATE_MODIFY' },
  flagField('OPENED', 'opened', (d) => d.opened, 'Доступна для всех'),
  flagField('CLOSED', 'closed', (d) => d.closed, 'Сделка закрыта'),
  stringField('COMMENTS', 'comments', (d) => d.comments, 'Комментарий'),
  stringField('ADDITIONAL_INFO', 'additionalInfo', () => null, 'Дополнительная информация'),
  intField('LOCATION_ID', 'locationId', () => null, 'Местоположение', 'location'),
  { ...intField('CATEGORY_ID', 'categoryId', (d) => d.categoryId, 'Воронка', 'crm_category'), immutable: true },
  {
    ...stringField('STAGE_SEMANTIC_ID', 'stageSemanticId', (d) => d.stageSemanticId, 'Группа стадии'),
    readOnly: true,
  },
  flagField('IS_NEW', 'isNew', (d) => d.isNew, 'Новая сделка', true),
  flagField('IS_RECURRING', 'isRecurring', () => false, 'Регулярная сделка'),
  flagField('IS_RETURN_CUSTOMER', 'isReturnCustomer', (d) => d.isReturnCustomer, 'Повторная сделка', true),
  flagField('IS_REPEATED_APPROACH', 'isRepeatedApproach', (d) => d.isRepeatedApproach, 'Повторное обращение', true),
  { ...stringField('SOURCE_ID', 'sourceId', (d) => d.sourceId, 'Источник', 'crm_status'), statusType: 'SOURCE' },
  stringField('SOURCE_DESCRIPTION', 'sourceDescription', () => null, 'Дополнительно об источнике'),
  stringField('ORIGINATOR_ID', 'originatorId', () => null, 'Внешний источник'),
  stringField('ORIGIN_ID', 'originId', () => null, 'Идентификатор элемента во внешнем источнике'),
  { ...intField('MOVED_BY_ID', 'movedBy', (d) => d.movedById, 'Кем изменена стадия', 'user'), readOnly: true },
  dateField('MOVED_TIME', 'movedTime', (d) => d.movedTime, 'Дата изменения стадии'),
  dateField('LAST_ACTIVITY_TIME', 'lastActivityTime', (d) => d.lastActivityTime, 'Последняя активность'),
  stringField('UTM_SOURCE', 'utmSource', (d) => d.utmSource, 'Рекламная система'),
  stringField('UTM_MEDIUM', 'utmMedium', () => null, 'Тип трафика'),
  stringField('UTM_CAMPAIGN', 'utmCampaign', () => null, 'Обозначение рекламной кампании'),
  stringField('UTM_CONTENT', 'utmContent', () => null, 'Содержание кампании'),
  stringField('UTM_TERM', 'utmTerm', () => null, 'Условие поиска кампании'),
  {
    ...intField('LAST_ACTIVITY_BY', 'lastActivityBy', (d) => d.lastActivityBy, 'Автор последней активности', 'user'),
    readOnly: true,
  },
  stringField('UF_CRM_KVOTA_MARGIN', 'ufCrmKvotaMargin', (d) => d.ufMargin, 'Маржа, %'),
];

const byLegacy = new Map(DEAL_FIELDS.map((f) => [f.legacy, f]));
const byItem = new Map(DEAL_FIELDS.map((f) => [f.item.toLowerCase(), f]));

export function legacyField(name: string): FieldAccess<Deal> | undefined {
  return byLegacy.get(name.toUpperCase());
}

/** crm.item.* accept camelCase names (and, with useOriginalUfNames=Y, UF_ names). */
export function itemField(name: string): FieldAccess<Deal> | undefined {
  return byItem.get(name.toLowerCase()) ?? byLegacy.get(name.toUpperCase());
}

/** Fields `select: ['*']` returns on crm.deal.list: everything non-UF. */
export function renderLegacyDeal(d: Deal): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DEAL_FIELDS) out[f.legacy] = f.legacyValue(d);
  return out;
}

export function renderItemDeal(d: Deal, originalUfNames: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DEAL_FIELDS) {
    const key = f.legacy.startsWith('UF_') && originalUfNames ? f.legacy : f.item;
    out[key] = f.itemValue(d);
  }
  out.contactIds = d.contactId ? [d.contactId] : [];
  out.observers = [];
  out.entityTypeId = 2;
  return out;
}

/** crm.deal.fields description. */
export function dealFieldsDescription(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DEAL_FIELDS) {
    const isUf = f.legacy.startsWith('UF_');
    const meta: Record<string, unknown> = {
      type: f.type,
      isRequired: f.required ?? false,
      isReadOnly: f.readOnly ?? false,
      isImmutable: f.immutable ?? false,
      isMultiple: false,
      isDynamic: isUf,
      title: f.title,
    };
    if (f.statusType) meta.statusType = f.statusType;
    if (f.meta) Object.assign(meta, f.meta);
    if (isUf) {
      meta.listLabel = f.title;
      meta.formLabel = f.title;
      meta.filterLabel = f.title;
    }
    out[f.legacy] = meta;
    // CONTACT_IDS exists only in the description (crm.deal.list cannot select it).
    if (f.legacy === 'CONTACT_ID')
      out.CONTACT_IDS = { ...meta, isMultiple: true, isDeprecated: undefined, title: 'Контакты' };
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
