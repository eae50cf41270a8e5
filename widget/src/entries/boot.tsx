/**
 * @module What every widget page does first: connect to the Bitrix24 frame, create the store and API client,
 * render the shell at once (loading state), then open the Kvota session with the frame's credentials.
 */
import { type ComponentChildren, render } from 'preact';
import { createApiClient } from '../api/client';
import { NotInBitrix } from '../features/app/NotInBitrix';
import { apiBaseUrl } from '../host/api-base';
import { FrameError } from '../host/b24-frame';
import { autoFit, connectBitrix24, type Host } from '../host/bitrix24';
import { langFromPortal } from '../i18n/format';
import { type Catalog, createTranslator, loadCatalog } from '../i18n/messages';
import { startSession } from '../stores/session';
import { type Ctx, createAppStore } from '../stores/store';
import { I18nContext } from '../ui/i18n-context';
import '../ui/b24-tokens.css';
import '../ui/widget.css';

export interface Booted {
  host: Host;
  ctx: Ctx;
  /** (Re)opens the session and then runs `load`. */
  start: () => Promise<void>;
}

function mount(lang: 'ru' | 'en', catalog: Catalog, ui: ComponentChildren) {
  const root = document.getElementById('app')!;
  document.documentElement.lang = lang;
  render(<I18nContext.Provider value={{ lang, t: createTranslator(lang, catalog) }}>{ui}</I18nContext.Provider>, root);
}

export async function boot(
  view: (b: Omit<Booted, 'start'> & { retry: () => void }) => ComponentChildren,
  load: (b: Omit<Booted, 'start'>) => Promise<void>,
): Promise<Booted | null> {
  // Bitrix24 puts LANG in the handler URL's query too: start loading the messages while the frame handshake runs.
  const early = new URLSearchParams(location.search).get('LANG');
  const earlyCatalog = early ? loadCatalog(langFromPortal(early)) : null;
  let host: Host;
  try {
    host = await connectBitrix24(window);
  } catch (e) {
    const lang = langFromPortal(navigator.language.slice(0, 2));
    mount(lang, await loadCatalog(lang), <NotInBitrix />);
    if (!(e instanceof FrameError)) throw e;
    return null;
  }
  const store = createAppStore(host.lang);
  const ctx: Ctx = { store, api: createApiClient(apiBaseUrl(document)), now: () => new Date() };
  const start = async () => {
    if (await startSession(ctx, host.credentials)) await load({ host, ctx });
  };
  // Sessions last an hour; a tab left open renews silently with a fresh AUTH_ID from the portal.
  ctx.api.onExpired = async () => {
    if (!(await host.refreshAuth())) return null;
    return (await startSession(ctx, host.credentials)) ? ctx.api.token() : null;
  };
  const retry = () => {
    const s = store.getState().session;
    if (s.status === 'error' && s.error?.detail.code === 'unauthenticated') {
      void host.refreshAuth().then(() => start());
    } else if (s.status === 'ready') {
      void load({ host, ctx });
    } else {
      void start();
    }
  };
  const session = start();
  const catalog = earlyCatalog && langFromPortal(early) === host.lang ? earlyCatalog : loadCatalog(host.lang);
  mount(host.lang, await catalog, view({ host, ctx, retry }));
  autoFit(host, window);
  if (host.install) host.installFinish();
  await session;
  return { host, ctx, start };
}

/** Marks the first meaningful render (read by the widget bench and browser tests). */
export function markReady(): void {
  requestAnimationFrame(() => {
    const w = window as unknown as { __kvotaReady?: number };
    if (w.__kvotaReady === undefined) {
      w.__kvotaReady = performance.now();
      performance.mark('kvota:ready');
    }
  });
}
