import { Dec, dec } from '../money/decimal';
import { minorToString, toMinor } from '../money/money';

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
  const w = repIds.map((_, i) => (method === 'equal' ? new Dec(1) : dec(weights?.[i] ?? '0')));
  const sum = w.reduce((a, b) => a.plus(b), new Dec(0));
  if (sum.lte(0)) throw new Error('allocateQuota: weights must have a positive sum');
  const exact = w.map((x) => totalMinor.times(x).div(sum));
  const parts = exact.map((x) => x.floor());
  let left = totalMinor.minus(parts.reduce((a, b) => a.plus(b), new Dec(0))).toNumber();
  const order = exact.map((x, i) => ({ i, r: x.minus(parts[i]!) })).sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) {
    const idx = order[k % order.length]!.i;
    parts[idx] = parts[idx]!.plus(1);
  }
  return repIds.map((repId, i) => ({ repId, amount: minorToString(parts[i]!, currency) }));
}
