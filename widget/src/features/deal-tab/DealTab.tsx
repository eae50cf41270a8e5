/**
 * @module The deal card tab (CRM_DEAL_DETAIL_TAB): the owner's plan progress, earnings so far, and what THIS deal
 * adds if won now — or, when it does not count, one clear line saying why. Readable from 360 px wide.
 */
import type { DealEstimate } from '../../../../contract/api/deals';
import type { RepSummary } from '../../../../contract/api/me';
import { formatMoney, formatMoneyDelta, formatPeriod, formatRatio } from '../../i18n/format';
import type { AppStore } from '../../stores/store';
import { useI18n } from '../../ui/i18n-context';
import { AttainmentBar } from '../../ui/progress';
import { Stat } from '../../ui/stat';
import { ErrorState, Loading, Notice } from '../../ui/states';
import { useStore } from '../../ui/use-store';

export interface DealTabProps {
  store: AppStore;
  onRetry: () => void;
  onOpenDashboard: () => void;
  isAdmin: boolean;
}

export function DealTab({ store, onRetry, onOpenDashboard, isAdmin }: DealTabProps) {
  const { t, lang } = useI18n();
  const deal = useStore(store, (s) => s.deal);
  const { estimate, summary } = deal;

  if (estimate.status === 'error' || summary.status === 'error') {
    return <ErrorState error={estimate.error ?? summary.error} onRetry={onRetry} />;
  }
  if (!estimate.data || !summary.data) return <Loading />;
  const e = estimate.data;
  const s = summary.data;

  return (
    <section class="k-deal" aria-labelledby="k-deal-h" data-ready="true">
      <h1 id="k-deal-h" class="k-h2">
        {t('deal.heading')}
      </h1>
      {s.hasPlan ? <PlanProgress summary={s} /> : <NoPlan isAdmin={isAdmin} />}
      {e.counts ? <IfWon estimate={e} /> : <NotCounting estimate={e} />}
      <p class="k-actions">
        <button type="button" class="k-btn k-btn--light" onClick={onOpenDashboard}>
          {t('deal.openDashboard')}
        </button>
      </p>
      <p class="k-sr" aria-live="polite">
        {formatPeriod(e.period, lang, t)}
      </p>
    </section>
  );
}

function PlanProgress({ summary: s }: { summary: RepSummary }) {
  const { t, lang } = useI18n();
  return (
    <div class="k-card" data-testid="plan-progress">
      <p class="k-muted">
        {t('deal.planFor', { period: formatPeriod(s.period, lang, t) })}
        {s.planName ? ` · ${s.planName}` : ''}
      </p>
      <dl class="k-stats">
        <Stat
          label={t('deal.attainment')}
          value={<span data-testid="attainment">{formatRatio(s.attainment, lang)}</span>}
          hint={
            s.quota
              ? t('deal.quotaOf', {
                  credit: formatMoney(s.credit, lang, { whole: true }),
                  quota: formatMoney(s.quota, lang, { whole: true }),
                })
              : undefined
          }
        />
        <Stat label={t('deal.earnedSoFar')} value={<span data-testid="earned">{formatMoney(s.earned, lang)}</span>} />
      </dl>
      <AttainmentBar ratio={s.attainment} label={t('deal.attainment')} />
    </div>
  );
}

function NoPlan({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useI18n();
  return (
    <Notice kind="info" title={t('empty.noPlan.title')}>
      <p>{t(isAdmin ? 'empty.noPlan.admin' : 'empty.noPlan.rep')}</p>
    </Notice>
  );
}

function IfWon({ estimate: e }: { estimate: DealEstimate }) {
  const { t, lang } = useI18n();
  const won = e.reason === 'already_won';
  const share = e.share !== '1' && e.share !== '1.0';
  return (
    <div class="k-card k-card--accent" data-testid="if-won">
      <h2 class="k-h3">{t(won ? 'deal.wonAdded' : 'deal.ifWon')}</h2>
      <p class="k-big">
        <span class="k-good" data-testid="payout-delta">
          {formatMoneyDelta(e.payoutDelta, lang)}
        </span>{' '}
        <span class="k-muted">{t('deal.payoutDelta')}</span>
      </p>
      <p>
        <strong>{formatMoneyDelta(e.credit, lang)}</strong> <span class="k-muted">{t('deal.creditAdded')}</span>
      </p>
      <ul class="k-list">
        {e.tier && <li>{t('deal.tier', { tier: e.tier })}</li>}
        {e.attainmentBefore !== null && (
          <li data-testid="attainment-move">
            {t('deal.attainmentMove', {
              before: formatRatio(e.attainmentBefore, lang),
              after: formatRatio(e.attainmentAfter, lang),
            })}
          </li>
        )}
        {e.rankBefore !== null && e.rankAfter !== null && (
          <li data-testid="rank-move">
            {e.rankBefore === e.rankAfter
              ? t('deal.rankSame', { rank: e.rankAfter })
              : t('deal.rankMove', { before: e.rankBefore, after: e.rankAfter })}
          </li>
        )}
        {share && (
          <li data-testid="share">
            {t('deal.share', {
              share: formatRatio(e.share, lang),
              credit: formatMoney(e.credit, lang, { whole: true }),
              amount: formatMoney(e.amount, lang, { whole: true }),
            })}
          </li>
        )}
      </ul>
    </div>
  );
}

function NotCounting({ estimate: e }: { estimate: DealEstimate }) {
  const { t, lang } = useI18n();
  return (
    <Notice kind="warning" title={t('deal.notCounting')}>
      <p data-testid="not-counting-reason">
        {t(`deal.reason.${e.reason ?? 'no_plan'}`, { period: formatPeriod(e.period, lang, t) })}
      </p>
    </Notice>
  );
}
