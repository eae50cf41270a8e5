/**
 * @module The manager view: department picker (their subtrees), leaderboard by metric with attainment bars, team
 * attainment over time, drill into a rep's statement. Live: rows move when a deal is won, announced politely.
 */
import { useMemo } from 'preact/hooks';
import type { Leaderboard, LeaderboardMetric } from '../../../../contract/api/leaderboard';
import type { Host } from '../../host/bitrix24';
import { formatMoney, formatPeriod, formatRatio } from '../../i18n/format';
import type { Ctx } from '../../stores/store';
import { drillInto, selectTeam } from '../../stores/team';
import { AttainmentChart } from '../../ui/chart';
import { useI18n } from '../../ui/i18n-context';
import { AttainmentBar } from '../../ui/progress';
import { ErrorState, Loading } from '../../ui/states';
import { useStore } from '../../ui/use-store';
import { StatementView } from '../statement/StatementView';

/** Moves focus to the drill-down's Back button when the user opens a statement (focus follows the new view). */
const focusOnMount = (el: HTMLButtonElement | null) => {
  if (el && document.activeElement !== el) el.focus();
};

const METRICS: LeaderboardMetric[] = ['revenue', 'won_count', 'attainment', 'commission'];

export function TeamView({ ctx, host, onRetry }: { ctx: Ctx; host: Host; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const team = useStore(ctx.store, (s) => s.team);
  const role = useStore(ctx.store, (s) => s.session.data?.user.role ?? 'rep');
  const live = useStore(ctx.store, (s) => s.live);
  const lb = team.leaderboard.data;

  if (team.drill) {
    const st = team.drill.statement;
    return (
      <div class="k-stack">
        <button type="button" class="k-btn k-btn--light" onClick={() => void drillInto(ctx, null)} ref={focusOnMount}>
          ← {t('common.back')}
        </button>
        {st.data ? (
          <StatementView statement={st.data} onOpenDeal={(id) => host.openDeal(id)} />
        ) : st.status === 'error' ? (
          <ErrorState error={st.error} onRetry={() => void drillInto(ctx, team.drill?.repId ?? null)} />
        ) : (
          <Loading />
        )}
      </div>
    );
  }

  return (
    <div class="k-stack">
      <header class="k-row k-row--between k-wrap">
        <h1 class="k-h1">{t('lb.heading')}</h1>
        <span class={`k-live k-live--${live}`}>{t('lb.live')}</span>
      </header>
      <div class="k-row k-wrap k-gap">
        {role !== 'rep' && (
          <label class="k-field">
            <span>{t('lb.department')}</span>
            <select
              value={team.departmentId ?? ''}
              onChange={(e) => void selectTeam(ctx, { departmentId: (e.target as HTMLSelectElement).value || null })}
            >
              <option value="">{t('lb.allDepartments')}</option>
              {(team.departments.data?.departments ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset class="k-segmented">
          <legend class="k-sr">{t('lb.metric')}</legend>
          {METRICS.map((m) => (
            <label key={m} class={team.metric === m ? 'is-active' : ''}>
              <input
                type="radio"
                name="k-metric"
                value={m}
                checked={team.metric === m}
                onChange={() => void selectTeam(ctx, { metric: m })}
              />
              {t(`lb.metric.${m}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <p class="k-sr" aria-live="polite" data-testid="live-count" data-count={team.liveUpdates}>
        {team.liveUpdates > 0 ? `${t('lb.updated')} (${team.liveUpdates})` : ''}
      </p>
      {team.leaderboard.status === 'error' && <ErrorState error={team.leaderboard.error} onRetry={onRetry} />}
      {!lb ? (
        team.leaderboard.status === 'loading' ? (
          <Loading />
        ) : null
      ) : (
        <section class="k-card" aria-labelledby="k-lb-h">
          <h2 id="k-lb-h" class="k-h3">
            {formatPeriod(lb.period, lang, t)} · {t(`lb.metric.${lb.metric}`)}
          </h2>
          <p class="k-muted" data-testid="team-line">
            {lb.team.quota
              ? t('lb.team', {
                  attainment: formatRatio(lb.team.attainment, lang),
                  credit: formatMoney(lb.team.credit, lang, { whole: true }),
                  quota: formatMoney(lb.team.quota, lang, { whole: true }),
                })
              : t('lb.teamNoQuota', { credit: formatMoney(lb.team.credit, lang, { whole: true }) })}
          </p>
          {lb.rows.length === 0 ? (
            <p class="k-muted">{t('lb.empty')}</p>
          ) : (
            <table class="k-table k-lb" data-testid="leaderboard">
              <thead>
                <tr>
                  <th scope="col" class="k-num">
                    {t('lb.col.rank')}
                  </th>
                  <th scope="col">{t('lb.col.rep')}</th>
                  <th scope="col" class="k-hide-narrow">
                    {t('lb.col.attainment')}
                  </th>
                  <th scope="col" class="k-num">
                    {t('lb.col.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lb.rows.map((r) => (
                  <tr key={r.repId} data-rep={r.repId}>
                    <td class="k-num k-strong">{r.rank}</td>
                    <td>
                      {role !== 'rep' ? (
                        <button
                          type="button"
                          class="k-link"
                          aria-label={t('lb.open', { name: r.repName })}
                          onClick={() => void drillInto(ctx, r.repId)}
                        >
                          {r.repName}
                        </button>
                      ) : (
                        r.repName
                      )}
                    </td>
                    <td class="k-hide-narrow k-lb__bar">
                      <AttainmentBar ratio={r.attainment} label={`${r.repName}: ${t('lb.col.attainment')}`} compact />
                      <span class="k-small">{formatRatio(r.attainment, lang)}</span>
                    </td>
                    <td class="k-num" data-testid="lb-value">
                      {metricValue(r, lb.metric, lang, t)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <TeamHistory ctx={ctx} />
    </div>
  );
}

type Row = Leaderboard['rows'][number];

function metricValue(r: Row, metric: LeaderboardMetric, lang: 'ru' | 'en', t: ReturnType<typeof useI18n>['t']): string {
  if (metric === 'won_count') return r.wonCount === null ? '—' : t('lb.wonCount', { count: r.wonCount });
  if (metric === 'attainment') return formatRatio(r.attainment, lang);
  if (metric === 'commission') return r.commission ? formatMoney(r.commission, lang, { whole: true }) : '—';
  return r.credit ? formatMoney(r.credit, lang, { whole: true }) : '—';
}

function TeamHistory({ ctx }: { ctx: Ctx }) {
  const { t, lang } = useI18n();
  const history = useStore(ctx.store, (s) => s.team.history);
  const points = useMemo(
    () =>
      (history.data ?? []).map((p) => ({
        label: formatPeriod(p.period, lang, t).replace(/\s\d{4}$/, ''),
        ratio: p.attainment,
        display: formatRatio(p.attainment, lang),
      })),
    [history.data, lang],
  );
  if (!history.data || points.length === 0) return null;
  return (
    <section class="k-card">
      <AttainmentChart points={points} title={t('lb.history')} />
    </section>
  );
}
