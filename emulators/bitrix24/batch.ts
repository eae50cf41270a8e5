import { ApiError, Errors } from './errors';
import type { TimeBlock } from './format';
import { isPlainObject, type Params, param, parseBracketQuery } from './params';

/** Runs one inner command; throws ApiError on refusal. */
export type InnerCall = (
  method: string,
  params: Params,
) => { result: unknown; total?: number; next?: number; time: TimeBlock };

export const MAX_BATCH = 50;

/**
 * `batch` (research §3): `cmd` as object or array of `method?query`, `halt` stops at the first error,
 * `$result[key][field][0]` refers to earlier answers, HTTP 200 even when inner calls fail.
 * PHP quirks kept: empty maps are `[]`, an array `cmd` answers with a list when keys stay 0..n-1.
 */
export function runBatch(params: Params, call: InnerCall): Record<string, unknown> {
  const rawCmd = param(params, 'cmd');
  const entries: [string, string][] = Array.isArray(rawCmd)
    ? rawCmd.map((v, i) => [String(i), String(v)])
    : isPlainObject(rawCmd)
      ? Object.entries(rawCmd).map(([k, v]) => [k, String(v)])
      : [];
  if (entries.length > MAX_BATCH) throw Errors.batchLength();
  const haltRaw = param(params, 'halt');
  const halt = haltRaw === true || haltRaw === 1 || haltRaw === '1' || haltRaw === 'true' || haltRaw === 'Y';
  const result: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  const totals: Record<string, number> = {};
  const nexts: Record<string, number> = {};
  const times: Record<string, TimeBlock> = {};
  for (const [key, command] of entries) {
    const q = command.indexOf('?');
    const method = decodeURIComponent(q < 0 ? command : command.slice(0, q)).toLowerCase();
    const query = resolveReferences(q < 0 ? '' : command.slice(q + 1), result);
    try {
      if (method === 'batch') throw Errors.batchMethod();
      const answer = call(method, parseBracketQuery(query));
      result[key] = answer.result;
      if (answer.total !== undefined) totals[key] = answer.total;
      if (answer.next !== undefined) nexts[key] = answer.next;
      // Each command's time carries its own method's operating figures; the SDK feeds them to its limiter
      // (batch::method) and so can a pacing client.
      times[key] = answer.time;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors[key] = { error: e.code, error_description: e.description };
      if (halt) break;
    }
  }
  const phpMap = (map: Record<string, unknown>) => {
    const keys = Object.keys(map);
    if (keys.length === 0) return [];
    if (Array.isArray(rawCmd) && keys.every((k, i) => k === String(i))) return keys.map((k) => map[k]);
    return map;
  };
  return {
    result: phpMap(result),
    result_error: phpMap(errors),
    result_total: phpMap(totals),
    result_next: phpMap(nexts),
    result_time: phpMap(times),
  };
}

/** Replaces `$result[key][a][0]` (raw or URL-encoded brackets) with the referenced scalar, URL-encoded. */
function resolveReferences(query: string, results: Record<string, unknown>): string {
  const decodedBrackets = query
    .replace(/%24result/gi, '$result')
    .replace(/\$result((?:%5B[^%]*%5D|\[[^\]]*\])+)/gi, (m) => m.replace(/%5B/gi, '[').replace(/%5D/gi, ']'));
  return decodedBrackets.replace(/\$result((?:\[[^\]]*\])+)/g, (_m, path: string) => {
    const keys = [...path.matchAll(/\[([^\]]*)\]/g)].map((x) => decodeURIComponent(x[1] ?? ''));
    let v: unknown = results;
    for (const k of keys) {
      if (v === null || typeof v !== 'object') {
        v = undefined;
        break;
      }
      v = (v as Record<string, unknown>)[k];
    }
    if (v === undefined || v === null) return '';
    return encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v));
  });
}
