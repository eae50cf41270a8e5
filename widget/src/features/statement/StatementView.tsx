/** @module A statement: every payout line with its explanation, the credited deals, and a question on any line. */
import { useState } from 'preact/hooks';
import type { Statement, StatementLine } from '../../../../contract/api/statements';
import { formatDate, formatMoney, formatPeriod, formatRatio } from '../../i18n/format';
import { useI18n } from '../../ui/i18n-context';

export interface StatementProps {
  statement: Statement;
  /** Sends a question about a line; absent when the viewer may not ask (e.g. a manager reading a rep's). */
  onAsk?: (line: StatementLine, message: string) => Promise<void>;
  onOpenDeal?: (dealId: string) => void;
}

export function StatementView({ statement: s, onAsk, onOpenDeal }: StatementProps) {
  const { t, lang } = useI18n();
  return (
    <section class="k-card" aria-labelledby="k-st-h" data-testid="statement">
      <header class="k-row k-row--between">
        <h2 id="k-st-h" class="k-h3">
          {t('statement.heading')}: {s.repName} · {formatPeriod(s.period, lang, t)}
        </h2>
        <span class={`k-badge k-badge--${s.status}`}>{t(`statement.status.${s.status}`)}</span>
      </header>
      {s.lines.length === 0 ? (
        <p class="k-muted">{t('statement.empty')}</p>
      ) : (
        <table class="k-table">
          <caption class="k-sr">{t('statement.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statement.col.line')}</th>
              <th scope="col" class="k-num k-hide-narrow">
                {t('statement.col.base')}
              </th>
              <th scope="col" class="k-num k-hide-narrow">
                {t('statement.col.rate')}
              </th>
              <th scope="col" class="k-num">
                {t('statement.col.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((line) => (
              <LineRow key={line.id} line={line} onAsk={onAsk} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3} class="k-hide-narrow-span">
                {t('statement.total')}
              </th>
              <td class="k-num k-strong" data-testid="statement-total">
                {formatMoney(s.total, lang)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      {s.deals.length > 0 && (
        <details class="k-details">
          <summary>{t('statement.deals', { count: s.deals.length })}</summary>
          <table class="k-table">
            <thead>
              <tr>
                <th scope="col">{t('statement.col.deal')}</th>
                <th scope="col" class="k-hide-narrow">
                  {t('statement.col.wonAt')}
                </th>
                <th scope="col" class="k-num">
                  {t('statement.col.share')}
                </th>
                <th scope="col" class="k-num">
                  {t('statement.col.credit')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.deals.map((d) => (
                <tr key={d.dealId}>
                  <td>
                    {onOpenDeal ? (
                      <button type="button" class="k-link" onClick={() => onOpenDeal(d.dealId)}>
                        {d.title}
                      </button>
                    ) : (
                      d.title
                    )}
                  </td>
                  <td class="k-hide-narrow">{formatDate(d.wonAt, lang)}</td>
                  <td class="k-num">{formatRatio(d.share, lang)}</td>
                  <td class="k-num">{formatMoney(d.credit, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** Focus follows the user into the question form they just opened. */
const focusOnMount = (el: HTMLTextAreaElement | null) => {
  if (el && document.activeElement !== el) el.focus();
};

function LineRow({ line, onAsk }: { line: StatementLine; onAsk?: StatementProps['onAsk'] }) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  const formId = `k-ask-${line.id}`;
  return (
    <>
      <tr>
        <td>
          <span class="k-strong">{t(`statement.kind.${line.kind}`)}</span> · {line.ruleName}
          <p class="k-muted k-small">{line.explanation}</p>
          {onAsk && !asking && state !== 'sent' && (
            <button type="button" class="k-link k-small" onClick={() => setAsking(true)} aria-controls={formId}>
              {t('inquiry.button')}
            </button>
          )}
          {state === 'sent' && (
            <p class="k-small k-good" role="status">
              {t('inquiry.sent')}
            </p>
          )}
        </td>
        <td class="k-num k-hide-narrow">{line.base ? formatMoney(line.base, lang) : t('common.none')}</td>
        <td class="k-num k-hide-narrow">{line.rate ? formatRatio(line.rate, lang) : t('common.none')}</td>
        <td class={`k-num${line.amount.amount.startsWith('-') ? ' k-bad' : ''}`}>{formatMoney(line.amount, lang)}</td>
      </tr>
      {asking && onAsk && (
        <tr>
          <td colSpan={4}>
            <form
              id={formId}
              class="k-ask"
              onSubmit={(ev) => {
                ev.preventDefault();
                if (!text.trim()) return;
                setState('sending');
                onAsk(line, text.trim()).then(
                  () => {
                    setState('sent');
                    setAsking(false);
                  },
                  () => setState('failed'),
                );
              }}
            >
              <label for={`${formId}-text`}>{t('inquiry.label')}</label>
              <textarea
                id={`${formId}-text`}
                ref={focusOnMount}
                rows={2}
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              />
              <div class="k-row">
                <button type="submit" class="k-btn" disabled={state === 'sending'}>
                  {t('inquiry.send')}
                </button>
                <button type="button" class="k-btn k-btn--light" onClick={() => setAsking(false)}>
                  {t('common.close')}
                </button>
                {state === 'failed' && (
                  <span role="alert" class="k-bad k-small">
                    {t('inquiry.unavailable')}
                  </span>
                )}
              </div>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
