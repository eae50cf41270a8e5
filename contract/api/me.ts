import { z } from 'zod';
import { MoneyDto, PeriodKey, RatioDto } from '../money';

/** The rep's headline for a period: what the deal tab and the dashboard show first. */
export const RepSummary = z.object({
  repId: z.string(),
  period: PeriodKey,
  periodStart: z.string(),
  periodEnd: z.string(),
  hasPlan: z.boolean(),
  planName: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  quota: MoneyDto.nullable(),
  credit: MoneyDto,
  attainment: RatioDto.nullable(),
  earned: MoneyDto,
  rank: z.number().int().nullable(),
  rankOf: z.number().int(),
});
export type RepSummary = z.infer<typeof RepSummary>;

export const HistoryPoint = z.object({
  period: PeriodKey,
  quota: MoneyDto.nullable(),
  credit: MoneyDto,
  attainment: RatioDto.nullable(),
  earned: MoneyDto,
});
export const RepHistory = z.object({ repId: z.string(), points: z.array(HistoryPoint) });
export type RepHistory = z.infer<typeof RepHistory>;

export const OpenDeal = z.object({
  dealId: z.string(),
  title: z.string(),
  stage: z.string(),
  amount: MoneyDto,
  /** What winning it now would add to this period's payout. */
  wouldEarn: MoneyDto,
});
export const OpenDeals = z.object({ period: PeriodKey, deals: z.array(OpenDeal) });
export type OpenDeals = z.infer<typeof OpenDeals>;

export const PeriodQuery = z.strictObject({ period: PeriodKey.optional(), repId: z.string().optional() });
export const YearQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  repId: z.string().optional(),
});
