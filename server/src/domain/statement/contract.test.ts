import { describe, expect, it } from 'vitest';
import { DealEstimate as DealEstimateDto } from '../../../../contract/api/deals';
import { Statement as StatementDto } from '../../../../contract/api/statements';
import { deal, plan, quota, rep } from '../testing/fixtures';
import { estimateDeal } from '../whatif/estimate';
import { computeStatements } from './compute';

/** The engine's plain data is already the API's shape: the server maps it without converting money or ratios. */
describe('engine output fits the API contract', () => {
  const input = {
    plans: [
      plan([
        { id: 'f', type: 'flat', rate: '0.05' },
        { id: 'sp', type: 'spiff', amountPerDeal: '1000' },
        { id: 'cb', type: 'clawback', withinDays: 90 },
      ]),
    ],
    reps: [rep('r1')],
    deals: [
      deal('a', 'r1', '12345.67'),
      deal('b', 'r1', '500', '2026-10-10T12:00:00+03:00', { status: 'lost', lostAt: '2026-11-02T12:00:00+03:00' }),
      deal('o', 'r1', '1000', null, { status: 'open' }),
    ],
    quotas: [quota('r1', '100000')],
    closedPeriods: ['2026-10'],
    periods: ['2026-10', '2026-11'],
  };
  it('statements parse as contract Statement DTOs', () => {
    for (const s of computeStatements(input).statements) {
      const dto = StatementDto.parse(s);
      expect(dto.total).toEqual(s.total);
      expect(dto.lines.map((l) => l.kind)).toEqual(s.lines.map((l) => l.kind));
    }
  });
  it('a deal estimate parses as the contract DealEstimate', () => {
    const e = estimateDeal(input, { dealId: 'o', repId: 'r1', asOf: '2026-11-20T12:00:00+03:00' });
    expect(DealEstimateDto.parse(e).payoutDelta).toEqual({ amount: '1050.00', currency: 'RUB' });
  });
});
