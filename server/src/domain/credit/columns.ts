import { toMinorNumber } from '../money/money';
import type { Deal, DealColumns, Rep } from '../types';
import { shareToPpm } from './split';

const STATUS = { open: 0, won: 1, lost: 2 } as const;

function instant(value: string | null | undefined): number {
  if (!value) return Number.NaN;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not an ISO instant: "${value}"`);
  return ms;
}

function interner(): { index(value: string): number; values: string[] } {
  const map = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    index(value) {
      let i = map.get(value);
      if (i === undefined) {
        i = values.length;
        values.push(value);
        map.set(value, i);
      }
      return i;
    },
  };
}

/**
 * Deal objects → columns. Reps unknown to `reps` get index -1 and earn nothing. Throws a plain Error naming the deal
 * on malformed values (the CLI validates files before, so this is a programming error there).
 */
export function toDealColumns(deals: Deal[], reps: Rep[]): DealColumns {
  const n = deals.length;
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  const currencies = interner();
  const pipelines = interner();
  const stages = interner();
  const cols: DealColumns = {
    kind: 'columns',
    count: n,
    ids: new Array(n),
    titles: new Array(n),
    owner: new Int32Array(n),
    amountMinor: new Float64Array(n),
    currency: new Uint16Array(n),
    currencies: currencies.values,
    pipeline: new Int32Array(n),
    pipelines: pipelines.values,
    stage: new Int32Array(n),
    stages: stages.values,
    status: new Uint8Array(n),
    wonAt: new Float64Array(n),
    reversedAt: new Float64Array(n),
    source: deals,
  };
  const splitStart = new Int32Array(n + 1);
  const splitRep: number[] = [];
  const splitPpm: number[] = [];
  let anySplit = false;
  deals.forEach((d, i) => {
    cols.ids[i] = d.id;
    cols.titles![i] = d.title;
    cols.owner[i] = repIndex.get(d.ownerId) ?? -1;
    cols.amountMinor[i] = toMinorNumber(d.amount, d.currency);
    cols.currency[i] = currencies.index(d.currency);
    cols.pipeline[i] = pipelines.index(d.pipelineId);
    cols.stage[i] = stages.index(d.stageId);
    cols.status[i] = STATUS[d.status];
    cols.wonAt[i] = instant(d.wonAt);
    const reversal = d.status === 'lost' ? instant(d.lostAt ?? d.closedAt) : instant(d.refundedAt);
    cols.reversedAt[i] = Number.isNaN(cols.wonAt[i]!) ? Number.NaN : reversal;
    splitStart[i] = splitRep.length;
    if (d.splits && d.splits.length > 0) {
      anySplit = true;
      for (const s of d.splits) {
        const ppm = shareToPpm(s.share);
        if (ppm === null)
          throw new Error(`deal ${d.id}: split share "${s.share}" is not a ratio 0–1 with ≤ 6 decimals`);
        splitRep.push(repIndex.get(s.repId) ?? -1);
        splitPpm.push(ppm);
      }
    } else {
      splitRep.push(cols.owner[i]!);
      splitPpm.push(1_000_000);
    }
  });
  splitStart[n] = splitRep.length;
  if (anySplit) {
    cols.splitStart = splitStart;
    cols.splitRep = Int32Array.from(splitRep);
    cols.splitPpm = Int32Array.from(splitPpm);
  }
  return cols;
}

export function isColumns(deals: Deal[] | DealColumns): deals is DealColumns {
  return !Array.isArray(deals) && (deals as DealColumns).kind === 'columns';
}
