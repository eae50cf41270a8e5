/** @module A value fetched from the server, with the state the views render: loading, ready, error. */
import { ApiError } from '../api/errors';

export interface Remote<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: ApiError | null;
}

export const idle = <T>(): Remote<T> => ({ status: 'idle', data: null, error: null });
export const loading = <T>(prev: Remote<T>): Remote<T> => ({ status: 'loading', data: prev.data, error: null });
export const ready = <T>(data: T): Remote<T> => ({ status: 'ready', data, error: null });
export const failed = <T>(e: unknown, prev?: Remote<T>): Remote<T> => ({
  status: 'error',
  data: prev?.data ?? null,
  error: e instanceof ApiError ? e : new ApiError('unreachable', String((e as Error)?.message ?? e)),
});
