import type { LeaderboardEntry, LeaderboardMetric, Statement } from '../types';

export function rankLeaderboard(_statements: Statement[], _metric: LeaderboardMetric): LeaderboardEntry[] {
  throw new Error('rankLeaderboard: not implemented yet');
}
