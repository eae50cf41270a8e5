import { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  findPortalByMember,
  getPortal,
  setApplicationToken,
  uninstallPortal,
  upsertInstalledPortal,
} from '../../db/crm/portals';
import { DirtyMarkBatcher } from '../../db/crm/dirty-batch';
import { saveCursor } from '../../db/crm/sync-state';
import type { DB } from '../../db/schema';
import type { Bitrix24Client } from './client';
import { type Bitrix24Port, identify, normalizeDomain, sameSecret } from './port';

/**
 * The Bitrix24 app's server endpoints, as a Hono sub-app. The server mounts it, e.g.
 * `app.route('/b24', bitrix24Routes(deps))`, which serves:
 *   POST /b24/install  — the install handler (app settings "Install path"): the portal POSTs a form with AUTH_ID,
 *                        REFRESH_ID, member_id, SERVER_ENDPOINT, APPLICATION_TOKEN… and DOMAIN/PROTOCOL in the query.
 *   POST /b24/event    — every bound event (ONCRMDEALADD/UPDATE/DELETE, ONUSERADD, ONAPPINSTALL, ONAPPUNINSTALL).
 * `publicUrl` + mount path must be what the portal can reach; events are bound to `${publicUrl}${mountPath}/event`.
 */
export interface Bitrix24RoutesDeps {
  db: Kysely<DB>;
  port: Bitrix24Port;
  oauth: { clientId: string; clientSecret: string };
  /** Kvota's public origin, e.g. https://kvota.example.ru (no trailing slash). */
  publicUrl: string;
  /** Where this sub-app is mounted, e.g. '/b24'. */
  mountPath: string;
  /** The app page (left menu) and deal-tab handler URLs; the frame pages are served by the server. */
  appPageUrl: string;
  dealTabUrl: string;
  /** Accept portals reached over plain http (the local emulator, the demo). Never in production. */
  allowHttp?: boolean;
  now?: () => Date;
  /** Called after a successful install (start the initial sync). */
  onInstalled?: (portalId: string) => void;
  /** Called after events marked deals dirty or the org chart changed (schedule an incremental sync). */
  onDirty?: (portalId: string, what: 'deals' | 'users') => void;
  onUninstalled?: (portalId: string) => void;
  /** Group-commits deal events' dirty marks (default: one over `db`). Injectable for tests. */
  dirtyMarks?: DirtyMarkBatcher;
}

const DEAL_EVENTS: Record<string, string> = {
  ONCRMDEALADD: 'add',
  ONCRMDEALUPDATE: 'update',
  ONCRMDEALDELETE: 'delete',
};
export const BOUND_EVENTS = [
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
  'ONUSERADD',
  'ONAPPINSTALL',
  'ONAPPUNINSTALL',
];

/**
 * The request body as text. Served by @hono/node-server, the body is read straight from Node's IncomingMessage:
 * `c.req.raw` would build a full web Request (headers, AbortSignal, body stream) per event, which was most of an
 * event's server time. Elsewhere (app.request in tests, other runtimes) the web Request is used.
 */
async function readBody(c: Context): Promise<{ type: string; text: string }> {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage && !incoming.readableDidRead) {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    return { type: incoming.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') };
  }
  return { type: c.req.header('content-type') ?? '', text: await c.req.text() };
}

async function readForm(c: Context): Promise<URLSearchParams> {
  const { type, text } = await readBody(c);
  if (type.includes('application/json')) {
    // Flatten JSON to PHP bracket keys so both encodings read the same.
    const flat = new URLSearchParams();
    const walk = (prefix: string, v: unknown) => {
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}[${k}]` : k, x);
      else if (v !== undefined && v !== null) flat.append(prefix, String(v));
    };
    try {
      walk('', JSON.parse(text));
    } catch {
      /* not JSON: empty form */
    }
    return flat;
  }
  return new URLSearchParams(text);
}

export function bitrix24Routes(deps: Bitrix24RoutesDeps): Hono {
  const app = new Hono();
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const dirtyMarks = deps.dirtyMarks ?? new DirtyMarkBatcher(deps.db);

  app.post('/install', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const form = await readForm(c);
    const domain = normalizeDomain(q.get('DOMAIN') ?? form.get('DOMAIN') ?? '');
    const https = (q.get('PROTOCOL') ?? form.get('PROTOCOL') ?? '1') === '1';
    const authId = form.get('AUTH_ID') ?? '';
    const refreshId = form.get('REFRESH_ID') ?? '';
    const memberId = form.get('member_id') ?? '';
    const appToken = form.get('APPLICATION_TOKEN') ?? '';
    if (!domain || !authId || !refreshId || !/^[0-9a-z]{8,64}$/i.test(memberId)) {
      return c.text('Установка не удалась: портал не передал данные авторизации.', 400);
    }
    if (!https && !deps.allowHttp) return c.text('Установка не удалась: портал должен работать по HTTPS.', 400);
    const existing = await findPortalByMember(deps.db, 'bitrix24', memberId);
    if (existing && !existing.uninstalled_at && normalizeDomain(existing.domain) !== domain) {
      return c.text('Установка отклонена: этот портал уже установлен с другим адресом.', 403);
    }
    const clientEndpoint = `${https ? 'https' : 'http'}://${domain}/rest/`;
    const serverEndpoint = form.get('SERVER_ENDPOINT') || 'https://oauth.bitrix.info/rest/';
    // Prove the form: ask the portal itself who this token belongs to. Only a portal admin may install.
    const who = await identify(
      { id: '', client_endpoint: clientEndpoint, server_endpoint: serverEndpoint, member_id: memberId, domain },
      authId,
      deps.oauth,
    );
    if (!who) return c.text('Установка отклонена: портал не подтвердил авторизацию.', 401);
    if (!who.isAdmin) return c.text('Установить приложение может только администратор портала.', 403);
    const expiresIn = Number(form.get('AUTH_EXPIRES') ?? 3600);
    const portalId = await upsertInstalledPortal(
      deps.db,
      {
        crm: 'bitrix24',
        domain,
        memberId,
        tokens: {
          accessToken: authId,
          refreshToken: refreshId,
          expiresAt: Math.floor(Date.now() / 1000) + (Number.isFinite(expiresIn) ? expiresIn : 3600),
          clientEndpoint,
          serverEndpoint,
          scope: form.get('APPLICATION_SCOPE'),
        },
        applicationToken: appToken || null,
        installedBy: who.userId,
        settings: { language: q.get('LANG') ?? 'ru', status: form.get('status') ?? null },
      },
      now(),
    );
    const portal = await getPortal(deps.db, portalId);
    if (!portal) return c.text('Установка не удалась.', 500);
    const client = deps.port.clientFor(portal);
    const bound = await bindEverything(client, deps);
    await saveCursor(deps.db, portalId, 'install', { bound, at: now() }, now());
    deps.onInstalled?.(portalId);
    return c.html(installFinishPage());
  });

  app.post('/event', async (c) => {
    const form = await readForm(c);
    const event = (form.get('event') ?? '').toUpperCase();
    const memberId = form.get('auth[member_id]') ?? '';
    const token = form.get('auth[application_token]') ?? '';
    if (!event || !memberId || !token) return c.json({ error: 'unauthorized' }, 401);

    if (event === 'ONAPPINSTALL') {
      const portalId = await acceptInstallEvent(deps, form, memberId, token);
      if (!portalId) return c.json({ error: 'forbidden' }, 403);
      return c.json({ ok: true });
    }

    const portalId = await deps.port.verifyEvent({ memberId, token });
    if (!portalId) return c.json({ error: 'forbidden' }, 403);

    const reason = DEAL_EVENTS[event];
    if (reason) {
      const id = form.get('data[FIELDS][ID]') ?? '';
      if (!/^\d+$/.test(id)) return c.json({ error: 'bad event' }, 400);
      // Durable before we acknowledge (Bitrix24 never re-sends): resolves once the group commit holding it is done.
      try {
        await dirtyMarks.mark(portalId, id, reason, now());
      } catch {
        return c.json({ error: 'not stored' }, 503);
      }
      deps.onDirty?.(portalId, 'deals');
      return c.json({ ok: true });
    }
    if (event === 'ONUSERADD') {
      await saveCursor(deps.db, portalId, 'users.dirty', { at: now() }, now());
      deps.onDirty?.(portalId, 'users');
      return c.json({ ok: true });
    }
    if (event === 'ONAPPUNINSTALL') {
      const clean = (form.get('data[CLEAN]') ?? '0') === '1';
      await uninstallPortal(deps.db, portalId, now(), { purge: clean });
      deps.onUninstalled?.(portalId);
      return c.json({ ok: true });
    }
    return c.json({ ok: true, ignored: event });
  });

  return app;
}

/**
 * ONAPPINSTALL carries the application token and a refresh token. Accept it when its application token matches the
 * one the verified install form stored; when none is stored yet, when its access token works on the portal's stored
 * endpoint (so only the portal itself can have sent it).
 */
async function acceptInstallEvent(
  deps: Bitrix24RoutesDeps,
  form: URLSearchParams,
  memberId: string,
  token: string,
): Promise<string | null> {
  const p = await findPortalByMember(deps.db, 'bitrix24', memberId);
  if (!p || p.uninstalled_at) return null;
  if (p.application_token) return sameSecret(token, p.application_token) ? p.id : null;
  const accessToken = form.get('auth[access_token]') ?? '';
  if (!accessToken) return null;
  const who = await identify(p, accessToken, deps.oauth);
  if (!who) return null;
  await setApplicationToken(deps.db, p.id, token);
  return p.id;
}

async function bindEverything(client: Bitrix24Client, deps: Bitrix24RoutesDeps): Promise<string[]> {
  const handler = `${deps.publicUrl}${deps.mountPath}/event`;
  const commands: Record<string, { method: string; params: Record<string, unknown> }> = {
    tab: {
      method: 'placement.bind',
      params: {
        PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
        HANDLER: deps.dealTabUrl,
        TITLE: 'Квота',
        DESCRIPTION: 'Что эта сделка даёт плану и выплате',
        LANG_ALL: { ru: { TITLE: 'Квота' }, en: { TITLE: 'Kvota' } },
      },
    },
    menu: {
      method: 'placement.bind',
      params: {
        PLACEMENT: 'LEFT_MENU',
        HANDLER: deps.appPageUrl,
        TITLE: 'Квота',
        LANG_ALL: { ru: { TITLE: 'Квота' }, en: { TITLE: 'Kvota' } },
      },
    },
  };
  for (const event of BOUND_EVENTS) commands[event] = { method: 'event.bind', params: { event, handler } };
  const answer = await client.batch(commands);
  const bound: string[] = [];
  for (const key of Object.keys(commands)) {
    const err = answer.errors[key]?.error;
    // Reinstall: bindings may already exist; that is success for us.
    if (
      key in answer.result ||
      err === 'ERROR_HANDLER_ALREADY_EXIST' ||
      err === 'ERROR_PLACEMENT_HANDLER_ALREADY_EXIST'
    )
      bound.push(key);
  }
  return bound;
}

/** The install page the portal shows once: tells Bitrix24 the install finished (BX24.installFinish). */
function installFinishPage(): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Квота — установка</title>
<script src="//api.bitrix24.com/api/v1/"></script></head>
<body><p>Квота установлена. Данные CRM загружаются, это займёт несколько минут.</p>
<script>if (window.BX24) BX24.init(function () { BX24.installFinish(); });</script></body></html>`;
}
