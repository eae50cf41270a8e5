/** @module Shows the session's loading/error state and renders the feature once the viewer is signed in. */
import type { ComponentChildren } from 'preact';
import type { AppStore } from '../../stores/store';
import { ErrorState, Loading } from '../../ui/states';
import { useStore } from '../../ui/use-store';

export function SessionGate({
  store,
  onRetry,
  children,
}: {
  store: AppStore;
  onRetry: () => void;
  children: ComponentChildren;
}) {
  const session = useStore(store, (s) => s.session);
  if (session.status === 'error') return <ErrorState error={session.error} onRetry={onRetry} />;
  if (session.status !== 'ready') return <Loading />;
  return <>{children}</>;
}
