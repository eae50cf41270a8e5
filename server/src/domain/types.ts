/**
 * The engine's plain-data types: everything in and out is strings, numbers and arrays, so the server can store it
 * and map it to the API contract (contract/api/statements.ts) without conversion logic.
 *
 * Money is an exact decimal string plus its currency — the same shape as contract/money.ts's MoneyDto.
 * Ratios (shares, rates, attainment) are exact decimal strings too: "0.875" is 87.5 %.
 * Instants are ISO-8601 strings with an offset or Z ("2026-11-30T22:15:00Z"); calendar dates are "YYYY-MM-DD".
 */
import type { PlanVersion } from './plan/types';

export type Lang = 'ru' | 'en';

/** An exact amount: decimal string (never a binary float) with its ISO 4217 currency. */
export interface Money {
  amount: string;
  currency: string;
}

export type DealStatus = 'open' | 'won' | 'lost';

/** One rep's share of a deal's credit. Shares of a deal sum to exactly 1. */
export interface DealSplit {
  repId: string;
  /** Decimal string, at most 6 decimals: "0.6", "0.333334". */
  share: string;
}

export type CustomValue = string | number | boolean | null;

export interface Deal {
  id: string;
  title: string;
  /** The responsible rep; credited 100 % unless `splits` is given. */
  ownerId: string;
  splits?: DealSplit[] | null;
  /** Decimal string in the deal's currency, ≥ 0. */
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  /** When the deal was won: the credit date. Kept after a won deal is later lost or refunded. */
  wonAt?: string | null;
  closedAt?: string | null;
  /** When a deal was lost; for a deal that had been won this is a reversal (clawback candidate). */
  lostAt?: string | null;
  /** When a won deal was refunded (it may stay "won" in the CRM); a reversal like lostAt. */
  refundedAt?: string | null;
  custom?: Record<string, CustomValue> | null;
}

export interface Rep {
  id: string;
  name: string;
  departmentIds: string[];
  /** Calendar date; quotas are prorated and ramped from it. */
  hiredAt?: string | null;
  leftAt?: string | null;
}

export interface Department {
  id: string;
  name?: string;
  parentId: string | null;
  /** The head earns manager overrides on the department's roll-up credit. */
  headId: string | null;
}

/** A target for one rep or one department in one period (key as in contract PeriodKey: 2026-11, 2026-Q4, …). */
export interface Quota {
  repId?: string | null;
  departmentId?: string | null;
  period: string;
  /** Revenue target, decimal string in the plan currency. */
  amount?: string | null;
  /** Won-deal count target. */
  count?: number | null;
  /** Skip ramp and proration: this number is final. */
  fixed?: boolean;
}

/** 1 unit of `currency` = `rate` units of the plan currency, from `date` (local calendar date) on. */
export interface FxRate {
  currency: string;
  date: string;
  rate: string;
}

/** A manual correction booked into an open period: positive or negative, with a reason finance can read. */
export interface Adjustment {
  id: string;
  repId: string;
  period: string;
  /** Decimal string in the plan currency; negative reduces the payout. */
  amount: string;
  reason: string;
}

/**
 * What was actually paid in a (closed) period. Used by YTD true-up ("earned to date minus paid"), by draws
 * (opening balance) and by clawbacks (the paid deal's commission).
 */
export interface PaidRecord {
  repId: string;
  period: string;
  /** Total paid for the period, decimal string. */
  paid: string;
  /** Recoverable draw balance still owed by the rep after this period, decimal string ≥ 0. */
  drawBalance?: string | null;
  /** Clawback still to recover after this period (when clawbacks are limited per period), decimal ≥ 0. */
  clawbackBalance?: string | null;
}

/**
 * Deals as columns, for the 1 M-deal recompute: no per-deal objects, integer minor units, epoch milliseconds.
 * Build it from `Deal[]` with `toDealColumns`, or straight from a database cursor.
 */
export interface DealColumns {
  kind: 'columns';
  count: number;
  ids: string[];
  titles?: string[];
  /** Index into EngineInput.reps. */
  owner: Int32Array;
  /** Integer minor units in the deal's currency (|x| < 2^53). */
  amountMinor: Float64Array;
  currency: Uint16Array;
  currencies: string[];
  pipeline: Int32Array;
  pipelines: string[];
  stage: Int32Array;
  stages: string[];
  /** 0 open, 1 won, 2 lost. */
  status: Uint8Array;
  /** Epoch ms of the won date, NaN when never won. */
  wonAt: Float64Array;
  /** Epoch ms of a loss/refund after winning, NaN when none. */
  reversedAt: Float64Array;
  /** Split credit, CSR layout: deal i's splits are [splitStart[i], splitStart[i+1]); absent = owner gets 100 %. */
  splitStart?: Int32Array;
  splitRep?: Int32Array;
  /** Share in millionths (1 000 000 = 100 %). */
  splitPpm?: Int32Array;
  /** The original objects, when available: SPIFF custom-field conditions and statement deal lists read them. */
  source?: Deal[];
}

export interface EngineInput {
  /** All versions of all plans; each rep-period uses the version in effect on the period's first day. */
  plans: PlanVersion[];
  deals: Deal[] | DealColumns;
  reps: Rep[];
  departments?: Department[];
  quotas?: Quota[];
  fxRates?: FxRate[];
  adjustments?: Adjustment[];
  paid?: PaidRecord[];
  /** Closed (locked) periods: their statements are frozen; later corrections land in open periods. */
  closedPeriods?: string[];
  /** Periods to return; the engine also computes earlier periods of the fiscal year for draws and true-ups. */
  periods: string[];
  /** Only these reps (default all). */
  repIds?: string[];
  lang?: Lang;
  /** Include the credited-deal list in each statement (default true). */
  withDeals?: boolean;
}

export type StatementLineKind =
  | 'commission'
  | 'tier'
  | 'accelerator'
  | 'bonus'
  | 'spiff'
  | 'kpi'
  | 'override'
  | 'draw'
  | 'draw_recovery'
  | 'clawback'
  | 'adjustment'
  | 'true_up'
  | 'cap'
  | 'floor';

export interface StatementLine {
  id: string;
  kind: StatementLineKind;
  ruleId: string;
  ruleName: string;
  base: Money | null;
  rate: string | null;
  amount: Money;
  dealId: string | null;
  /** Why this line has its value, in the requested language. */
  explanation: string;
}

export interface CreditedDeal {
  dealId: string;
  title: string;
  wonAt: string;
  amount: Money;
  share: string;
  /** Credit in the plan currency. */
  credit: Money;
}

export interface Statement {
  repId: string;
  repName: string;
  period: string;
  planId: string | null;
  planName: string | null;
  planVersion: number | null;
  status: 'open' | 'locked';
  quota: Money | null;
  quotaCount: number | null;
  credit: Money;
  wonCount: number;
  attainment: string | null;
  countAttainment: string | null;
  /** Year-to-date (fiscal) credit and attainment, up to and including this period. */
  ytdCredit: Money;
  ytdAttainment: string | null;
  deals: CreditedDeal[];
  lines: StatementLine[];
  total: Money;
  /** Recoverable draw still owed after this period. */
  drawBalance: Money;
  /** Clawback still to recover after this period. */
  clawbackBalance: Money;
}

/** A department's roll-up: every rep in it or in any department below it. */
export interface TeamResult {
  departmentId: string;
  period: string;
  quota: Money | null;
  quotaCount: number | null;
  credit: Money;
  wonCount: number;
  attainment: string | null;
}

export interface ComputeResult {
  statements: Statement[];
  teams: TeamResult[];
  /** Things finance should know that are not errors (deals without an FX rate, reps missing from reps[]…). */
  warnings: string[];
}

export type LeaderboardMetric = 'revenue' | 'won_count' | 'attainment' | 'commission';

export interface LeaderboardEntry {
  rank: number;
  repId: string;
  repName: string;
  credit: Money;
  wonCount: number;
  attainment: string | null;
  commission: Money;
}

export interface DealEstimate {
  dealId: string;
  title: string;
  repId: string;
  period: string;
  counts: boolean;
  reason: 'not_owner' | 'pipeline_excluded' | 'lost' | 'no_plan' | 'already_won' | null;
  amount: Money;
  share: string;
  credit: Money;
  payoutDelta: Money;
  tier: string | null;
  attainmentBefore: string | null;
  attainmentAfter: string | null;
  rankBefore: number | null;
  rankAfter: number | null;
  earnedBefore: Money;
  earnedAfter: Money;
}
