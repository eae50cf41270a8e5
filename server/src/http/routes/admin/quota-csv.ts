import { parse } from 'csv-parse/sync';
import type { ValidationIssue } from '../../../../../contract/errors';
import { PeriodKey } from '../../../../../contract/money';

/**
 * Bulk quota import from a spreadsheet. Accepts what admins actually export from Excel-ru and Google Sheets:
 * `;` or `,` separators, a BOM, Russian or English headers, amounts with spaces or non-breaking spaces between
 * thousands and a decimal comma ("1 500 000,50"). Every bad row is reported (line number as the spreadsheet shows
 * it, column, what is allowed); the caller writes nothing unless there are no issues at all.
 */

export interface QuotaCsvRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  repId: string;
  period: string;
  /** Normalised decimal string, or null when the cell is empty. */
  amount: string | null;
  count: number | null;
}

export interface QuotaCsvResult {
  rows: QuotaCsvRow[];
  issues: ValidationIssue[];
}

const HEADERS: Record<'repId' | 'period' | 'amount' | 'count', string[]> = {
  repId: ['rep_id', 'repid', 'user_id', 'id сотрудника', 'сотрудник id', 'id пользователя', 'id'],
  period: ['period', 'период'],
  amount: ['amount', 'quota', 'сумма', 'план', 'план (сумма)'],
  count: ['count', 'deals', 'количество', 'план (сделки)', 'сделки'],
};

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** "1 500 000,50" / "1500000.5" → "1500000.50"-like exact string, or null if not a non-negative decimal. */
export function parseAmountCell(raw: string): string | null {
  const compact = raw.replace(/[\s\u00A0\u202F]/g, '').replace(/₽|руб\.?|RUB/gi, '');
  const dotted = compact.includes(',') && !compact.includes('.') ? compact.replace(',', '.') : compact;
  return /^\d+(\.\d+)?$/.test(dotted) ? dotted : null;
}

function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  for (const ch of firstLine) if (ch in counts) counts[ch as keyof typeof counts] += 1;
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[';'] >= counts[','] && counts[';'] > 0 ? ';' : ',';
}

export function parseQuotaCsv(text: string, knownRepIds: ReadonlySet<string>): QuotaCsvResult {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(firstLine),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      rows: [],
      issues: [
        {
          path: line ? `line ${line}` : 'csv',
          message: `The file is not valid CSV: ${(error as Error).message}`,
          expected: 'CSV with a header row',
        },
      ],
    };
  }
  const header = (records[0] ?? []).map(normaliseHeader);
  const col = (key: keyof typeof HEADERS) => header.findIndex((h) => HEADERS[key].includes(h));
  const idx = { repId: col('repId'), period: col('period'), amount: col('amount'), count: col('count') };
  const issues: ValidationIssue[] = [];
  if (idx.repId < 0 || idx.period < 0 || (idx.amount < 0 && idx.count < 0)) {
    issues.push({
      path: 'line 1',
      message: `The header row must name the columns; found: ${header.join(', ') || 'nothing'}`,
      expected: 'rep_id (ID сотрудника); period (Период); amount (Сумма) and/or count (Количество)',
    });
    return { rows: [], issues };
  }

  const rows: QuotaCsvRow[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < records.length; i += 1) {
    const cells = records[i] ?? [];
    const line = i + 1;
    if (cells.every((c) => c === '')) continue;
    const cell = (k: number) => (k >= 0 ? (cells[k] ?? '') : '');
    const rowIssues: ValidationIssue[] = [];
    const repId = cell(idx.repId);
    const period = cell(idx.period);
    const amountRaw = cell(idx.amount);
    const countRaw = cell(idx.count);
    if (!repId)
      rowIssues.push({ path: `line ${line}, rep_id`, message: 'The rep id is empty', expected: 'a CRM user id' });
    else if (!knownRepIds.has(repId)) {
      rowIssues.push({
        path: `line ${line}, rep_id`,
        message: `No user with id "${repId}" in this portal`,
        expected: 'the id of a synced CRM user',
      });
    }
    if (!PeriodKey.safeParse(period).success) {
      rowIssues.push({
        path: `line ${line}, period`,
        message: `"${period}" is not a period`,
        expected: '2026-11, 2026-Q4, 2026-H2 or 2026',
      });
    }
    const amount = amountRaw === '' ? null : parseAmountCell(amountRaw);
    if (amountRaw !== '' && amount === null) {
      rowIssues.push({
        path: `line ${line}, amount`,
        message: `"${amountRaw}" is not an amount`,
        expected: 'a non-negative number such as 1500000 or 1 500 000,50',
      });
    }
    let count: number | null = null;
    if (countRaw !== '') {
      if (/^\d{1,9}$/.test(countRaw)) count = Number(countRaw);
      else
        rowIssues.push({
          path: `line ${line}, count`,
          message: `"${countRaw}" is not a deal count`,
          expected: 'a whole number ≥ 0',
        });
    }
    if (amountRaw === '' && countRaw === '') {
      rowIssues.push({
        path: `line ${line}`,
        message: 'Neither amount nor count is given',
        expected: 'at least one of them',
      });
    }
    const key = `${repId}\u0000${period}`;
    const earlier = seen.get(key);
    if (repId && period && earlier !== undefined) {
      rowIssues.push({
        path: `line ${line}`,
        message: `Rep "${repId}" already has a quota for ${period} on line ${earlier}`,
        expected: 'one row per rep and period',
      });
    } else seen.set(key, line);
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else rows.push({ line, repId, period, amount, count });
  }
  if (rows.length === 0 && issues.length === 0) {
    issues.push({
      path: 'csv',
      message: 'The file has no data rows',
      expected: 'at least one quota row under the header',
    });
  }
  return { rows, issues };
}
