/**
 * The ONE interface Kvota uses to talk to a CRM. Bitrix24 implements it in server/src/crm/bitrix24/, amoCRM will
 * implement it in server/src/crm/amocrm/. Nothing here names a CRM field: ids are strings (Bitrix24 "37", amoCRM 19619),
 * money is an exact decimal string, times are ISO-8601 strings with offset, stage semantics are open/won/lost
 * (Bitrix24 STAGE_SEMANTIC_ID P/S/F, amoCRM statuses 142/143).
 *
 * A CrmPort is a factory: it knows how to verify requests that come from a CRM and how to open a connection to one
 * installed portal/account. A CrmConnection reads that portal's data; every read is paced by the adapter so that the
 * CRM never refuses it, and survives transient faults (5xx, timeouts, dropped connections, expired tokens) itself.
 */

export type CrmKind = 'bitrix24' | 'amocrm';

/** A person who can own deals. */
export interface CrmUser {
  id: string;
  name: string;
  email: string | null;
  active: boolean;
  /** Employment start date, YYYY-MM-DD, when the CRM knows it. */
  hiredAt: string | null;
  isAdmin: boolean;
  /** Departments (Bitrix24) or groups (amoCRM) the user belongs to. */
  departmentIds: string[];
}

/** A department (Bitrix24) or user group (amoCRM; flat, no parent, no head). */
export interface CrmDepartment {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
  sort: number;
}

export interface CrmPipeline {
  id: string;
  name: string;
  sort: number;
  isDefault: boolean;
}

export type StageSemantic = 'open' | 'won' | 'lost';

export interface CrmStage {
  /** Unique within the portal (amoCRM adapters make it unique by prefixing the pipeline id). */
  id: string;
  pipelineId: string;
  name: string;
  sort: number;
  semantic: StageSemantic;
}

export interface CrmCurrency {
  code: string;
  /** How many base-currency units one unit of this currency is worth, as an exact decimal string. */
  rate: string;
  isBase: boolean;
}

export type DealStatus = 'open' | 'won' | 'lost';

export interface CrmDeal {
  id: string;
  title: string;
  ownerId: string | null;
  /** Exact decimal string, e.g. "19999.99"; never a float. */
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  /** When the deal was won (ISO-8601); null unless status is 'won'. */
  wonAt: string | null;
  /** When the deal was won or lost (ISO-8601); null while open. */
  closedAt: string | null;
  createdAt: string | null;
  modifiedAt: string;
}

/**
 * An opaque position in one of the CRM's keyset scans. Sync stores it (as JSON) in the same transaction as the
 * rows it covers and hands it back unchanged; only the adapter reads it.
 */
export type CrmCursor = { readonly [key: string]: string | number | boolean | null };

export interface DealPage {
  deals: CrmDeal[];
  /** Where the next page starts; null when the scan is complete. */
  next: CrmCursor | null;
}

export interface IdPage {
  ids: string[];
  next: CrmCursor | null;
}

export interface DealLookup {
  found: CrmDeal[];
  /** Ids the CRM no longer has (deleted). */
  missing: string[];
}

/** What a frame/widget request proved about the person behind it (asked of the CRM, never taken from the request). */
export interface FrameIdentity {
  userId: string;
  name: string;
  isAdmin: boolean;
}

/** Credentials a widget/frame request carries (Bitrix24: DOMAIN, member_id, AUTH_ID; amoCRM: a signed JWT). */
export interface FrameAuth {
  domain: string;
  memberId: string;
  /** Bitrix24 AUTH_ID, or the amoCRM disposable token (JWT). */
  authId: string;
}

/** Progress and refusals the adapter saw; the sync and the bench report them. */
export interface CrmCallStats {
  requests: number;
  /** 503 and 429 answers received (goal 0: the adapter paces itself). */
  refusals: number;
  retries: number;
  tokenRefreshes: number;
}

/** One installed portal/account, read through the CRM's API. */
export interface CrmConnection {
  readonly kind: CrmKind;
  readonly portalId: string;

  listUsers(): Promise<CrmUser[]>;
  listDepartments(): Promise<CrmDepartment[]>;
  listPipelines(): Promise<{ pipelines: CrmPipeline[]; stages: CrmStage[] }>;
  listCurrencies(): Promise<CrmCurrency[]>;

  /**
   * Full scan of deals in id order, resumable: pass null to start, then each page's `next`.
   * A page may hold many CRM list pages (Bitrix24 batches up to 50 of them); `maxRows` caps it.
   */
  readDeals(from: CrmCursor | null, options?: { maxRows?: number }): Promise<DealPage>;
  /** Deals modified at or after `since` (ISO-8601), in id order, resumable the same way. */
  readDealsModifiedSince(since: string, from: CrmCursor | null, options?: { maxRows?: number }): Promise<DealPage>;
  /** Current state of the given deals; ids the CRM no longer has come back in `missing`. */
  getDeals(ids: string[]): Promise<DealLookup>;
  /** Every deal id in the CRM, in id order, resumable (the deletion sweep diffs it against storage). */
  listDealIds(from: CrmCursor | null): Promise<IdPage>;

  stats(): CrmCallStats;

  /**
   * The adapter's client-side rate-limit state (opaque JSON). Sync stores it with each cursor so that a restarted
   * process knows how much of the CRM's budget the previous one used, and restores it right after connecting.
   */
  limiterState?(): unknown;
  restoreLimiterState?(state: unknown): void;
  /** Called (and awaited) with the limiter state before every request is sent, to persist it. */
  setLimiterListener?(listener: ((state: unknown) => Promise<void>) | null): void;
}

/** Everything about one CRM product that does not need an installed portal yet. */
export interface CrmPort {
  readonly kind: CrmKind;
  /** Opens the connection for a stored, installed portal. Throws if the portal is unknown or uninstalled. */
  connect(portalId: string): Promise<CrmConnection>;
  /**
   * Verifies a frame/widget request by asking the CRM (Bitrix24: user.current + profile with that AUTH_ID on the
   * stored portal; amoCRM: JWT signature with the client secret). Resolves null when the credentials are not valid
   * for the installed portal that matches domain+memberId.
   */
  verifyFrameAuth(auth: FrameAuth): Promise<(FrameIdentity & { portalId: string }) | null>;
  /**
   * Checks a CRM-originated notification's proof of origin against the secret stored at install
   * (Bitrix24: auth[application_token], compared in constant time). Resolves the portal id, or null if forged/foreign.
   */
  verifyEvent(proof: EventProof): Promise<string | null>;
}

export interface EventProof {
  /** Bitrix24 member_id / amoCRM account id, as the notification claims it. */
  memberId: string;
  /** Bitrix24 application_token / amoCRM signature. */
  token: string;
}

/** A deal changed in storage; `before`/`after` are absent for inserts/deletions. The server recomputes statements. */
export interface DealChange {
  dealId: string;
  before?: CrmDeal;
  after?: CrmDeal;
}

export type OnDealsChanged = (portalId: string, changes: DealChange[]) => Promise<void> | void;
