import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Deal, Lang, PlanIssue } from '../../domain/index';
import { UsageError } from '../command';
import { jsonErrorOffset } from './json-error';

const t = (lang: Lang, ru: string, en: string) => (lang === 'ru' ? ru : en);

export function readText(path: string, lang: Lang): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? t(lang, 'файл не найден', 'file not found')
        : code === 'EISDIR'
          ? t(lang, 'это каталог', 'is a directory')
          : String(code ?? e);
    throw new UsageError(`${path}: ${why}`, 1);
  }
}

/** JSON.parse with the line and column of a syntax error. */
export function readJson(path: string, lang: Lang): unknown {
  const text = readText(path, lang);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const offset = jsonErrorOffset(text);
    let where = '';
    if (offset >= 0) {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const col = offset - before.lastIndexOf('\n');
      where = t(lang, ` (строка ${line}, столбец ${col})`, ` (line ${line}, column ${col})`);
    }
    const found =
      offset >= 0 && offset < text.length ? JSON.stringify(text[offset]) : t(lang, 'конец файла', 'end of file');
    const detail = offset >= 0 ? t(lang, `неожиданный символ ${found}`, `unexpected ${found}`) : msg;
    throw new UsageError(`${path}${where}: ${t(lang, 'некорректный JSON', 'invalid JSON')} — ${detail}`, 1);
  }
}

export function issuesError(path: string, issues: PlanIssue[], lang: Lang): UsageError {
  const head = t(lang, `${path}: найдено проблем — ${issues.length}:`, `${path}: ${issues.length} problem(s):`);
  const body = issues.map((i) => `  ${i.path}: ${i.message}\n      ${t(lang, 'допустимо', 'allowed')}: ${i.allowed}`);
  return new UsageError([head, ...body].join('\n'), 1);
}

const CSV_COLUMNS = ['id', 'title', 'ownerId', 'amount', 'currency', 'pipelineId', 'stageId', 'status', 'wonAt'];

/**
 * Deals from CSV: header row with id,title,ownerId,amount,currency,pipelineId,stageId,status,wonAt and optionally
 * lostAt, refundedAt, closedAt, splits ("r1:0.6;r2:0.4") and custom.NAME columns. A decimal comma ("12500,50") is
 * accepted. Problems are reported as "deals.csv line N, column C: …" and checked again by the deal schema.
 */
export function readDealsCsv(path: string, lang: Lang): { deals: unknown[]; lineOf: number[] } {
  const text = readText(path, lang);
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true }) as typeof rows;
  } catch (e) {
    const m = /(line|Line) (\d+)/.exec((e as Error).message);
    throw new UsageError(
      `${path}${m ? t(lang, ` строка ${m[2]}`, ` line ${m[2]}`) : ''}: ${t(lang, 'некорректный CSV', 'invalid CSV')} — ${(e as Error).message}`,
      1,
    );
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length && missing.length)
    throw new UsageError(
      `${path} ${t(lang, 'строка 1: нет столбцов', 'line 1: missing columns')} ${missing.join(', ')}`,
      1,
    );
  const deals: unknown[] = [];
  const lineOf: number[] = [];
  for (const { record, info } of rows) {
    const deal: Record<string, unknown> = {};
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) {
      if (k.startsWith('custom.')) {
        if (v !== '') custom[k.slice(7)] = v;
      } else if (k === 'splits') {
        if (v !== '')
          deal.splits = v.split(/[;|]/).map((part) => {
            const [repId, share] = part.split(':');
            return { repId: repId?.trim(), share: share?.trim() };
          });
      } else if (k === 'amount') deal.amount = /^\d+,\d+$/.test(v) ? v.replace(',', '.') : v.replace(/[\s\u00a0]/g, '');
      else if (v !== '' || ['id', 'title', 'ownerId', 'pipelineId', 'stageId'].includes(k)) deal[k] = v;
    }
    if (Object.keys(custom).length) deal.custom = custom;
    deals.push(deal);
    lineOf.push(info.lines);
  }
  return { deals, lineOf };
}

/** Rewrites "$[4].amount" to "line 6, column amount" for CSV-born deals. */
export function csvIssue(issue: PlanIssue, lineOf: number[], lang: Lang): PlanIssue {
  const m = /^\$\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
  if (!m) return issue;
  const line = lineOf[Number(m[1])];
  const col = m[2] ? t(lang, `, столбец ${m[2]}`, `, column ${m[2]}`) : '';
  return { ...issue, path: t(lang, `строка ${line}${col}`, `line ${line}${col}`) };
}

export type { Deal };
