import ExcelJS from 'exceljs';
import { Dec } from '../admin/decimal';

/**
 * Payout exports for 1C payroll ("Зарплата и управление персоналом"): one row per employee and accrual type, amounts
 * GROSS (before НДФЛ) — 1C computes the tax itself. CSV is what Excel-ru and 1C's loaders open without a wizard:
 * UTF-8 with a BOM, `;` between fields, CRLF line ends, decimal comma, no thousands separator.
 */

export interface PayoutRow {
  /** Табельный номер when known, else the CRM user id (1C matches on either through its import mapping). */
  personnelNumber: string;
  fullName: string;
  /** Вид начисления, e.g. "Премия по итогам продаж". */
  accrualType: string;
  /** Period key (2026-11) and its calendar bounds, inclusive, as dd.mm.yyyy. */
  period: string;
  periodStart: string;
  periodEnd: string;
  /** Exact decimal string, gross. */
  amount: string;
  currency: string;
}

export const PAYROLL_COLUMNS = [
  'Табельный номер',
  'ФИО',
  'Вид начисления',
  'Период',
  'Дата начала',
  'Дата окончания',
  'Сумма (до НДФЛ)',
  'Валюта',
] as const;

/** Kopecks, as Excel-ru writes them: "-1234,50". Exact: the string is rounded with decimal.js, never a float. */
export function decimalComma(amount: string): string {
  return new Dec(amount).toFixed(2, Dec.ROUND_HALF_UP).replace('.', ',');
}

/** The sum of the rows' amounts, exact to the kopeck. */
export function payoutTotal(rows: readonly PayoutRow[]): string {
  return rows.reduce((sum, r) => sum.plus(new Dec(r.amount)), new Dec(0)).toFixed(2, Dec.ROUND_HALF_UP);
}

/**
 * A text cell as a spreadsheet reads it safely: quoted when it holds `;`, a quote or a line break, and prefixed with
 * an apostrophe when it starts like a formula (=, +, -, @), so a CRM user named "=HYPERLINK(…)" stays text.
 */
function textField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const BOM = '\uFEFF';

/** CSV bytes: BOM, `;`, CRLF, decimal comma; with `totals` an "Итого" row ends the file. */
export function payoutsCsv(rows: readonly PayoutRow[], options: { totals?: boolean } = {}): Buffer {
  const lines = [PAYROLL_COLUMNS.join(';')];
  for (const r of rows) {
    lines.push(
      [
        textField(r.personnelNumber),
        textField(r.fullName),
        textField(r.accrualType),
        r.period,
        r.periodStart,
        r.periodEnd,
        decimalComma(r.amount),
        r.currency,
      ].join(';'),
    );
  }
  if (options.totals) {
    lines.push(['', 'Итого', '', '', '', '', decimalComma(payoutTotal(rows)), rows[0]?.currency ?? ''].join(';'));
  }
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * XLSX: one sheet "Начисления", amounts as numbers with a two-decimal format (a double holds every kopeck amount
 * below 2^53 / 100 exactly enough to round-trip through toFixed(2)); with `totals` a bold "Итого" row.
 */
export async function payoutsXlsx(
  rows: readonly PayoutRow[],
  options: { totals?: boolean; title?: string } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kvota';
  const sheet = workbook.addWorksheet('Начисления');
  sheet.columns = PAYROLL_COLUMNS.map((header, i) => ({
    header,
    key: `c${i}`,
    width: [16, 36, 28, 10, 13, 15, 18, 8][i],
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.personnelNumber,
      r.fullName,
      r.accrualType,
      r.period,
      r.periodStart,
      r.periodEnd,
      Number(new Dec(r.amount).toFixed(2)),
      r.currency,
    ]);
  }
  if (options.totals) {
    const row = sheet.addRow(['', 'Итого', '', '', '', '', Number(payoutTotal(rows)), rows[0]?.currency ?? '']);
    row.font = { bold: true };
  }
  sheet.getColumn(7).numFmt = '#,##0.00';
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  if (options.title) workbook.title = options.title;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "2026-11-01" → "01.11.2026". */
export function ruDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}
