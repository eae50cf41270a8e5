import type Decimal from 'decimal.js';
import type { RoundingMode } from '../plan/types';
import { Dec } from './decimal';

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  half_up: Dec.ROUND_HALF_UP,
  half_even: Dec.ROUND_HALF_EVEN,
  down: Dec.ROUND_DOWN,
  up: Dec.ROUND_UP,
};

/**
 * THE rounding rule of the engine — the only place an amount loses precision. Every statement line is computed in
 * exact decimal minor units and rounded here to a whole minor unit (kopeck) with the plan's mode (default half_up:
 * 0.5 kopeck rounds away from zero, so −0.5 → −1, which keeps a clawback the mirror of the commission it reverses).
 */
export function roundMinor(minorUnits: Dec, mode: RoundingMode = 'half_up'): Dec {
  return minorUnits.toDecimalPlaces(0, MODES[mode]);
}
