import type { RoundingMode } from '../plan/types';
import { type Q, qd } from './q';

/**
 * THE rounding rule of the engine — the only place an amount loses precision. Every statement line is computed as an
 * exact fraction of minor units and rounded here to a whole minor unit (kopeck) with the plan's mode. Default
 * half_up: exactly half a kopeck rounds away from zero (0.5 → 1, −0.5 → −1), so a clawback mirrors the commission it
 * reverses. half_even (banker's), down (toward zero) and up (away from zero) are there for plans that say so.
 */
export function roundQ(x: Q, mode: RoundingMode = 'half_up'): bigint {
  const { n, d } = x;
  if (d === 1n) return n;
  const negative = n < 0n;
  const a = negative ? -n : n;
  let q = a / d;
  const r = a - q * d;
  if (r !== 0n) {
    const twice = r * 2n;
    if (mode === 'up') q += 1n;
    else if (mode === 'half_up') {
      if (twice >= d) q += 1n;
    } else if (mode === 'half_even') {
      if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
    }
  }
  return negative ? -q : q;
}

/** The same rule for a decimal.js value (for callers outside the engine that hold Dec amounts of minor units). */
export function roundMinor(minorUnits: { toFixed(): string }, mode: RoundingMode = 'half_up'): bigint {
  return roundQ(qd(minorUnits.toFixed()), mode);
}
