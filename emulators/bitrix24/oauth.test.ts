import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { fixture, rest, shapeDiff } from './testing';

let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 4, deals: 20, limits: 'off', now: () => Date.UTC(2026, 0, 15, 9, 0, 0) });
  await emu.control.installApp({ handlerUrl: `${emu.baseUrl}/install-handler` });
});
afterAll(() => emu.close());

const token = (params: Record<string, string>, method: 'GET' | 'POST' = 'POST') => {
  const q = new URLSearchParams({ client_id: emu.oauth.clientId, client_secret: emu.oauth.clientSecret, ...params });
  const req =
    method === 'GET'
      ? fetch(`${emu.oauth.tokenUrl}?${q}`)
      : fetch(emu.oauth.tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: q,
        });
  return req.then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
};

describe('OAuth', () => {
  it('access tokens live one hour on the emulator clock, then 401 expired_token', async () => {
    const auth = emu.control.issueUserAuth(7);
    expect(auth.expires).toBe(Math.floor(emu.control.now() / 1000) + 3600);
    expect(auth.isAdmin).toBe(false);
    expect((await rest(emu, 'user.current', {}, auth.AUTH_ID)).body.result).toMatchObject({ ID: '7' });
    emu.control.advanceClock(3600_000);
    const expired = await rest(emu, 'user.current', {}, auth.AUTH_ID);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: 'expired_token',
      error_description: 'The access token provided has expired',
    });
  });

  it('refresh_token grant (GET and POST) rotates: the new pair works, the old refresh token is invalid_grant', async () => {
    const auth = emu.control.issueUserAuth(1);
    const first = await token({ grant_type: 'refresh_token', refresh_token: auth.REFRESH_ID }, 'GET');
    expect(first.status).toBe(200);
    expect(shapeDiff(fixture('oauth.token.refresh'), first.body)).toEqual([]);
    expect(first.body.client_endpoint).toBe(`${emu.baseUrl}/rest/`);
    expect(first.body.member_id).toBe(emu.memberId);
    expect(first.body.user_id).toBe(1);
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: auth.REFRESH_ID });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    // The previous access token is gone too; the new one works.
    expect((await rest(emu, 'profile', {}, auth.AUTH_ID)).status).toBe(401);
    expect((await rest(emu, 'profile', {}, String(first.body.access_token))).status).toBe(200);
    const second = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('authorization_code grant and /oauth/authorize/ redirect', async () => {
    const redirect = await fetch(
      `${emu.oauth.authorizeUrl}?client_id=${emu.oauth.clientId}&state=xyz&redirect_uri=${encodeURIComponent('http://127.0.0.1:1/cb')}`,
      { redirect: 'manual' },
    );
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('member_id')).toBe(emu.memberId);
    const code = location.searchParams.get('code')!;
    const granted = await token({ grant_type: 'authorization_code', code });
    expect(granted.status).toBe(200);
    expect((await rest(emu, 'user.current', {}, String(granted.body.access_token))).status).toBe(200);
    const reused = await token({ grant_type: 'authorization_code', code });
    expect(reused.body.error).toBe('invalid_grant');
    const late = emu.control.issueAuthCode(2);
    emu.control.advanceClock(31_000);
    expect((await token({ grant_type: 'authorization_code', code: late })).body.error).toBe('invalid_grant');
  });

  it('refuses a wrong client secret', async () => {
    const auth = emu.control.issueUserAuth(1);
    const bad = await token({ grant_type: 'refresh_token', refresh_token: auth.REFRESH_ID, client_secret: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
  });
});

describe('one Market app on several portals', () => {
  it('shares the app credentials it is given, so a refresh on either portal uses the same client id and secret', async () => {
    const app = { clientId: emu.oauth.clientId, clientSecret: emu.oauth.clientSecret };
    const other = await startBitrix24Emulator({ seed: 5, deals: 5, limits: 'off', app });
    try {
      expect(other.oauth.clientId).toBe(app.clientId);
      expect(other.memberId).not.toBe(emu.memberId);
      await other.control.installApp({ handlerUrl: `${other.baseUrl}/install-handler` });
      const auth = other.control.issueUserAuth(1);
      const q = new URLSearchParams({
        grant_type: 'refresh_token',
        ...{ client_id: app.clientId, client_secret: app.clientSecret },
        refresh_token: auth.REFRESH_ID,
      });
      const res = await fetch(`${other.oauth.tokenUrl}?${q}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { member_id: string }).member_id).toBe(other.memberId);
    } finally {
      await other.close();
    }
  });
});
