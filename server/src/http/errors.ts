import type { ErrorCode, ValidationIssue } from '../../../contract/errors';

/** HTTP status for every stable error code: one table, so a code never travels with two statuses. */
export const STATUS_OF: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429 | 500 | 502> = {
  bad_request: 400,
  invalid_plan: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  period_locked: 423,
  payload_too_large: 413,
  rate_limited: 429,
  crm_unavailable: 502,
  internal: 500,
};

/**
 * The one exception type of the HTTP edge. Throw it anywhere below a route; the app's error handler renders it as
 * contract/errors.ts `ErrorBody` with the status of its code (or an explicit one).
 *
 * @example throw new AppError('forbidden', 'Reps may only see their own statement');
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    status?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = status ?? STATUS_OF[code];
  }
}
