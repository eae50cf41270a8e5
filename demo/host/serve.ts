/**
 * @module The demo host page: a small Bitrix24 look-alike on localhost that frames the Kvota widget EXACTLY as a
 * portal frames an app — iframe `name="DOMAIN|0|APP_SID"`, handler URL with DOMAIN/PROTOCOL/LANG/APP_SID, and the
 * parent side of the B24Frame postMessage protocol (getInitData with a real AUTH_ID from the portal, resizeWindow,
 * openPath, openApplication, refreshAuth, setInstall/setInstallFinish). See shared/research/bitrix24-protocol.md §6.
 *
 * It must be served AT THE PORTAL'S ORIGIN (the emulator's `domain`): like Bitrix24, the page's own host is the
 * DOMAIN of the frame, and the Kvota server only lets its installed portal's origin frame the widget (CSP
 * frame-ancestors) and only accepts frame credentials for that domain. So mount `hostPageApp()` on the emulator's
 * HTTP app; `startHostPage()` (its own port) suits fakes whose domain can follow it.
 *
 * @example
 * emulatorApp.route('/', hostPageApp({ portal: emulator, widgetUrl: `${kvotaUrl}/widget/` }));
 * console.log(`open ${emulator.baseUrl}/`);
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type HostPortal, type Personas, pickPersonas, visibleDeals } from './portal';

export type { FrameAuth, HostDeal, HostDepartment, HostPortal, HostStage, HostUser, Personas } from './portal';

export interface HostPageOptions {
  portal: HostPortal;
  /** Where the widget pages are served (deal-tab.html, app.html), e.g. `http://127.0.0.1:8080/widget/`. */
  widgetUrl: string;
  /** Who the "view as" switch offers; missing ones are picked from the portal's org chart. */
  personas?: Partial<Personas>;
  /** Initial interface language (the switch changes it). Default ru. */
  lang?: 'ru' | 'en';
  /** Company name in the header. */
  companyName?: string;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const read = (p: string) => readFileSync(here(p), 'utf8');

function escapeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The host page as a Hono app (mount it, or serve it with `startHostPage`). */
export function hostPageApp(options: HostPageOptions): Hono {
  const { portal } = options;
  const widgetUrl = options.widgetUrl.endsWith('/') ? options.widgetUrl : `${options.widgetUrl}/`;
  const personas: Personas = { ...pickPersonas(portal), ...options.personas };
  const app = new Hono();
  const assets: Record<string, [string, string]> = {
    '/host.js': ['public/host.js', 'text/javascript; charset=utf-8'],
    '/host.css': ['public/host.css', 'text/css; charset=utf-8'],
    '/b24-tokens.css': ['../../widget/src/ui/b24-tokens.css', 'text/css; charset=utf-8'],
  };
  for (const [path, [file, type]] of Object.entries(assets)) {
    app.get(path, (c) => c.body(read(file), 200, { 'content-type': type, 'cache-control': 'no-cache' }));
  }

  const userView = (id: number) => {
    const u = portal.store.users().find((x) => x.id === id);
    return u
      ? { id: u.id, name: `${u.name} ${u.lastName}`.trim(), position: u.workPosition, isAdmin: u.isAdmin }
      : null;
  };

  app.get('/', (c) => {
    const config = {
      widgetUrl,
      domain: portal.domain,
      memberId: portal.memberId,
      lang: options.lang ?? 'ru',
      company: options.companyName ?? 'Северный ветер',
      personas: {
        rep: userView(personas.rep),
        manager: userView(personas.manager),
        admin: userView(personas.admin),
      },
      canWin: typeof portal.control.winDeal === 'function',
    };
    const html = read('public/index.html').replace('{ "config": "__CONFIG__" }', escapeJson(config));
    return c.html(html);
  });

  app.get('/host/api/deals', (c) => {
    const userId = Number(c.req.query('user'));
    const users = new Map(portal.store.users().map((u) => [u.id, `${u.name} ${u.lastName}`.trim()]));
    const stages = new Map((portal.store.stages?.() ?? []).map((s) => [`${s.categoryId}|${s.statusId}`, s]));
    const deals = visibleDeals(portal, userId).map((d) => ({
      id: d.id,
      title: d.title,
      stage: stages.get(`${d.categoryId}|${d.stageId}`)?.name ?? d.stageId,
      stageColor: stages.get(`${d.categoryId}|${d.stageId}`)?.color ?? null,
      semantic: d.stageSemanticId,
      amount: minorToDecimal(d.opportunity),
      currency: d.currencyId,
      owner: users.get(d.assignedById) ?? String(d.assignedById),
      ownerId: d.assignedById,
      closeDate: new Date(d.closeDate).toISOString().slice(0, 10),
    }));
    return c.json({ deals });
  });

  app.post('/host/api/auth', async (c) => {
    const { userId } = (await c.req.json().catch(() => ({}))) as { userId?: number };
    if (!Number.isInteger(userId)) return c.json({ error: 'userId required' }, 400);
    const auth = portal.control.issueUserAuth(userId as number);
    return c.json({
      AUTH_ID: auth.AUTH_ID,
      REFRESH_ID: auth.REFRESH_ID,
      AUTH_EXPIRES: auth.AUTH_EXPIRES,
      IS_ADMIN: auth.isAdmin,
    });
  });

  app.post('/host/api/deals/:id/win', async (c) => {
    if (!portal.control.winDeal) return c.json({ error: 'not available' }, 404);
    await portal.control.winDeal(Number(c.req.param('id')));
    return c.json({ ok: true });
  });

  return app;
}

/** Exact minor units → decimal string ("12345" → "123.45"), no float. */
export function minorToDecimal(minor: number): string {
  const neg = minor < 0;
  const s = String(Math.abs(Math.trunc(minor))).padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

export interface RunningHostPage {
  /** http://127.0.0.1:PORT/ — what to open in a browser. */
  url: string;
  close(): Promise<void>;
}

/** Serves the host page on 127.0.0.1 (port 0 = a free port). */
export async function startHostPage(options: HostPageOptions & { port?: number }): Promise<RunningHostPage> {
  const app = hostPageApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
