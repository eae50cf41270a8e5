import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { sdkClient } from './testing';

// The emulator driven by the official SDK itself (research §7): B24OAuth takes http endpoints as they are,
// B24Hook insists on https, so its requests are redirected with an axios interceptor.
let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 21, deals: 130, limits: 'standard' });
  await emu.control.installApp({ handlerUrl: `${emu.baseUrl}/nowhere` }).catch(() => undefined);
});
afterAll(() => emu.close());

const restriction = { maxRetries: 3 };

function oauthClient(userId = 1) {
  const { b24, auth } = sdkClient(emu, { userId, scope: 'crm,user_brief,department,placement,app', restriction });
  const refreshed: string[] = [];
  b24.setCallbackRefreshAuth(async ({ authData }) => {
    refreshed.push(authData.refresh_token);
  });
  return { b24, auth, refreshed };
}

describe('@bitrix24/b24jssdk B24OAuth against the emulator', () => {
  it('call, callList and fetchList page through all deals', async () => {
    const { b24 } = oauthClient();
    const me = await b24.actions.v2.call.make<{ ID: string }>({ method: 'user.current', params: {} });
    expect(me.isSuccess).toBe(true);
    expect(me.getData()!.result.ID).toBe('1');

    const all = await b24.actions.v2.callList.make<{ ID: string }>({
      method: 'crm.deal.list',
      params: { select: ['ID', 'OPPORTUNITY'] },
      idKey: 'ID',
    });
    expect(all.isSuccess).toBe(true);
    expect(all.getData()!.map((d) => Number(d.ID))).toEqual(emu.store.deals().map((d) => d.id));

    const pages: number[] = [];
    for await (const page of b24.actions.v2.fetchList.make<{ id: number }>({
      method: 'crm.item.list',
      params: { entityTypeId: 2, select: ['id', 'opportunity'] },
      idKey: 'id',
      customKeyForResult: 'items',
    }))
      pages.push(page.length);
    expect(pages).toEqual([50, 50, 30]);
  });

  it('batch with named calls and per-call results', async () => {
    const { b24 } = oauthClient();
    const res = await b24.actions.v2.batch.make({
      calls: { u: { method: 'user.current', params: {} }, d: ['crm.deal.get', { id: 3 }] },
      options: { isHaltOnError: false, returnAjaxResult: true },
    });
    expect(res.isSuccess).toBe(true);
    const data = res.getData() as Record<string, { getData(): { result: { ID: string } } }>;
    expect(data.u!.getData().result.ID).toBe('1');
    expect(data.d!.getData().result.ID).toBe('3');
  });

  it('401 expired_token → refresh through /oauth/token/ (rotating) → retry succeeds', async () => {
    const { b24, auth, refreshed } = oauthClient();
    emu.control.expireAllTokens();
    const res = await b24.actions.v2.call.make<{ ID: string }>({ method: 'profile', params: {} });
    expect(res.isSuccess).toBe(true);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(auth.REFRESH_ID);
    // The old refresh token died with the rotation.
    const again = await fetch(emu.oauth.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: emu.oauth.clientId,
        client_secret: emu.oauth.clientSecret,
        refresh_token: auth.REFRESH_ID,
      }),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('retries a 503 QUERY_LIMIT_EXCEEDED and then succeeds', async () => {
    const { b24 } = oauthClient();
    emu.control.resetStats();
    emu.control.failNext(1, { status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' });
    const res = await b24.actions.v2.call.make<string>({ method: 'server.time', params: {} });
    expect(res.isSuccess).toBe(true);
    expect(emu.control.stats()['server.time']!.calls).toBe(2);
  });
});

describe('the SDK paces itself to the bucket', () => {
  it('a burst beyond the bucket is queued client-side: every call succeeds, (almost) no 503', async () => {
    emu.control.setLimits({
      bucketSize: 4,
      leakPerSecond: 4,
      operatingBudgetSeconds: 480,
      operatingWindowSeconds: 600,
    });
    emu.control.resetLimits();
    emu.control.resetStats();
    const { b24 } = sdkClient(emu, {
      restriction: { rateLimit: { burstLimit: 4, drainRate: 4, adaptiveEnabled: false }, maxRetries: 3 },
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => b24.actions.v2.call.make({ method: 'crm.deal.get', params: { id: i + 1 } })),
    );
    expect(answers.every((a) => a.isSuccess)).toBe(true);
    // Unpaced, 10 simultaneous calls into a 4-slot bucket would see 6 refusals. The SDK's client-side bucket
    // refills from a slightly earlier reference than the portal's, so a stray 503 (then retried) can happen.
    const stats = emu.control.stats()['crm.deal.get']!;
    expect(stats.refused503).toBeLessThanOrEqual(2);
    expect(stats.calls).toBe(10 + stats.refused503);
    emu.control.setLimits('standard');
  });
});

describe('@bitrix24/b24jssdk B24Hook against the emulator', () => {
  it('works through the webhook when requests are redirected to http', async () => {
    const secret = new URL(emu.webhookUrl).pathname.split('/')[3]!;
    const b24 = B24Hook.fromWebhookUrl(`https://portal.test/rest/1/${secret}`, { restrictionParams: restriction });
    for (const v of [ApiVersion.v2, ApiVersion.v3])
      b24.getHttpClient(v).ajaxClient.interceptors.request.use((c) => {
        c.url = c.url?.replace('https://portal.test', emu.baseUrl);
        c.baseURL = c.baseURL?.replace('https://portal.test', emu.baseUrl);
        return c;
      });
    const res = await b24.actions.v2.call.make<{ ID: string; OPPORTUNITY: string }>({
      method: 'crm.deal.get',
      params: { id: 2 },
    });
    expect(res.isSuccess).toBe(true);
    expect(res.getData()!.result.OPPORTUNITY).toMatch(/^\d+\.\d{2}$/);
    const users = await b24.actions.v2.callList.make<{ ID: string }>({ method: 'user.get', params: {}, idKey: 'ID' });
    expect(users.getData()!.length).toBe(emu.store.users().length);
  });
});
