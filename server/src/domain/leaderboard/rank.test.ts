import { describe, expect, it } from 'vitest';
import { computeStatements } from '../statement/compute';
import { deal, plan, quota, rep } from '../testing/fixtures';
import { rankLeaderboard } from './rank';

const result = computeStatements({
  plans: [plan([{ id: 'f', type: 'flat', rate: '0.1' }])],
  reps: [rep('c'), rep('a'), rep('b'), rep('d')],
  deals: [
    deal('1', 'a', '500'),
    deal('2', 'b', '500'),
    deal('3', 'c', '300'),
    deal('4', 'c', '100'),
    deal('5', 'd', '900'),
  ],
  quotas: [quota('a', '1000'), quota('b', '500'), quota('c', '400')],
  periods: ['2026-11'],
});

describe('leaderboard', () => {
  it('ranks by revenue with deterministic tie-breaks (won count, then rep id)', () => {
    expect(rankLeaderboard(result.statements, 'revenue').map((e) => [e.rank, e.repId])).toEqual([
      [1, 'd'],
      [2, 'a'],
      [3, 'b'],
      [4, 'c'],
    ]);
  });
  it('ranks by attainment; no quota ranks last', () => {
    expect(rankLeaderboard(result.statements, 'attainment').map((e) => e.repId)).toEqual(['b', 'c', 'a', 'd']);
  });
  it('ranks by won count and by commission', () => {
    expect(rankLeaderboard(result.statements, 'won_count').map((e) => e.repId)).toEqual(['c', 'd', 'a', 'b']);
    expect(rankLeaderboard(result.statements, 'commission')[0]).toMatchObject({
      repId: 'd',
      commission: { amount: '90.00' },
    });
  });
  it('does not depend on input order', () => {
    const shuffled = [...result.statements].reverse();
    expect(rankLeaderboard(shuffled, 'revenue')).toEqual(rankLeaderboard(result.statements, 'revenue'));
  });
});
