/**
 * Kvota's commission engine — the public API. Pure: plain data in, plain data out; no I/O, no clock, no database.
 *
 *   parsePlan(json, lang)        validate a plan (one version or an array of versions); every problem listed
 *   computeStatements(input)     statements per rep per period + department roll-ups
 *   estimateDeal(input, query)   what an open deal would add for a rep if won at `asOf`
 *   rankLeaderboard(stmts, m)    deterministic ranking by revenue / won count / attainment / commission
 *   periodOf(instant, options)   the period a won instant falls in (time zone + fiscal year aware)
 *
 * Money is { amount: decimal string, currency } exactly like the API's MoneyDto; ratios are decimal strings.
 */

export { toDealColumns } from './credit/columns';
export { PPM, ppmToShare, shareToPpm, splitCredit } from './credit/split';
export {
  AdjustmentSchema,
  type ContextFile,
  DealSchema,
  DepartmentSchema,
  FxRateSchema,
  PaidRecordSchema,
  type Parsed,
  parseContextFile,
  parseDeals,
  QuotaSchema,
  RepSchema,
} from './input/schema';
export { rankLeaderboard } from './leaderboard/rank';
export { formatMoney, formatPercent } from './money/format';
export { minorToString, money, moneyToMinor, toDecimalString, zeroMoney } from './money/money';
export type { Q } from './money/q';
export { roundMinor, roundQ } from './money/round';
export {
  DEFAULT_TIME_ZONE,
  endsSpan,
  fiscalYearStartPeriod,
  type PeriodOptions,
  type PeriodRange,
  periodKeyOfMonth,
  periodKindOfKey,
  periodOf,
  periodRange,
  periodStartMonth,
  periodsBetween,
  shiftPeriod,
} from './period/period';
export { parsePlan } from './plan/parse';
export type * from './plan/types';
export { type AllocationMethod, allocateQuota } from './quota/allocate';
export { computeStatements } from './statement/compute';
export type * from './types';
export { type EstimateQuery, estimateDeal } from './whatif/estimate';
