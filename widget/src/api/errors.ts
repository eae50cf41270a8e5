/**
 * @module What can go wrong talking to the Kvota server, as one error type the views branch on by `kind`:
 * - unreachable: no HTTP answer at all (server down, network) → "server unreachable, retry"
 * - api: the server answered with the contract's ErrorBody (stable `code`, human `message`)
 * - contract: the server answered 2xx, but the body does not match the contract schema (`path` says where)
 */
import type { ErrorCode } from '../../../contract/errors';

export type ApiErrorKind = 'unreachable' | 'api' | 'contract';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly detail: { status?: number; code?: ErrorCode; path?: string; url?: string } = {},
  ) {
    super(message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
