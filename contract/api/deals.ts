import { z } from 'zod';
import { MoneyDto, PeriodKey, RatioDto } from '../money';

/** Why a deal adds nothing to the viewer's plan; the widget says so in words. */
export const NotCountingReason = z.enum([
  'not_owner', // the viewer gets no credit on this deal
  'pipeline_excluded', // pipeline/stage not counted by the settings
  'lost',
  'no_plan', // the viewer has no plan in this period
  'already_won', // counted already; the estimate shows what it earned
]);

/** "What this deal means for me": the deal-card tab's content. */
export const DealEstimate = z.object({
  dealId: z.string(),
  title: z.string(),
  period: PeriodKey,
  counts: z.boolean(),
  reason: NotCountingReason.nullable(),
  amount: MoneyDto,
  /** The viewer's credit share, "1" for sole owner. */
  share: RatioDto,
  credit: MoneyDto,
  /** Payout the deal adds if won now (or added, if already won). */
  payoutDelta: MoneyDto,
  /** Name of the tier/band the deal lands in, if the plan has tiers. */
  tier: z.string().nullable(),
  attainmentBefore: RatioDto.nullable(),
  attainmentAfter: RatioDto.nullable(),
  rankBefore: z.number().int().nullable(),
  rankAfter: z.number().int().nullable(),
  earnedBefore: MoneyDto,
  earnedAfter: MoneyDto,
});
export type DealEstimate = z.infer<typeof DealEstimate>;
