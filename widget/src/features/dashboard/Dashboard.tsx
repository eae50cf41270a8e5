/**
 * @module The rep's dashboard (app page): period picker, attainment and earnings, progress over the year,
 * the statement with explained lines, open deals ranked by what they would earn, plan acknowledgement.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Host } from '../../host/bitrix24';
import { formatDate, formatMoney, formatMoneyDelta, formatPeriod, formatRatio, monthsOf } from '../../i18n/format';
import { loadDashboard } from '../../stores/dashboard';
import { acknowledgeMyPlan, askAboutLine } from '../../stores/plan';
import type { Ctx } from '../../stores/store';
import { AttainmentChart } from '../../ui/chart';
import { useI18n } from '../../ui/i18n-context';
import { AttainmentBar } from '../../ui/progress';
import { Stat } from '../../ui/stat';
import { ErrorState, Loading, Notice } from '../../ui/states';
import { useStore } from '../../ui/use-store';
import { StatementView } from '../statement/StatementView';

export function Dashboard({ ctx, host, onRetry }: { ctx: Ctx; host: Host; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const d = useStore(ctx.store, (s) => s.dashboard);
  const role = useStore(ctx.store, (s) => s.session.data?.user.role ?? 'rep');
  const summary = d.summary.data;

  if (d.summary.status === 'error' && !summary) return <ErrorState error={d.summary.error} onRetry={onRetry} />;
  if (!summary) return <Loading />;

  const year = Number(summary.period.slice(0, 4));
  const choose = (period: string) => void loadDashboard(ctx, period);

  return (
    <div class="k-stack" data-ready="true">
      <header class="k-row k-row--between k-wrap">
        <h1 class="k-h1">{t('dash.heading')}</h1>
        <PeriodPicker year={year} value={d.period ?? summary.period} onChange={choose} />
      </header>
      {d.summary.status === 'error' && <ErrorState error={d.summary.error} onRetry={onRetry} />}
      {!summary.hasPlan ? (
        <Notice kind="info" title={t('empty.noPlan.title')}>
          <p>{t(role === 'admin' ? 'empty.noPlan.admin' : 'empty.noPlan.rep')}</p>
        </Notice>
      ) : (
        <>
          <section class="k-card" aria-label={formatPeriod(summary.period, lang, t)}>
            <dl class="k-stats k-stats--4">
              <Stat
                label={t('dash.attainment')}
                value={<span data-testid="attainment">{formatRatio(summary.attainment, lang)}</span>}
              />
              <Stat
                label={t('dash.earned')}
                value={<span data-testid="earned">{formatMoney(summary.earned, lang)}</span>}
                tone="good"
              />
              <Stat
                label={t('dash.credit')}
                value={formatMoney(summary.credit, lang, { whole: true })}
                hint={
                  summary.quota ? `${t('dash.quota')}: ${formatMoney(summary.quota, lang, { whole: true })}` : undefined
                }
              />
              <Stat
                label={t('dash.rank')}
                value={summary.rank ? t('dash.rankOf', { rank: summary.rank, of: summary.rankOf }) : t('common.none')}
              />
            </dl>
            <AttainmentBar ratio={summary.attainment} label={t('dash.attainment')} />
          </section>
          <Acknowledgement ctx={ctx} planName={summary.planName} acknowledged={d.acknowledged} />
        </>
      )}
      <History ctx={ctx} />
      <OpenDealsList ctx={ctx} host={host} />
      {d.statement.data && (
        <StatementView
          statement={d.statement.data}
          onAsk={(line, message) => askAboutLine(ctx, d.statement.data!.period, line.id, message)}
          onOpenDeal={(id) => host.openDeal(id)}
        />
      )}
      {d.statement.status === 'error' && <ErrorState error={d.statement.error} onRetry={onRetry} />}
    </div>
  );
}

function PeriodPicker({ year, value, onChange }: { year: number; value: string; onChange: (p: string) => void }) {
  const { t, lang } = useI18n();
  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return (
    <label class="k-field">
      <span>{t('dash.period')}</span>
      <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        <optgroup label={String(year)}>
          {monthsOf(year).map((m) => (
            <option key={m} value={m}>
              {formatPeriod(m, lang, t)}
            </option>
          ))}
        </optgroup>
        <optgroup label="—">
          {quarters.map((q) => (
            <option key={q} value={q}>
              {formatPeriod(q, lang, t)}
            </option>
          ))}
          <option value={String(year)}>{formatPeriod(String(year), lang, t)}</option>
        </optgroup>
      </select>
    </label>
  );
}

function Acknowledgement({
  ctx,
  planName,
  acknowledged,
}: {
  ctx: Ctx;
  planName: string | null;
  acknowledged: string | null;
}) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<'idle' | 'sending' | 'failed'>('idle');
  if (!planName) return null;
  if (acknowledged) {
    return (
      <p class="k-muted" data-testid="ack-done">
        ✓ {t('dash.ack.done', { date: formatDate(acknowledged, lang) })}
      </p>
    );
  }
  return (
    <Notice kind="info" title={t('dash.ack.prompt', { plan: planName })}>
      <button
        type="button"
        class="k-btn"
        disabled={state === 'sending'}
        onClick={() => {
          setState('sending');
          acknowledgeMyPlan(ctx).then(
            () => setState('idle'),
            () => setState('failed'),
          );
        }}
      >
        {t('dash.ack.button')}
      </button>
      {state === 'failed' && (
        <p role="alert" class="k-bad">
          {t('error.unreachable.body')}
        </p>
      )}
    </Notice>
  );
}

function History({ ctx }: { ctx: Ctx }) {
  const { t, lang } = useI18n();
  const history = useStore(ctx.store, (s) => s.dashboard.history);
  const points = useMemo(
    () =>
      (history.data?.points ?? []).map((p) => ({
        label: formatPeriod(p.period, lang, t).replace(/\s\d{4}$/, ''),
        ratio: p.attainment,
        display: `${formatRatio(p.attainment, lang)} · ${formatMoney(p.earned, lang)}`,
      })),
    [history.data, lang],
  );
  if (history.status === 'error') return null;
  if (!history.data) return <Loading />;
  if (points.length === 0) return null;
  return (
    <section class="k-card">
      <AttainmentChart points={points} title={t('dash.history')} />
    </section>
  );
}

function OpenDealsList({ ctx, host }: { ctx: Ctx; host: Host }) {
  const { t, lang } = useI18n();
  const open = useStore(ctx.store, (s) => s.dashboard.openDeals);
  if (!open.data) return open.status === 'loading' ? <Loading /> : null;
  return (
    <section class="k-card" aria-labelledby="k-open-h">
      <h2 id="k-open-h" class="k-h3">
        {t('dash.openDeals')}
      </h2>
      {open.data.deals.length === 0 ? (
        <p class="k-muted">{t('dash.openDeals.empty')}</p>
      ) : (
        <ol class="k-deals" data-testid="open-deals">
          {open.data.deals.map((deal) => (
            <li key={deal.dealId} class="k-row k-row--between">
              <span>
                <button type="button" class="k-link" onClick={() => host.openDeal(deal.dealId)}>
                  {deal.title}
                </button>
                <span class="k-muted k-small">
                  {' '}
                  · {deal.stage} · {formatMoney(deal.amount, lang, { whole: true })}
                </span>
              </span>
              <span class="k-good k-strong" title={t('dash.openDeals.wouldEarn')}>
                {formatMoneyDelta(deal.wouldEarn, lang)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
