import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ppmToShare, shareToPpm, splitCredit } from './split';

describe('split credit', () => {
  it('conserves every kopeck: 100,01 ₽ in thirds = 33,34 + 33,34 + 33,33', () => {
    // 10001 × 1/3 = 3333.67 each: floors 3333 ×3 = 9999, 2 kopecks left go to the largest remainders (ties: first).
    expect(splitCredit(10001, [333334, 333333, 333333])).toEqual([3334, 3334, 3333]);
  });
  it('60/40 of 700 000,01 ₽', () => {
    expect(splitCredit(70000001, [600000, 400000])).toEqual([42000001, 28000000]);
  });
  it('stays exact beyond 2^53 / 10^6 through BigInt', () => {
    const big = 2 ** 52 + 1;
    const parts = splitCredit(big, [500000, 500000]);
    expect(parts[0]! + parts[1]!).toBe(big);
  });
  it('parses shares', () => {
    expect(shareToPpm('0.6')).toBe(600000);
    expect(shareToPpm('1')).toBe(1000000);
    expect(shareToPpm('1.5')).toBeNull();
    expect(shareToPpm('0.1234567')).toBeNull();
    expect(ppmToShare(333334)).toBe('0.333334');
  });
  it('any split sums to 100 % of the credit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (amount, raw) => {
          // Turn raw weights into ppm shares that sum to exactly 1 000 000.
          const total = raw.reduce((a, b) => a + b, 0);
          const ppm = raw.map((w) => Math.floor((w * 1_000_000) / total));
          ppm[0]! += 1_000_000 - ppm.reduce((a, b) => a + b, 0);
          const parts = splitCredit(amount, ppm);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          for (const p of parts) expect(p).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
