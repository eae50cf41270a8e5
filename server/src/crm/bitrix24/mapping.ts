import Decimal from 'decimal.js';
import type {
  CrmCurrency,
  CrmDeal,
  CrmDepartment,
  CrmPipeline,
  CrmStage,
  CrmUser,
  DealStatus,
  StageSemantic,
} from '../../ports/crm';

/**
 * Bitrix24 payloads → the CRM port's types. The only place that knows Bitrix24 field names (with the rest of this
 * folder). Legacy methods send scalars as strings and empty values as null or "" (research §4).
 */

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const yes = (v: unknown): boolean => v === true || v === 'Y' || v === 'y' || v === 1 || v === '1';

/** The deal fields the sync selects (everything CrmDeal needs, nothing more: cost and payload stay small). */
export const DEAL_SELECT = [
  'ID',
  'TITLE',
  'ASSIGNED_BY_ID',
  'OPPORTUNITY',
  'CURRENCY_ID',
  'CATEGORY_ID',
  'STAGE_ID',
  'STAGE_SEMANTIC_ID',
  'DATE_CREATE',
  'DATE_MODIFY',
  'MOVED_TIME',
  'CLOSEDATE',
];

/** Exact decimal text; Bitrix24 sends "19999.99" (never trust a float on the way). */
export function money(v: unknown): string {
  const s = str(v);
  if (s === null) return '0';
  if (/^-?\d+(\.\d+)?$/.test(s)) return s;
  return new Decimal(s).toFixed();
}

export function semanticOf(code: unknown): StageSemantic {
  const s = String(code ?? '').toUpperCase();
  if (s === 'S' || s === 'SUCCESS') return 'won';
  if (s === 'F' || s === 'FAILURE' || s === 'APOLOGY') return 'lost';
  return 'open';
}

/**
 * Won date: the deal's MOVED_TIME while it sits in a success stage. A deal only leaves a final stage by moving again,
 * so the last move of a won deal is the move into the won stage — the same instant as the newest crm.stagehistory row
 * with STAGE_SEMANTIC_ID=S (research §4 calls that the source), at no extra API cost. CLOSEDATE is the fallback.
 */
export function toDeal(r: Row): CrmDeal {
  const status: DealStatus = semanticOf(r.STAGE_SEMANTIC_ID);
  const closed = status === 'open' ? null : (str(r.MOVED_TIME) ?? str(r.CLOSEDATE));
  const owner = str(r.ASSIGNED_BY_ID);
  return {
    id: String(r.ID),
    title: String(r.TITLE ?? ''),
    ownerId: owner === '0' ? null : owner,
    amount: money(r.OPPORTUNITY),
    currency: String(r.CURRENCY_ID ?? ''),
    pipelineId: String(r.CATEGORY_ID ?? '0'),
    stageId: String(r.STAGE_ID ?? ''),
    status,
    wonAt: status === 'won' ? closed : null,
    closedAt: closed,
    createdAt: str(r.DATE_CREATE),
    modifiedAt: String(r.DATE_MODIFY ?? r.DATE_CREATE ?? ''),
  };
}

export function toUser(r: Row): CrmUser {
  const name = [str(r.NAME), str(r.LAST_NAME)].filter(Boolean).join(' ');
  const hired = str(r.UF_EMPLOYMENT_DATE);
  const departments = Array.isArray(r.UF_DEPARTMENT) ? r.UF_DEPARTMENT : r.UF_DEPARTMENT ? [r.UF_DEPARTMENT] : [];
  return {
    id: String(r.ID),
    name: name || String(r.EMAIL ?? r.ID),
    email: str(r.EMAIL),
    active: yes(r.ACTIVE),
    // The portal writes dates in its own time zone, so the date part is the local calendar date.
    hiredAt: hired ? hired.slice(0, 10) : null,
    isAdmin: yes(r.ADMIN ?? r.IS_ADMIN),
    departmentIds: departments.map((d) => String(d)),
  };
}

export function toDepartment(r: Row): CrmDepartment {
  return {
    id: String(r.ID),
    name: String(r.NAME ?? ''),
    parentId: str(r.PARENT),
    headId: str(r.UF_HEAD) === '0' ? null : str(r.UF_HEAD),
    sort: Number(r.SORT ?? 0),
  };
}

export function toPipeline(r: Row): CrmPipeline {
  return {
    id: String(r.id ?? r.ID),
    name: String(r.name ?? r.NAME ?? ''),
    sort: Number(r.sort ?? r.SORT ?? 0),
    isDefault: yes(r.isDefault ?? r.IS_DEFAULT) || String(r.id ?? r.ID) === '0',
  };
}

export function toStage(r: Row, pipelineId: string): CrmStage {
  const extra = (r.EXTRA ?? {}) as Row;
  return {
    id: String(r.STATUS_ID),
    pipelineId,
    name: String(r.NAME ?? r.STATUS_ID),
    sort: Number(r.SORT ?? 0),
    semantic: semanticOf(r.SEMANTICS ?? extra.SEMANTICS),
  };
}

/** AMOUNT units of the base currency buy AMOUNT_CNT units of this one. */
export function toCurrency(r: Row): CrmCurrency {
  const isBase = yes(r.BASE);
  const amount = new Decimal(String(r.AMOUNT ?? '1'));
  const count = new Decimal(String(r.AMOUNT_CNT ?? '1'));
  return { code: String(r.CURRENCY), rate: isBase ? '1' : amount.div(count).toFixed(), isBase };
}
