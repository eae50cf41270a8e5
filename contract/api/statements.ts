import { z } from 'zod';
import { MoneyDto, PeriodKey, RatioDto } from '../money';

export const StatementLineKind = z.enum([
  'commission',
  'tier',
  'accelerator',
  'bonus',
  'spiff',
  'kpi',
  'override',
  'draw',
  'draw_recovery',
  'clawback',
  'adjustment',
  'true_up',
  'cap',
  'floor',
]);

/** One payout line; lines add up exactly to the statement total. */
export const StatementLine = z.object({
  id: z.string(),
  kind: StatementLineKind,
  /** Id of the plan rule that produced it. */
  ruleId: z.string(),
  ruleName: z.string(),
  base: MoneyDto.nullable(),
  rate: RatioDto.nullable(),
  amount: MoneyDto,
  /** Deal the line is about, for per-deal lines (SPIFFs, clawbacks). */
  dealId: z.string().nullable(),
  /** Why this line has its value, in the requested language. */
  explanation: z.string(),
});
export type StatementLine = z.infer<typeof StatementLine>;

export const CreditedDeal = z.object({
  dealId: z.string(),
  title: z.string(),
  wonAt: z.string(),
  /** The deal's own amount in its own currency. */
  amount: MoneyDto,
  /** This rep's share of credit, "1" for sole owner. */
  share: RatioDto,
  /** Credited amount in the base currency. */
  credit: MoneyDto,
});

export const Statement = z.object({
  repId: z.string(),
  repName: z.string(),
  period: PeriodKey,
  planId: z.string().nullable(),
  planName: z.string().nullable(),
  status: z.enum(['open', 'approved', 'locked']),
  quota: MoneyDto.nullable(),
  quotaCount: z.number().int().nullable(),
  credit: MoneyDto,
  wonCount: z.number().int(),
  /** credit / quota; null without a quota. */
  attainment: RatioDto.nullable(),
  deals: z.array(CreditedDeal),
  lines: z.array(StatementLine),
  total: MoneyDto,
});
export type Statement = z.infer<typeof Statement>;

export const StatementQuery = z.strictObject({ period: PeriodKey, lang: z.enum(['ru', 'en']).optional() });
