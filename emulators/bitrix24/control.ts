import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { phpFormEncode } from './events';
import { formatDateTime } from './format';
import { resolveLimits } from './limits';
import type { User } from './model';
import { addDeal, changeDeal, deleteDeal, loseDeal, winDeal } from './mutations';
import { issueAuthCode, oauthRoutes } from './oauth';
import type { Portal } from './portal';
import { Random } from './random';
import type { Env } from './server';
import type { Bitrix24Control, Bitrix24Store, InstallResult, UserAuth } from './types';

export function createControl(portal: Portal): { api: Bitrix24Control; routes: (app: Hono<Env>) => void } {
  const issueUserAuth = (userId: number): UserAuth => {
    const user = portal.users.get(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    const t = portal.issueTokens(userId);
    return {
      AUTH_ID: t.accessToken,
      REFRESH_ID: t.refreshToken,
      AUTH_EXPIRES: 3600,
      expires: Math.floor(t.expiresAt / 1000),
      isAdmin: user.isAdmin,
      userId,
    };
  };
  const churnRandom = new Random(0xc0ffee);
  let churnTimer: ReturnType<typeof setInterval> | undefined;

  const api: Bitrix24Control = {
    now: () => portal.now(),
    advanceClock: (ms) => portal.advanceClock(ms),
    setLimits: (limits) => {
      portal.limits = resolveLimits(limits);
    },
    resetLimits: () => {
      portal.bucket.reset();
      portal.operating.reset();
    },
    stats: () => Object.fromEntries([...portal.stats].map(([k, v]) => [k, { ...v }])),
    resetStats: () => portal.stats.clear(),
    failNext: (count, spec = {}) => {
      const delayOnly = spec.delayMs !== undefined && spec.status === undefined && spec.error === undefined;
      const mode = spec.drop ? 'drop' : spec.rawBody !== undefined ? 'raw' : delayOnly ? 'delay' : 'error';
      for (let i = 0; i < count; i++)
        portal.failures.push({
          mode,
          status: spec.status ?? (mode === 'raw' ? 502 : 500),
          error: spec.error ?? 'INTERNAL_SERVER_ERROR',
          description: spec.description ?? 'Internal server error',
          rawBody: spec.rawBody ?? '',
          delayMs: spec.delayMs ?? 0,
          method: spec.method?.toLowerCase(),
        });
    },
    dropNextEvents: (count) => {
      portal.dropEvents += count;
    },
    expireAllTokens: () => portal.expireAllTokens(),
    addDeal: async (deal) => addDeal(portal, deal),
    changeDeal: async (id, change) => changeDeal(portal, id, change),
    winDeal: async (id) => winDeal(portal, id),
    loseDeal: async (id) => loseDeal(portal, id),
    deleteDeal: async (id) => deleteDeal(portal, id),
    startChurn: (fractionPerMinute, tickMs = 1000) => {
      api.stopChurn();
      let carry = 0;
      churnTimer = setInterval(() => {
        // Fractions of a deal per tick accumulate so that small rates still change deals.
        carry += (portal.deals.size * fractionPerMinute * tickMs) / 60_000;
        const n = Math.floor(carry);
        if (n < 1) return;
        carry -= n;
        void api.churn(n / Math.max(1, portal.deals.size));
      }, tickMs);
      churnTimer.unref();
    },
    stopChurn: () => {
      if (churnTimer) clearInterval(churnTimer);
      churnTimer = undefined;
    },
    churn: async (fraction) => {
      const all = portal.deals.all();
      const n = Math.max(1, Math.round(all.length * fraction));
      const touched: number[] = [];
      for (let i = 0; i < n && all.length > 0; i++) {
        const deal = all[churnRandom.int(0, all.length - 1)]!;
        if (touched.includes(deal.id)) continue;
        touched.push(deal.id);
        if (deal.stageSemanticId === 'P' && churnRandom.chance(0.5)) {
          if (churnRandom.chance(0.5)) winDeal(portal, deal.id);
          else loseDeal(portal, deal.id);
        } else {
          const rub = churnRandom.int(100, 50_000) * 10;
          changeDeal(portal, deal.id, { opportunity: `${rub}.00` });
        }
      }
      return touched;
    },
    addUser: async (input) => {
      const now = portal.now();
      const user: User = {
        id: portal.nextUserId++,
        active: true,
        name: input.name,
        lastName: input.lastName,
        secondName: '',
        email: `user${portal.nextUserId - 1}@severny-veter.ru`,
        gender: input.gender ?? 'M',
        birthday: '1990-01-01',
        dateRegister: now,
        employmentDate: input.employmentDate ?? now,
        lastLogin: null,
        departments: [input.departmentId],
        workPosition: input.workPosition ?? 'Менеджер по продажам',
        isAdmin: false,
        timeZone: '',
      };
      portal.users.insert(user);
      portal.events.fire(
        'ONUSERADD',
        {
          ID: user.id,
          ACTIVE: 'Y',
          EMAIL: user.email,
          NAME: user.name,
          LAST_NAME: user.lastName,
          PERSONAL_GENDER: user.gender,
          PERSONAL_BIRTHDAY: user.birthday,
          UF_DEPARTMENT: user.departments,
          DATE_REGISTER: formatDateTime(user.dateRegister),
          WORK_POSITION: user.workPosition,
          UF_EMPLOYMENT_DATE: user.employmentDate === null ? '' : formatDateTime(user.employmentDate).slice(0, 10),
        },
        1,
      );
      return user;
    },
    installApp: async ({ handlerUrl, clientId, scope }): Promise<InstallResult> => {
      if (clientId && clientId !== portal.app.clientId) throw new Error(`unknown client_id ${clientId}`);
      if (scope) portal.app.scope = scope;
      portal.app.installed = true;
      portal.app.installFinished = false;
      portal.app.applicationToken = randomBytes(16).toString('hex');
      const auth = issueUserAuth(1);
      const url = new URL(handlerUrl);
      url.searchParams.set('DOMAIN', portal.domain);
      url.searchParams.set('PROTOCOL', '0');
      url.searchParams.set('LANG', 'ru');
      url.searchParams.set('APP_SID', randomBytes(16).toString('hex'));
      const form = phpFormEncode({
        AUTH_ID: auth.AUTH_ID,
        AUTH_EXPIRES: String(auth.AUTH_EXPIRES),
        REFRESH_ID: auth.REFRESH_ID,
        SERVER_ENDPOINT: `${portal.baseUrl}/rest/`,
        APPLICATION_TOKEN: portal.app.applicationToken,
        APPLICATION_SCOPE: portal.app.scope,
        member_id: portal.memberId,
        status: portal.app.status,
        PLACEMENT: 'DEFAULT',
        PLACEMENT_OPTIONS: '{}',
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      const handlerBody = await res.text();
      portal.events.fire(
        'ONAPPINSTALL',
        { VERSION: String(portal.app.version), ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' },
        1,
        {
          withRefresh: true,
        },
      );
      await portal.events.flush();
      return { handlerStatus: res.status, handlerBody, applicationToken: portal.app.applicationToken, auth };
    },
    uninstallApp: async ({ clean = true } = {}) => {
      const bindings = portal.eventBindings.filter((b) => b.event === 'ONAPPUNINSTALL');
      const payload = {
        event: 'ONAPPUNINSTALL',
        data: { LANGUAGE_ID: 'ru', CLEAN: clean ? 1 : 0 },
        ts: String(Math.floor(portal.now() / 1000)),
        auth: portal.events.authBlock(1, false, false),
      };
      for (const b of bindings)
        void portal.events.post(
          'ONAPPUNINSTALL',
          b.handler,
          phpFormEncode({ ...payload, event_handler_id: String(b.id) }),
        );
      await portal.events.flush();
      portal.app.installed = false;
      portal.app.installFinished = false;
      portal.app.applicationToken = null;
      portal.eventBindings.length = 0;
      portal.placements.length = 0;
      portal.offlineEvents.length = 0;
      if (clean) portal.appOptions.clear();
      portal.tokens.clear();
      portal.refreshTokens.clear();
    },
    finishInstall: () => {
      if (!portal.app.installed) throw new Error('the app is not installed');
      portal.app.installFinished = true;
    },
    issueUserAuth,
    issueAuthCode: (userId) => issueAuthCode(portal, userId),
    deliveredEvents: () => [...portal.events.delivered],
    flushEvents: () => portal.events.flush(),
  };
  return { api, routes: oauthRoutes(portal) };
}

/**
 * The control API and store over HTTP, for an emulator running in another process:
 * `POST /_emulator/<secret>/<op>` with a JSON array of arguments; ops are the control methods and `store.<getter>`.
 */
export function controlRoutes(api: Bitrix24Control, store: Bitrix24Store, secret: string) {
  return (app: Hono<Env>) => {
    app.post('/_emulator/:secret/:op', async (c) => {
      if (c.req.param('secret') !== secret) return c.json({ error: 'unknown control secret' }, 403);
      const op = c.req.param('op');
      const text = await c.req.text();
      const args = text ? (JSON.parse(text) as unknown[]) : [];
      const target = op.startsWith('store.')
        ? store[op.slice(6) as keyof Bitrix24Store]
        : api[op as keyof Bitrix24Control];
      if (typeof target !== 'function') return c.json({ error: `unknown control operation ${op}` }, 404);
      try {
        const result = await (target as (...a: unknown[]) => unknown)(...args);
        return c.json({ result: result === undefined ? null : result });
      } catch (error) {
        return c.json({ error: (error as Error).message }, 400);
      }
    });
  };
}
