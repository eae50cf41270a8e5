import { describe, expect, it } from 'vitest';
import type { Rule } from '../plan/types';
import { deal, plan, quota, rep } from '../testing/fixtures';
import type { EngineInput } from '../types';
import { estimateDeal } from './estimate';

const tiers: Rule = {
  id: 't',
  type: 'tiered',
  basis: 'attainment',
  method: 'marginal',
  tiers: [
    { name: 'Base', from: '0', to: '1', rate: '0.05' },
    { name: 'Over', from: '1', to: null, rate: '0.1' },
  ],
};

const input: EngineInput = {
  plans: [plan([tiers], { crediting: { pipelines: ['0'] } })],
  reps: [rep('r1'), rep('r2')],
  deals: [
    deal('won', 'r1', '80000'),
    deal('rival', 'r2', '100000'),
    deal('open', 'r1', '40000', null, { status: 'open', stageId: 'NEW' }),
    deal('other', 'r1', '1000', null, { status: 'open', pipelineId: '7' }),
    deal('gone', 'r1', '1000', null, { status: 'lost' }),
  ],
  quotas: [quota('r1', '100000'), quota('r2', '100000')],
  periods: [],
};

describe('what-if: what would this open deal add if won now', () => {
  it('40 000 on top of 80 000 (quota 100 000): 20 000 × 5 % + 20 000 × 10 % = 3 000 more, lands in "Over", rank 2 → 1', () => {
    const e = estimateDeal(input, { dealId: 'open', repId: 'r1', asOf: '2026-11-20T12:00:00+03:00' });
    expect(e).toMatchObject({
      period: '2026-11',
      counts: true,
      reason: null,
      credit: { amount: '40000.00' },
      payoutDelta: { amount: '3000.00' },
      earnedBefore: { amount: '4000.00' },
      earnedAfter: { amount: '7000.00' },
      tier: 'Over',
      attainmentBefore: '0.8',
      attainmentAfter: '1.2',
      rankBefore: 2,
      rankAfter: 1,
    });
  });
  it('says why a deal does not count', () => {
    const asOf = '2026-11-20T12:00:00+03:00';
    expect(estimateDeal(input, { dealId: 'other', repId: 'r1', asOf }).reason).toBe('pipeline_excluded');
    expect(estimateDeal(input, { dealId: 'gone', repId: 'r1', asOf }).reason).toBe('lost');
    expect(estimateDeal(input, { dealId: 'open', repId: 'r2', asOf }).reason).toBe('not_owner');
  });
  it('for a won deal reports what it added', () => {
    const e = estimateDeal(input, { dealId: 'won', repId: 'r1', asOf: '2026-11-25T12:00:00+03:00' });
    expect(e).toMatchObject({ reason: 'already_won', payoutDelta: { amount: '4000.00' } });
  });
  it('finds a plan assigned to an ancestor department, as the statements do', () => {
    const viaCompany: EngineInput = {
      ...input,
      plans: [plan([tiers], { crediting: { pipelines: ['0'] }, assignees: { departmentIds: ['company'] } })],
      reps: [rep('r1', { departmentIds: ['moscow'] }), rep('r2', { departmentIds: ['moscow'] })],
      departments: [
        { id: 'company', parentId: null, headId: null },
        { id: 'moscow', parentId: 'company', headId: null },
      ],
    };
    const e = estimateDeal(viaCompany, { dealId: 'open', repId: 'r1', asOf: '2026-11-20T12:00:00+03:00' });
    expect(e).toMatchObject({ counts: true, reason: null, payoutDelta: { amount: '3000.00' } });
  });
});
