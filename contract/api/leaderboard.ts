import { z } from 'zod';
import { MoneyDto, PeriodKey, RatioDto } from '../money';

export const LeaderboardMetric = z.enum(['revenue', 'won_count', 'attainment', 'commission']);
export type LeaderboardMetric = z.infer<typeof LeaderboardMetric>;

export const LeaderboardRow = z.object({
  rank: z.number().int(),
  repId: z.string(),
  repName: z.string(),
  departmentId: z.string().nullable(),
  /** Amount fields are null when the viewer may see ranks only. */
  credit: MoneyDto.nullable(),
  wonCount: z.number().int().nullable(),
  attainment: RatioDto.nullable(),
  commission: MoneyDto.nullable(),
});

export const Leaderboard = z.object({
  period: PeriodKey,
  metric: LeaderboardMetric,
  departmentId: z.string().nullable(),
  rows: z.array(LeaderboardRow),
  team: z.object({ quota: MoneyDto.nullable(), credit: MoneyDto, attainment: RatioDto.nullable() }),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

export const LeaderboardQuery = z.strictObject({
  period: PeriodKey.optional(),
  metric: LeaderboardMetric.default('revenue'),
  departmentId: z.string().optional(),
});
