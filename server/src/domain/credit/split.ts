/** Shares are millionths: 1 000 000 = 100 %. */
export const PPM = 1_000_000;

/** amount × ppm stays an exact double while amount ≤ this (2^53 / 10^6). */
const SAFE_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / PPM);

/**
 * Split a deal's credit (integer minor units) by shares summing to 1 000 000 ppm, conserving every kopeck:
 * each rep gets floor(amount × share); the few kopecks left (fewer than the number of reps) go one each to the
 * largest fractional remainders, ties to the earlier split. Σ result = amount, always.
 */
export function splitCredit(amountMinor: number, sharesPpm: ArrayLike<number>): number[] {
  const n = sharesPpm.length;
  const out = new Array<number>(n);
  const rem = new Array<number>(n);
  let given = 0;
  if (Math.abs(amountMinor) <= SAFE_AMOUNT) {
    for (let i = 0; i < n; i++) {
      const p = amountMinor * sharesPpm[i]!;
      const q = Math.floor(p / PPM);
      out[i] = q;
      rem[i] = p - q * PPM;
      given += q;
    }
  } else {
    const a = BigInt(amountMinor);
    for (let i = 0; i < n; i++) {
      const p = a * BigInt(sharesPpm[i]!);
      let q = p / BigInt(PPM);
      if (p < 0n && q * BigInt(PPM) !== p) q -= 1n;
      out[i] = Number(q);
      rem[i] = Number(p - q * BigInt(PPM));
      given += out[i]!;
    }
  }
  let left = amountMinor - given;
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => rem[y]! - rem[x]! || x - y);
    for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]!]! += 1;
  }
  return out;
}

/** "0.6" → 600000; null when not a decimal in [0, 1] with at most 6 decimals. */
export function shareToPpm(share: string): number | null {
  const m = /^(0|1)(?:\.(\d{1,6}))?$/.exec(share);
  if (!m) return null;
  const ppm = Number(m[1]) * PPM + Number((m[2] ?? '').padEnd(6, '0'));
  return ppm <= PPM ? ppm : null;
}

export function ppmToShare(ppm: number): string {
  if (ppm === PPM) return '1';
  return `0.${String(ppm).padStart(6, '0')}`.replace(/\.?0+$/, '') || '0';
}
