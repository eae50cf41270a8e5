import { minorToString, toMinor } from '../money/money';
import { qd } from '../money/q';

export type AllocationMethod = 'equal' | 'weighted';

/**
 * Top-down allocation of a team target to reps. Each rep gets floor(total × weight / Σweights) kopecks; the kopecks
 * left go one each to the largest remainders (ties: earlier rep). The parts always sum exactly to the total.
 * `equal` ignores weights. Returns decimal strings in major units, in the order of repIds.
 */
export function allocateQuota(
  total: string,
  currency: string,
  repIds: string[],
  method: AllocationMethod,
  weights?: string[],
): { repId: string; amount: string }[] {
  if (repIds.length === 0) return [];
  const totalMinor = toMinor(total, currency);
  // Weights as integers over a common denominator: w_i = n_i / 10^k.
  const parsed = repIds.map((_, i) => (method === 'equal' ? qd('1') : qd(weights?.[i] ?? '0')));
  let den = 1n;
  for (const x of parsed) if (x.d > den) den = x.d; // powers of ten: the largest is a common denominator
  const w = parsed.map((x) => (x.n * den) / x.d);
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum <= 0n) throw new Error('allocateQuota: weights must have a positive sum');
  const parts = w.map((x) => (totalMinor * x) / sum);
  const rem = w.map((x, i) => totalMinor * x - parts[i]! * sum);
  let left = totalMinor - parts.reduce((a, b) => a + b, 0n);
  const order = rem.map((r, i) => ({ r, i })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[order[k % order.length]!.i]! += 1n;
  return repIds.map((repId, i) => ({ repId, amount: minorToString(parts[i]!, currency) }));
}
