/** A refusal the portal answers with `{"error", "error_description", ...extra}` and an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }

  body(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

/** Exact bodies from the docs (research §1). */
export const Errors = {
  queryLimit: () => new ApiError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
  operationTimeLimit: () => new ApiError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
  noAuth: () => new ApiError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
  expiredToken: () => new ApiError(401, 'expired_token', 'The access token provided has expired'),
  invalidToken: () => new ApiError(401, 'invalid_token', 'The access token provided is invalid.'),
  methodNotFound: () => new ApiError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
  internal: () => new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
  batchLength: () => new ApiError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded'),
  batchMethod: () => new ApiError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
  insufficientScope: () =>
    new ApiError(
      403,
      'insufficient_scope',
      'The request requires higher privileges than provided by the webhook token',
    ),
  appContextRequired: () => new ApiError(400, 'ACCESS_DENIED', 'Access denied! Application context required'),
  wrongAuthType: () =>
    new ApiError(
      403,
      'WRONG_AUTH_TYPE',
      'Current authorization type is denied for this method Application context required',
    ),
  /** Legacy crm.deal.* errors: HTTP 400 with an empty code. */
  legacy: (description: string) => new ApiError(400, '', description),
};
