/**
 * @module A minimal client for the Bitrix24 parent↔frame protocol (the B24Frame protocol of @bitrix24/b24jssdk,
 * shared/research/bitrix24-protocol.md §6), written for the widget's size budget: the SDK's `initializeB24Frame()`
 * also brings its REST stack (axios, luxon, rate limiters) — ~70 KB gzip — while the widget never calls Bitrix24
 * REST from the browser (the Kvota server does). Same wire format, ~1 KB.
 *
 * Protocol:
 * - identity from `window.name = "DOMAIN|PROTOCOL|APP_SID"` (PROTOCOL 1 = https, 0 = http); the portal origin is
 *   `(https|http)://DOMAIN` with :80/:443 dropped;
 * - the frame posts `command:JSON:callbackKey:APP_SID` (empty parts dropped) to the parent at the portal origin;
 * - the parent answers `callbackKey:JSON`; answers from any other origin or window are ignored.
 * Commands whose answer Bitrix24 may never send (resizeWindow, setTitle, openPath…) settle after 900 ms like the
 * SDK's `isSafely` mode.
 */

export interface FrameIdentity {
  domain: string;
  https: boolean;
  appSid: string;
  origin: string;
}

/** The getInitData payload (documented fields; all optional on the wire, so read defensively). */
export interface FrameInitData {
  DOMAIN?: string;
  PROTOCOL?: string | number;
  PATH?: string;
  LANG?: string;
  AUTH_ID?: string;
  AUTH_EXPIRES?: string | number;
  REFRESH_ID?: string;
  MEMBER_ID?: string;
  IS_ADMIN?: boolean;
  PLACEMENT?: string;
  PLACEMENT_OPTIONS?: Record<string, unknown> | string;
  INSTALL?: boolean;
  FIRST_RUN?: boolean;
}

export class FrameError extends Error {
  override name = 'FrameError';
  constructor(
    readonly code: 'not_in_frame' | 'no_answer',
    message: string,
  ) {
    super(message);
  }
}

/** Reads the frame identity Bitrix24 puts in window.name; null when not framed by Bitrix24. */
export function parseFrameName(name: string): FrameIdentity | null {
  const [rawDomain, protocol, appSid] = name.split('|');
  if (!rawDomain || !appSid) return null;
  const domain = rawDomain.replace(/:(80|443)$/, '');
  const https = Number.parseInt(protocol ?? '0', 10) === 1;
  return { domain, https, appSid, origin: `${https ? 'https' : 'http'}://${domain}` };
}

export interface B24FrameClient {
  readonly identity: FrameIdentity;
  /** Sends a command; resolves with the parent's answer (or `undefined` after `safelyMs` if it never answers). */
  send(command: string, params?: unknown, opts?: { safelyMs?: number; timeoutMs?: number }): Promise<unknown>;
  destroy(): void;
}

let counter = 0;
const newKey = () => `k${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export function connectB24Frame(win: Window = window): B24FrameClient {
  const identity = parseFrameName(win.name);
  if (!identity) {
    throw new FrameError(
      'not_in_frame',
      'window.name does not carry the Bitrix24 frame identity (DOMAIN|PROTOCOL|APP_SID)',
    );
  }
  const pending = new Map<string, (value: unknown) => void>();

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== identity.origin || event.source !== win.parent) return;
    if (typeof event.data !== 'string' || !event.data) return;
    const sep = event.data.indexOf(':');
    const id = sep < 0 ? event.data : event.data.slice(0, sep);
    const resolve = pending.get(id);
    if (!resolve) return;
    pending.delete(id);
    const raw = sep < 0 ? '' : event.data.slice(sep + 1);
    let args: unknown = raw;
    if (raw) {
      try {
        args = JSON.parse(raw);
      } catch {
        args = undefined; // a malformed answer settles the call empty rather than hanging it
      }
    }
    resolve(args);
  };
  win.addEventListener('message', onMessage);

  return {
    identity,
    send(command, params, opts = {}) {
      return new Promise((resolve, reject) => {
        const key = newKey();
        const timers: ReturnType<typeof setTimeout>[] = [];
        pending.set(key, (v) => {
          for (const t of timers) clearTimeout(t);
          resolve(v);
        });
        const paramText = params === undefined || params === null ? '' : JSON.stringify(params);
        const message = [command, paramText, key, identity.appSid].filter(Boolean).join(':');
        win.parent.postMessage(message, identity.origin);
        if (opts.safelyMs) {
          timers.push(
            setTimeout(() => {
              if (pending.delete(key)) resolve(undefined);
            }, opts.safelyMs),
          );
        }
        if (opts.timeoutMs) {
          timers.push(
            setTimeout(() => {
              if (pending.delete(key)) reject(new FrameError('no_answer', `Bitrix24 did not answer ${command}`));
            }, opts.timeoutMs),
          );
        }
      });
    },
    destroy() {
      win.removeEventListener('message', onMessage);
      pending.clear();
    },
  };
}
