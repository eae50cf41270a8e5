import { formatMoney, formatPercent, type Lang, type Statement } from '../../domain/index';

const t = (lang: Lang, ru: string, en: string) => (lang === 'ru' ? ru : en);

/** Statements as text for a terminal: a header per rep-period, then every line with its explanation. */
export function renderTable(statements: Statement[], warnings: string[], lang: Lang): string {
  const out: string[] = [];
  for (const s of statements) {
    const status = s.status === 'locked' ? t(lang, 'закрыт', 'locked') : t(lang, 'открыт', 'open');
    out.push(`${s.repName} (${s.repId}) · ${s.period} · ${s.planName ?? '—'} v${s.planVersion ?? '—'} · ${status}`);
    const quota = s.quota ? formatMoney(s.quota, lang) : '—';
    const att = s.attainment ? formatPercent(s.attainment, lang) : '—';
    out.push(
      `  ${t(lang, 'План', 'Quota')} ${quota} · ${t(lang, 'Зачтено', 'Credit')} ${formatMoney(s.credit, lang)} · ${t(lang, 'Сделок', 'Won')} ${s.wonCount} · ${t(lang, 'Выполнение', 'Attainment')} ${att}`,
    );
    const width = Math.max(8, ...s.lines.map((l) => formatMoney(l.amount, lang).length));
    for (const l of s.lines) {
      out.push(`  ${formatMoney(l.amount, lang).padStart(width)}  ${l.ruleName}${l.dealId ? ` [${l.dealId}]` : ''}`);
      out.push(`  ${''.padStart(width)}    ${l.explanation}`);
    }
    out.push(`  ${formatMoney(s.total, lang).padStart(width)}  ${t(lang, 'ИТОГО', 'TOTAL')}`);
    out.push('');
  }
  if (statements.length === 0)
    out.push(t(lang, 'Нет ведомостей за выбранные периоды.', 'No statements for the chosen periods.'), '');
  for (const w of warnings) out.push(`${t(lang, 'Внимание', 'Warning')}: ${w}`);
  return `${out.join('\n').trimEnd()}\n`;
}
