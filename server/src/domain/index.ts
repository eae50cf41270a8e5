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
export type * from './types';
export type * from './plan/types';
export { parsePlan } from './plan/parse';
export { computeStatements } from './statement/compute';
export { estimateDeal, type EstimateQuery } from './whatif/estimate';
export { rankLeaderboard } from './leaderboard/rank';
export {
  periodOf,
  periodRange,
  periodsBetween,
  shiftPeriod,
  periodKindOfKey,
  periodKeyOfMonth,
  periodStartMonth,
  fiscalYearStartPeriod,
  endsSpan,
  DEFAULT_TIME_ZONE,
  type PeriodOptions,
  type PeriodRange,
} from './period/period';
export { allocateQuota, type AllocationMethod } from './quota/allocate';
export { splitCredit, shareToPpm, ppmToShare, PPM } from './credit/split';
export { toDealColumns } from './credit/columns';
export { money, minorToString, moneyToMinor, toDecimalString, zeroMoney } from './money/money';
export { formatMoney, formatPercent } from './money/format';
export { roundMinor, roundQ } from './money/round';
export type { Q } from './money/q';
export {
  parseDeals,
  parseContextFile,
  DealSchema,
  RepSchema,
  DepartmentSchema,
  QuotaSchema,
  FxRateSchema,
  AdjustmentSchema,
  PaidRecordSchema,
  type ContextFile,
  type Parsed,
} from './input/schema';
