import type { CostInfo } from '../limits';
import type { Params } from '../params';
import type { AuthContext, Portal } from '../portal';

export interface CallContext {
  method: string;
  params: Params;
  portal: Portal;
  auth: AuthContext;
  /** Emulator clock at the start of the call (unix ms). */
  now: number;
  /** Side effects to run after the answer is produced (outgoing events). */
  afterResponse: (task: () => void) => void;
}

export interface MethodResult {
  result: unknown;
  /** Lists: number of matches (0 with start=-1). */
  total?: number;
  /** Lists: start of the next page, only when more rows remain. */
  next?: number;
  /** What the call cost the database, for the operating-time model. */
  cost?: Partial<CostInfo>;
}

export type Handler = (ctx: CallContext) => MethodResult;

/** Page size of every list method (fixed by Bitrix24). */
export const PAGE_SIZE = 50;

/** Standard list envelope: `total` always; `next` only when more rows remain; start=-1 gives total 0, no next. */
export function listResult(result: unknown, rows: number, start: number, total: number | undefined): MethodResult {
  if (start < 0 || total === undefined) {
    return { result, total: 0, cost: { rows, counted: false, total: 0, offset: 0 } };
  }
  const out: MethodResult = { result, total, cost: { rows, counted: true, total, offset: start } };
  if (start + PAGE_SIZE < total) out.next = start + PAGE_SIZE;
  return out;
}
