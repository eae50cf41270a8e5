/** The emulated portal's data, in the emulator's own typed form; methods/ render it into Bitrix24's shapes. */

export interface Department {
  id: number;
  name: string;
  sort: number;
  parentId: number | null;
  headId: number | null;
}

export interface User {
  id: number;
  active: boolean;
  name: string;
  lastName: string;
  secondName: string;
  email: string;
  gender: 'M' | 'F';
  birthday: string; // YYYY-MM-DD
  /** When the account was created (unix ms). */
  dateRegister: number;
  /** First working day (unix ms, local midnight); null when HR never filled it in. */
  employmentDate: number | null;
  lastLogin: number | null;
  departments: number[];
  workPosition: string;
  isAdmin: boolean;
  timeZone: string;
}

export type Semantic = 'P' | 'S' | 'F';

export interface Category {
  id: number;
  name: string;
  sort: number;
  isDefault: boolean;
}

export interface Stage {
  /** Row id of b_crm_status (crm.status.list `ID`). */
  id: number;
  categoryId: number;
  statusId: string;
  name: string;
  sort: number;
  system: boolean;
  color: string;
  semantic: Semantic;
  /** EXTRA.SEMANTICS: process | success | failure | apology. */
  extra: 'process' | 'success' | 'failure' | 'apology';
}

export interface Currency {
  code: string;
  /** Rate to the base currency as Bitrix stores it: AMOUNT per AMOUNT_CNT units, 4 decimals, as a string. */
  amount: string;
  amountCnt: number;
  sort: number;
  base: boolean;
  fullName: string;
  formatString: string;
  decPoint: string;
  thousandsSep: string | null;
  decimals: number;
  dateUpdate: number;
}

export interface Deal {
  id: number;
  title: string;
  typeId: string;
  categoryId: number;
  stageId: string;
  stageSemanticId: Semantic;
  probability: number | null;
  currencyId: string;
  /** Exact amount in minor units (kopecks/cents): money never goes through a float here. */
  opportunity: number;
  isManualOpportunity: boolean;
  taxValue: number;
  leadId: number | null;
  companyId: number;
  contactId: number;
  beginDate: number;
  closeDate: number;
  assignedById: number;
  createdById: number;
  modifyById: number;
  dateCreate: number;
  dateModify: number;
  opened: boolean;
  closed: boolean;
  comments: string;
  sourceId: string;
  movedById: number;
  movedTime: number;
  lastActivityTime: number;
  lastActivityBy: number;
  isNew: boolean;
  isReturnCustomer: boolean;
  isRepeatedApproach: boolean;
  utmSource: string | null;
  /** A custom field like real portals have ("Маржа, %"): UF_CRM_KVOTA_MARGIN / ufCrmKvotaMargin. */
  ufMargin: string | null;
}

export interface StageHistoryRow {
  id: number;
  /** 1 created, 2 moved to an intermediate stage, 3 moved to a final stage, 5 pipeline changed. */
  typeId: 1 | 2 | 3 | 5;
  ownerId: number;
  createdTime: number;
  categoryId: number;
  semantic: Semantic;
  stageId: string;
}
