import { formatDateTime, kopecksToString } from '../format';

/** Helpers for the legacy API's "everything is a string or null" style. */
export const str = (v: number | string | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
export const yn = (b: boolean): 'Y' | 'N' => (b ? 'Y' : 'N');
export const dt = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : formatDateTime(ms);
export const money = (minor: number): string => kopecksToString(minor);

/** Applies a legacy `select` (`*`, `UF_*`, explicit names) to a full row. */
export function applySelect(
  row: Record<string, unknown>,
  select: unknown,
  defaults: { star: (key: string) => boolean },
): Record<string, unknown> {
  const list = Array.isArray(select) ? select.map(String) : [];
  if (list.length === 0) return row;
  const upper = new Set(list.map((s) => s.toUpperCase()));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const isUf = key.startsWith('UF_');
    if (upper.has(key.toUpperCase()) || (upper.has('*') && !isUf && defaults.star(key)) || (upper.has('UF_*') && isUf))
      out[key] = value;
  }
  return out;
}
