import type { Hono } from 'hono';
import type { Portal, TokenRecord } from './portal';
import { type Env, readParams } from './server';

/**
 * The OAuth server (oauth.bitrix.info in the cloud; here on the portal's own origin so SDK refreshes reach us):
 * `/oauth/token/` answers the authorization_code and refresh_token grants, GET query or POST form (the SDK POSTs).
 * Refresh tokens rotate: the old one is dead after use.
 */
export function tokenAnswer(portal: Portal, t: TokenRecord): Record<string, unknown> {
  return {
    access_token: t.accessToken,
    client_endpoint: `${portal.baseUrl}/rest/`,
    domain: 'oauth.bitrix.info',
    expires: Math.floor(t.expiresAt / 1000),
    expires_in: 3600,
    member_id: portal.memberId,
    refresh_token: t.refreshToken,
    scope: portal.app.scope,
    server_endpoint: `${portal.baseUrl}/rest/`,
    status: portal.app.status,
    user_id: t.userId,
  };
}

export function oauthRoutes(portal: Portal) {
  return (app: Hono<Env>) => {
    app.on(['GET', 'POST'], '/oauth/token/', async (c) => {
      const p = await readParams(c.req.raw);
      const grant = String(p.grant_type ?? '');
      if (!grant) return c.json({ error: 'invalid_request', error_description: 'grant_type is required' }, 400);
      if (p.client_id !== portal.app.clientId || p.client_secret !== portal.app.clientSecret)
        return c.json({ error: 'invalid_client', error_description: 'Invalid client' }, 401);
      if (grant === 'refresh_token') {
        const rotated = portal.app.installed ? portal.rotate(String(p.refresh_token ?? '')) : undefined;
        if (!rotated) return c.json({ error: 'invalid_grant', error_description: 'Invalid refresh token' }, 400);
        return c.json(tokenAnswer(portal, rotated));
      }
      if (grant === 'authorization_code') {
        const code = portal.authCodes.get(String(p.code ?? ''));
        portal.authCodes.delete(String(p.code ?? ''));
        if (!code || code.expiresAt <= portal.now())
          return c.json({ error: 'invalid_grant', error_description: 'Invalid authorization code' }, 400);
        return c.json(tokenAnswer(portal, portal.issueTokens(code.userId)));
      }
      return c.json({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type' }, 400);
    });
    // The portal's consent page, already "logged in" as user_id (default 1): redirects back with a 30 s code.
    app.get('/oauth/authorize/', (c) => {
      const q = new URL(c.req.url).searchParams;
      if (q.get('client_id') !== portal.app.clientId) return c.text('Unknown client_id', 400);
      const userId = Number(q.get('user_id') ?? '1');
      const code = issueAuthCode(portal, userId);
      const target = new URL(q.get('redirect_uri') ?? `${portal.baseUrl}/`);
      target.searchParams.set('code', code);
      target.searchParams.set('state', q.get('state') ?? '');
      target.searchParams.set('domain', portal.domain);
      target.searchParams.set('member_id', portal.memberId);
      target.searchParams.set('scope', portal.app.scope);
      target.searchParams.set('server_domain', 'oauth.bitrix.info');
      return c.redirect(target.toString(), 302);
    });
  };
}

export function issueAuthCode(portal: Portal, userId: number): string {
  const code = `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  portal.authCodes.set(code, { userId, expiresAt: portal.now() + 30_000 });
  return code;
}
