import { describe, expect, it } from 'vitest';
import { parseAmountCell, parseQuotaCsv } from './quota-csv';

const reps = new Set(['1', '2', '3']);

describe('quota CSV parsing', () => {
  it('reads amounts as Excel-ru and Google Sheets write them', () => {
    expect(parseAmountCell('1 500 000,50')).toBe('1500000.50');
    expect(parseAmountCell('1\u00A0500\u00A0000')).toBe('1500000');
    expect(parseAmountCell('250000.5')).toBe('250000.5');
    expect(parseAmountCell('100 000 ₽')).toBe('100000');
    expect(parseAmountCell('-5')).toBeNull();
    expect(parseAmountCell('1e6')).toBeNull();
    expect(parseAmountCell('1,000.50')).toBeNull();
  });

  it('accepts comma-separated files with English headers and quoted cells', () => {
    const { rows, issues } = parseQuotaCsv(
      'rep_id,period,amount,count\n1,2026-Q1,"300000.00",12\n2,2026-Q1,,5\n',
      reps,
    );
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { line: 2, repId: '1', period: '2026-Q1', amount: '300000.00', count: 12 },
      { line: 3, repId: '2', period: '2026-Q1', amount: null, count: 5 },
    ]);
  });

  it('reports a missing header column once, and an empty file', () => {
    expect(parseQuotaCsv('ФИО;Сумма\nИванов;100', reps).issues).toMatchObject([{ path: 'line 1' }]);
    expect(parseQuotaCsv('rep_id;period;amount\n', reps).issues).toMatchObject([{ path: 'csv' }]);
  });

  it('lists every problem of every bad row and skips blank lines', () => {
    const { rows, issues } = parseQuotaCsv(
      'rep_id;period;amount;count\n9;2026-00;x;-1\n\n3;2026-11;5;\n3;2026-11;6;\n',
      reps,
    );
    expect(rows).toHaveLength(1);
    expect(issues.map((i) => i.path)).toEqual([
      'line 2, rep_id',
      'line 2, period',
      'line 2, amount',
      'line 2, count',
      'line 5',
    ]);
  });
});
