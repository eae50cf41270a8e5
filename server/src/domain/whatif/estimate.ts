import type { DealEstimate, EngineInput, LeaderboardMetric } from '../types';

export interface EstimateQuery {
  dealId: string;
  repId: string;
  /** The instant the deal would be won ("now", passed in: the engine has no clock). */
  asOf: string;
  /** Metric for rank before/after (default revenue). */
  metric?: LeaderboardMetric;
}

export function estimateDeal(_input: EngineInput, _query: EstimateQuery): DealEstimate {
  throw new Error('estimateDeal: not implemented yet');
}
