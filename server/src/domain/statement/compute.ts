import type { ComputeResult, EngineInput } from '../types';

export function computeStatements(_input: EngineInput): ComputeResult {
  throw new Error('computeStatements: not implemented yet');
}
