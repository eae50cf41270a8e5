/** @module Loading, error and empty states: announced to screen readers, with a way out (retry, what to do). */
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/errors';
import { useI18n } from './i18n-context';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div class="k-loading" role="status" aria-live="polite" aria-busy="true">
      <span class="k-skeleton" />
      <span class="k-skeleton k-skeleton--short" />
      <span class="k-sr">{label ?? t('common.loading')}</span>
    </div>
  );
}

/** Turns an ApiError into words: unreachable → say so; api → the server's message; contract → what broke. */
export function errorText(error: ApiError | null, t: ReturnType<typeof useI18n>['t']): { title: string; body: string } {
  if (!error || error.kind === 'unreachable') {
    return { title: t('error.unreachable.title'), body: t('error.unreachable.body') };
  }
  if (error.kind === 'contract')
    return {
      title: t('error.server', { message: '' }).replace(/:\s*$/, ''),
      body: t('error.contract', { path: error.detail.path ?? '' }),
    };
  if (error.detail.code === 'unauthenticated')
    return { title: t('error.session.title'), body: t('error.session.body', { message: error.message }) };
  if (error.detail.code === 'forbidden')
    return { title: t('error.forbidden', { message: '' }).replace(/:\s*$/, ''), body: error.message };
  return { title: t('error.server', { message: error.detail.code ?? '' }), body: error.message };
}

export function ErrorState({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const { t } = useI18n();
  const { title, body } = errorText(error, t);
  return (
    <div class="k-notice k-notice--alert" role="alert">
      <p class="k-notice__title">{title}</p>
      <p>{body}</p>
      {onRetry && (
        <button type="button" class="k-btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({
  kind,
  title,
  children,
}: {
  kind: 'info' | 'warning' | 'alert';
  title: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={`k-notice k-notice--${kind}`} role={kind === 'alert' ? 'alert' : 'note'}>
      <p class="k-notice__title">{title}</p>
      {children}
    </div>
  );
}
