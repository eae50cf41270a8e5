/**
 * @module The admin's "Settings" tab, minimal: the plans with their versions and assignments, the period's quotas,
 * and closing the period (approve the statements, then lock). Plans and quotas are edited through the admin API
 * for now (docs/plan-format.md); this tab shows what is in force.
 */
import { useState } from 'preact/hooks';
import { isApiError } from '../../api/errors';
import { formatDate, formatMoney, formatPeriod } from '../../i18n/format';
import { closeStep } from '../../stores/admin';
import type { Ctx } from '../../stores/store';
import { useI18n } from '../../ui/i18n-context';
import { ErrorState, Loading, Notice } from '../../ui/states';
import { useStore } from '../../ui/use-store';

export function AdminView({ ctx, onRetry }: { ctx: Ctx; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const admin = useStore(ctx.store, (s) => s.admin);
  const role = useStore(ctx.store, (s) => s.session.data?.user.role ?? 'rep');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const period = admin.period;
  if (!period || admin.plans.status === 'loading' || admin.plans.status === 'idle') return <Loading />;
  const run = (step: 'approve' | 'lock') => {
    if (step === 'lock' && !window.confirm(t('admin.lock.confirm', { period: formatPeriod(period, lang, t) }))) return;
    setBusy(step);
    setProblem(null);
    closeStep(ctx, step).then(
      () => setBusy(null),
      (e) => {
        setBusy(null);
        setProblem(isApiError(e) ? e.message : String(e));
      },
    );
  };
  const close = admin.close.data;
  return (
    <div class="k-stack" data-testid="admin">
      <h1 class="k-h1">{t('admin.heading')}</h1>
      <section class="k-card" aria-labelledby="k-plans-h">
        <h2 id="k-plans-h" class="k-h3">
          {t('admin.plans')}
        </h2>
        {admin.plans.status === 'error' ? (
          <ErrorState error={admin.plans.error} onRetry={onRetry} />
        ) : admin.plans.data?.plans.length ? (
          <table class="k-table" data-testid="plans">
            <thead>
              <tr>
                <th scope="col">{t('admin.col.plan')}</th>
                <th scope="col">{t('admin.col.version')}</th>
                <th scope="col" class="k-hide-narrow">
                  {t('admin.col.assigned')}
                </th>
              </tr>
            </thead>
            <tbody>
              {admin.plans.data.plans.map((p) => {
                const v = [...p.versions].sort((a, b) => b.version - a.version)[0];
                const deps = p.assignments.filter((x) => x.departmentId).length;
                const reps = p.assignments.filter((x) => x.repId).length;
                return (
                  <tr key={p.id}>
                    <td class="k-strong">{p.name}</td>
                    <td>
                      {v
                        ? t('admin.version', {
                            version: v.version,
                            status: t(`admin.status.${v.status}`),
                            from: formatDate(v.effectiveFrom, lang),
                          })
                        : t('common.none')}
                    </td>
                    <td class="k-hide-narrow">{t('admin.assigned', { departments: deps, reps })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <Notice kind="info" title={t('empty.noPlan.title')}>
            <p>{t('empty.noPlan.admin')}</p>
          </Notice>
        )}
        <p class="k-muted k-small">{t('admin.editHint')}</p>
      </section>
      <section class="k-card" aria-labelledby="k-close-h">
        <h2 id="k-close-h" class="k-h3">
          {t('admin.close', { period: formatPeriod(period, lang, t) })}
        </h2>
        {admin.close.status === 'error' && <ErrorState error={admin.close.error} onRetry={onRetry} />}
        {close && (
          <>
            <p data-testid="close-status">
              {close.locked
                ? t('admin.locked', { date: close.lockedAt ? formatDate(close.lockedAt, lang) : '' })
                : t('admin.open', { pending: close.pending, total: formatMoney(close.total, lang) })}
            </p>
            {!close.locked && (
              <div class="k-row k-wrap">
                <button type="button" class="k-btn k-btn--light" disabled={!!busy} onClick={() => run('approve')}>
                  {t('admin.approve')}
                </button>
                {role === 'admin' && (
                  <button type="button" class="k-btn" disabled={!!busy} onClick={() => run('lock')}>
                    {t('admin.lock')}
                  </button>
                )}
              </div>
            )}
            {problem && (
              <p role="alert" class="k-bad">
                {problem}
              </p>
            )}
          </>
        )}
      </section>
      <section class="k-card" aria-labelledby="k-quotas-h">
        <h2 id="k-quotas-h" class="k-h3">
          {t('admin.quotas', { period: formatPeriod(period, lang, t) })}
        </h2>
        {admin.quotas.status === 'error' && <ErrorState error={admin.quotas.error} onRetry={onRetry} />}
        {admin.quotas.data && (
          <table class="k-table" data-testid="quotas">
            <thead>
              <tr>
                <th scope="col">{t('lb.col.rep')}</th>
                <th scope="col" class="k-num">
                  {t('dash.quota')}
                </th>
              </tr>
            </thead>
            <tbody>
              {admin.quotas.data.rows.map((r) => (
                <tr key={r.repId}>
                  <td>{r.repName}</td>
                  <td class="k-num">{r.amount ? formatMoney(r.amount, lang, { whole: true }) : t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
