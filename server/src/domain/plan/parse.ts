import type { Lang } from '../types';
import type { ParsePlanResult } from './types';

/** Validate a plan version or an array of versions; on failure every problem is listed with path, message, allowed. */
export function parsePlan(_json: unknown, _lang: Lang = 'ru'): ParsePlanResult {
  throw new Error('parsePlan: not implemented yet');
}
