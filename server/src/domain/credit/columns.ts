import type { Deal, DealColumns, Rep } from '../types';

export function toDealColumns(_deals: Deal[], _reps: Rep[]): DealColumns {
  throw new Error('toDealColumns: not implemented yet');
}
