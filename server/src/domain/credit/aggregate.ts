import { locate } from '../period/period';
import type { DealColumns } from '../types';
import type { OrgTree } from './rollup';
import { PPM, splitCredit } from './split';

const SAFE_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / PPM);

/** What the crediting pass needs to know about the plan timeline. */
export interface CreditSetup {
  reps: number;
  /** Period boundaries of the timeline (T + 1 UTC instants). */
  boundaries: Float64Array;
  /** Per period: index of the plan version in effect, -1 none. */
  versionAt: Int32Array;
  /** Per version: allowed pipeline / stage indices of cols (null = all). */
  pipelineOk: (Uint8Array | null)[];
  stageOk: (Uint8Array | null)[];
  /** Per version: clawback window in ms, -1 without a clawback rule. */
  clawbackWindow: number[];
  /** Per period: 1 when closed (frozen). */
  closed: Uint8Array;
  /** Per currency index of cols: converts a deal amount into plan-currency minor units; null = no rate. */
  convert: (currencyIdx: number, amountMinor: number, atMs: number) => number | null;
  baseCurrency: Int32Array;
  org: OrgTree | null;
}

export interface ClawbackEvent {
  rep: number;
  /** Period index the deal was credited (and paid) in. */
  wonPeriod: number;
  deal: number;
  credit: number;
  reversedAt: number;
}

/** Credit per rep-period with the credited deals as CSR slices (cell = rep × T + period). */
export interface CreditTable {
  T: number;
  cellCredit: Float64Array;
  cellCount: Int32Array;
  cellStart: Int32Array;
  rowDeal: Int32Array;
  rowCredit: Float64Array;
  rowPpm: Int32Array;
  teamCredit: Float64Array;
  teamCount: Int32Array;
  clawbacks: ClawbackEvent[];
  missingRate: Set<number>;
}

/**
 * The crediting pass over every deal: which deals count (won, pipeline/stage of the plan version, credit date = won
 * date in the plan time zone), split credit conserving every kopeck, roll-up to every department above each rep.
 *
 * Exactness: amounts are integer minor units in float64, exact below 2^53. Credits are non-negative, so every partial
 * sum is at most the grand total; the pass checks the grand total stays below 2^53 (9·10^13 ₽) and throws otherwise.
 */
export function creditDeals(cols: DealColumns, s: CreditSetup): CreditTable {
  const T = s.boundaries.length - 1;
  const R = s.reps;
  const n = cols.count;
  const cells = R * T;
  const cellCount = new Int32Array(cells);
  const cellCredit = new Float64Array(cells);
  const org = s.org;
  const D = org ? org.departments.length : 0;
  const teamCredit = new Float64Array(D * T);
  const teamCount = new Int32Array(D * T);
  const lastDeal = new Int32Array(D).fill(-1);
  const clawbacks: ClawbackEvent[] = [];
  const missingRate = new Set<number>();
  const rem = new Float64Array(64);
  const part = new Float64Array(64);
  // Pass 1: which deals count, in which period, for how much (plan currency) — and how many rows each cell gets.
  const dealT = new Int32Array(n).fill(-1);
  const { status, wonAt, reversedAt, amountMinor, pipeline, stage, currency, owner } = cols;
  // Converted amounts only when some deal is in another currency; otherwise the amounts column is read as is.
  const converting = s.baseCurrency.some((x, i) => x === 0 && i < cols.currencies.length);
  const dealAmount = converting ? new Float64Array(n) : amountMinor;
  const dealClawback = new Uint8Array(n);
  let grand = 0;
  const splitStart = cols.splitStart;
  const splitRep = cols.splitRep;
  const splitPpm = cols.splitPpm;
  let rows = 0;
  for (let d = 0; d < n; d++) {
    const st = status[d]!;
    if (st === 0) continue;
    const won = wonAt[d]!;
    if (Number.isNaN(won)) continue; // never won
    const t = locate(s.boundaries, won);
    if (t < 0) continue;
    const v = s.versionAt[t]!;
    if (v < 0) continue;
    const pOk = s.pipelineOk[v];
    if (pOk && pOk[pipeline[d]!] === 0) continue;
    const sOk = s.stageOk[v];
    if (sOk && sOk[stage[d]!] === 0) continue;
    const rev = reversedAt[d]!;
    if (!Number.isNaN(rev) || st === 2) {
      if (s.closed[t] === 0) continue; // open period: a lost/refunded deal simply does not count
      const w = s.clawbackWindow[v]!;
      if (w >= 0 && !Number.isNaN(rev) && rev - won <= w) dealClawback[d] = 1;
    }
    const cur = currency[d]!;
    let amount = amountMinor[d]!;
    if (s.baseCurrency[cur] === 0) {
      const c = s.convert(cur, amount, won);
      if (c === null) {
        missingRate.add(cur);
        continue;
      }
      amount = c;
    }
    grand += amount;
    dealT[d] = t;
    if (converting) dealAmount[d] = amount;
    if (splitStart) {
      const a1 = splitStart[d + 1]!;
      if (a1 - splitStart[d]! > 64) throw new Error(`deal ${cols.ids[d]}: more than 64 split shares`);
      for (let j = splitStart[d]!; j < a1; j++) {
        const rep = splitRep![j]!;
        if (rep >= 0) {
          cellCount[rep * T + t]!++;
          rows++;
        }
      }
    } else if (owner[d]! >= 0) {
      cellCount[owner[d]! * T + t]!++;
      rows++;
    }
  }
  if (grand > Number.MAX_SAFE_INTEGER)
    throw new Error('total credited amount exceeds 2^53 minor units; cannot stay exact');
  // Pass 2: split each counted deal and write its rows straight into their cell's slice (a counting sort).
  const cellStart = new Int32Array(cells + 1);
  for (let c = 0; c < cells; c++) cellStart[c + 1] = cellStart[c]! + cellCount[c]!;
  const fill = cellStart.slice(0, cells);
  const rowDeal = new Int32Array(rows);
  const rowCredit = new Float64Array(rows);
  const rowPpm = new Int32Array(rows);
  for (let d = 0; d < n; d++) {
    const t = dealT[d]!;
    if (t < 0) continue;
    const amount = dealAmount[d]!;
    const a0 = splitStart ? splitStart[d]! : d;
    const a1 = splitStart ? splitStart[d + 1]! : d + 1;
    const k = a1 - a0;
    if (k === 1 || !splitStart) {
      // Sole owner (or a single 100 % split).
      part[0] = amount;
    } else if (amount > SAFE_AMOUNT) {
      const exact = splitCredit(amount, splitPpm!.subarray(a0, a1));
      for (let j = 0; j < k; j++) part[j] = exact[j]!;
    } else {
      // Largest-remainder split: floors first, then one kopeck each to the largest remainders (ties: earlier split).
      let given = 0;
      for (let j = 0; j < k; j++) {
        const p = amount * splitPpm![a0 + j]!;
        const q = Math.floor(p / PPM);
        part[j] = q;
        rem[j] = p - q * PPM;
        given += q;
      }
      for (let left = amount - given; left > 0; left--) {
        let best = 0;
        for (let j = 1; j < k; j++) if (rem[j]! > rem[best]!) best = j;
        part[best]! += 1;
        rem[best] = -1;
      }
    }
    for (let j = 0; j < k; j++) {
      const rep = splitStart ? splitRep![a0 + j]! : owner[d]!;
      if (rep < 0) continue;
      const credit = part[j]!;
      const cell = rep * T + t;
      const at = fill[cell]!++;
      rowDeal[at] = d;
      rowCredit[at] = credit;
      rowPpm[at] = splitStart ? splitPpm![a0 + j]! : PPM;
      cellCredit[cell]! += credit;
      if (dealClawback[d] === 1) clawbacks.push({ rep, wonPeriod: t, deal: d, credit, reversedAt: reversedAt[d]! });
      if (org) {
        const anc = org.repAncestors[rep]!;
        for (let x = 0; x < anc.length; x++) {
          const dep = anc[x]!;
          teamCredit[dep * T + t]! += credit;
          if (lastDeal[dep] !== d) {
            lastDeal[dep] = d;
            teamCount[dep * T + t]!++;
          }
        }
      }
    }
  }
  return {
    T,
    cellCredit,
    cellCount,
    cellStart,
    rowDeal,
    rowCredit,
    rowPpm,
    teamCredit,
    teamCount,
    clawbacks,
    missingRate,
  };
}
