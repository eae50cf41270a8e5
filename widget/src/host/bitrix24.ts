/**
 * @module The widget's view of its Bitrix24 host: who, where (placement, deal ID), which language, and the few
 * things it may ask the portal to do (fit the frame, open a deal or the app page). The ONLY module that touches
 * host globals (window.name, parent, postMessage); views get a `Host` and stay testable.
 */
import type { SessionRequest } from '../../../contract/api/session';
import { type Lang, langFromPortal } from '../i18n/format';
import { type B24FrameClient, connectB24Frame, type FrameInitData } from './b24-frame';

export type Placement = 'CRM_DEAL_DETAIL_TAB' | 'DEFAULT' | (string & {});

export interface Host {
  lang: Lang;
  placement: Placement;
  /** PLACEMENT_OPTIONS as sent by the portal (ID of the deal for CRM_DEAL_DETAIL_TAB, our own keys for the app page). */
  options: Record<string, string>;
  isAdmin: boolean;
  /** What POST /api/session needs. */
  credentials: SessionRequest;
  /** Sets the frame height to the content height (grows and shrinks). */
  fit(): void;
  openDeal(dealId: string): void;
  /** Opens the app page in the portal's slider; `options` arrive as its PLACEMENT_OPTIONS. */
  openApp(options: Record<string, string>): void;
  /** Fresh AUTH_ID from the portal (when the session must be renewed). */
  refreshAuth(): Promise<string | null>;
  installFinish(): void;
  install: boolean;
}

const SAFELY_MS = 900;
const INIT_TIMEOUT_MS = 8000;

function options(raw: FrameInitData['PLACEMENT_OPTIONS']): Record<string, string> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = {};
    }
  }
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

/** Connects to the parent Bitrix24 window and reads the init data. Throws FrameError outside Bitrix24. */
export async function connectBitrix24(win: Window = window): Promise<Host> {
  const frame: B24FrameClient = connectB24Frame(win);
  const data = ((await frame.send('getInitData', undefined, { timeoutMs: INIT_TIMEOUT_MS })) ?? {}) as FrameInitData;
  if (data.FIRST_RUN) await frame.send('setInstall', { install: true }, { safelyMs: SAFELY_MS });

  const doc = win.document;
  let lastHeight = 0;
  let scheduled = false;
  const fit = () => {
    if (scheduled) return;
    scheduled = true;
    win.requestAnimationFrame(() => {
      scheduled = false;
      // The content's own height, not documentElement.scrollHeight: that never drops below the frame's current
      // height, so a frame fitted that way could grow but never shrink.
      const root = doc.getElementById('app') ?? doc.body;
      const height = Math.ceil(root.getBoundingClientRect().height + root.offsetTop);
      if (height > 0 && height !== lastHeight) {
        lastHeight = height;
        void frame.send('resizeWindow', { width: '100%', height }, { safelyMs: SAFELY_MS });
      }
    });
  };

  const credentials: SessionRequest = {
    crm: 'bitrix24',
    domain: (data.DOMAIN || frame.identity.domain).replace(/:(80|443)$/, ''),
    memberId: data.MEMBER_ID ?? '',
    authId: data.AUTH_ID ?? '',
  };
  return {
    lang: langFromPortal(data.LANG),
    placement: data.PLACEMENT || 'DEFAULT',
    options: options(data.PLACEMENT_OPTIONS),
    isAdmin: data.IS_ADMIN === true,
    install: data.INSTALL === true,
    credentials,
    fit,
    openDeal(dealId) {
      void frame.send(
        'openPath',
        { path: `/crm/deal/details/${encodeURIComponent(dealId)}/` },
        { safelyMs: SAFELY_MS },
      );
    },
    openApp(opts) {
      void frame.send('openApplication', opts, { safelyMs: SAFELY_MS });
    },
    async refreshAuth() {
      const r = (await frame.send('refreshAuth', undefined, { timeoutMs: 10_000 }).catch(() => null)) as {
        AUTH_ID?: string;
      } | null;
      if (r?.AUTH_ID) credentials.authId = r.AUTH_ID;
      return r?.AUTH_ID ?? null;
    },
    installFinish() {
      void frame.send('setInstallFinish', undefined, { safelyMs: SAFELY_MS });
    },
  };
}

/** Refits the frame whenever the content changes size. */
export function autoFit(host: Host, win: Window = window): () => void {
  const root = win.document.getElementById('app') ?? win.document.body;
  const observer = new ResizeObserver(() => host.fit());
  observer.observe(root);
  host.fit();
  return () => observer.disconnect();
}
