import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decimalComma, type PayoutRow, payoutsCsv, payoutsXlsx, payoutTotal, ruDate } from './payroll-export';

const row = (personnelNumber: string, fullName: string, amount: string): PayoutRow => ({
  personnelNumber,
  fullName,
  accrualType: 'Премия по итогам продаж',
  period: '2026-11',
  periodStart: '01.11.2026',
  periodEnd: '30.11.2026',
  amount,
  currency: 'RUB',
});

describe('payroll export', () => {
  it('writes kopecks with a decimal comma, exactly', () => {
    expect(decimalComma('1234.5')).toBe('1234,50');
    expect(decimalComma('-0.005')).toBe('-0,01');
    expect(decimalComma('0.1')).toBe('0,10');
    expect(decimalComma('99999999999999.99')).toBe('99999999999999,99');
  });

  it('sums to the kopeck without binary floating point', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`${i}`, `Сотрудник ${i}`, '0.10'));
    expect(payoutTotal(rows)).toBe('1.00'); // 0.1 added ten times as floats is 0.9999999999999999
    expect(payoutTotal([row('1', 'a', '-750.25'), row('2', 'b', '1000')])).toBe('249.75');
  });

  it('keeps text cells text: quotes separators and neutralises formulas', () => {
    const csv = payoutsCsv([row('7', '=HYPERLINK("http://x";"y")', '1'), row('8', 'Иванов; Иван', '2')])
      .toString('utf8')
      .slice(1);
    const [, first, second] = csv.split('\r\n');
    expect(first).toBe(
      `7;"'=HYPERLINK(""http://x"";""y"")";Премия по итогам продаж;2026-11;01.11.2026;30.11.2026;1,00;RUB`,
    );
    expect(second?.startsWith('8;"Иванов; Иван";')).toBe(true);
  });

  it('writes an empty export as a header only, with BOM and CRLF', () => {
    const bytes = payoutsCsv([]);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(3).toString('utf8').split('\r\n')).toHaveLength(2);
  });

  it('writes XLSX numbers that round-trip to the same kopecks', async () => {
    const amounts = ['0.01', '12345678.99', '-750.25', '1000000.10'];
    const buffer = await payoutsXlsx(
      amounts.map((a, i) => row(`${i}`, `Р${i}`, a)),
      { totals: true },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Начисления')!;
    const read = amounts.map((_, i) => Number(sheet.getRow(i + 2).getCell(7).value).toFixed(2));
    expect(read).toEqual(['0.01', '12345678.99', '-750.25', '1000000.10']);
    expect(Number(sheet.getRow(amounts.length + 2).getCell(7).value).toFixed(2)).toBe('13344928.85');
  });

  it('formats dates the Russian way', () => {
    expect(ruDate('2026-02-28')).toBe('28.02.2026');
  });
});
