/**
 * The widget's pages (dist/widget, built by `npm run build`) served at /widget/*. The CRM loads them in an iframe
 * (Bitrix24 POSTs to the placement handler, with DOMAIN and PROTOCOL in the query), so HTML answers carry
 * `Content-Security-Policy: frame-ancestors <that portal's origin>` — and only when DOMAIN names an installed portal;
 * otherwise 'none', so no other site can frame Kvota (clickjacking).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Hono } from 'hono';
import { normalizeDomain } from '../../crm/bitrix24/port';
import type { AppEnv } from '../context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The frame-ancestors source for a framed request: the installed portal's origin, or 'none'. */
export async function frameAncestor(c: import('hono').Context<AppEnv>, allowHttp: boolean): Promise<string> {
  const domain = normalizeDomain(c.req.query('DOMAIN') ?? '');
  if (!domain || !/^[a-z0-9.-]+(:\d+)?$/.test(domain)) return "'none'";
  const portal = await c
    .get('deps')
    .db.selectFrom('portals')
    .select('domain')
    .where('domain', '=', domain)
    .where('uninstalled_at', 'is', null)
    .executeTakeFirst();
  if (!portal) return "'none'";
  const http = c.req.query('PROTOCOL') === '0' && allowHttp;
  return `${http ? 'http' : 'https'}://${domain}`;
}

export function registerFramePages(app: Hono<AppEnv>, options: { widgetDir: string; allowHttp: boolean }): void {
  const root = normalize(options.widgetDir);
  const serve = async (c: import('hono').Context<AppEnv>) => {
    const rel = c.req.path.replace(/^\/widget\/?/, '') || 'app.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return c.json({ error: { code: 'not_found', message: `No widget file ${rel} (run npm run build)` } }, 404);
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' };
    if (type.startsWith('text/html')) {
      const ancestor = await frameAncestor(c, options.allowHttp);
      headers['content-security-policy'] = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        `frame-ancestors ${ancestor}`,
      ].join('; ');
      headers['cache-control'] = 'no-store';
      headers['referrer-policy'] = 'no-referrer';
    } else {
      headers['cache-control'] = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    }
    return c.body(new Uint8Array(body), 200, headers);
  };
  app.get('/widget/*', serve);
  app.post('/widget/*', serve);
}
