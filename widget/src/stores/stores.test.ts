/** Store logic without a DOM: actions against a fake API client that answers with contract-valid bodies. */
import { describe, expect, it } from 'vitest';
import type { ApiClient, Parser } from '../api/client';
import { parseWith } from '../api/client';
import { ApiError } from '../api/errors';
import { loadDashboard } from './dashboard';
import { loadDealTab } from './deal-tab';
import { connectLive, type EventSourceLike } from './live';
import { applyLiveEvent } from './live-apply';
import { startSession } from './session';
import { type Ctx, createAppStore } from './store';
import { loadLeaderboard } from './team';

const rub = (amount: string) => ({ amount, currency: 'RUB' });
type Handler = (path: string, query: Record<string, string | undefined>) => unknown | Promise<unknown>;

function fakeApi(handler: Handler): ApiClient & { calls: string[] } {
  let token: string | null = null;
  const calls: string[] = [];
  return {
    baseUrl: 'http://kvota.test',
    calls,
    setToken: (t) => {
      token = t;
    },
    token: () => token,
    async request<T>(
      method: string,
      path: string,
      schema: Parser<T>,
      opts: { query?: Record<string, string | undefined> } = {},
    ) {
      calls.push(`${method} ${path}${opts.query?.period ? `?period=${opts.query.period}` : ''}`);
      const body = await handler(path, opts.query ?? {});
      if (body instanceof Error) throw body;
      return parseWith(schema, body, path);
    },
  };
}

const ctxWith = (handler: Handler): Ctx & { api: ReturnType<typeof fakeApi> } => ({
  store: createAppStore('ru'),
  api: fakeApi(handler),
  now: () => new Date('2026-11-27T10:00:00Z'),
});

const summary = (period = '2026-11', attainment = '0.875') => ({
  repId: '7',
  period,
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  hasPlan: true,
  planName: 'Продажи 2026',
  acknowledgedAt: null,
  quota: rub('1000000'),
  credit: rub('875000'),
  attainment,
  earned: rub('43750'),
  rank: 3,
  rankOf: 3,
});
const estimate = {
  dealId: '101',
  title: 'Вектор',
  period: '2026-11',
  counts: true,
  reason: null,
  amount: rub('250000'),
  share: '1',
  credit: rub('250000'),
  payoutDelta: rub('12500'),
  tier: null,
  attainmentBefore: '0.875',
  attainmentAfter: '1.125',
  rankBefore: 3,
  rankAfter: 1,
  earnedBefore: rub('43750'),
  earnedAfter: rub('56250'),
};
const session = {
  token: 'tok-7',
  expiresAt: '2026-11-27T11:00:00.000Z',
  user: { id: '7', name: 'Анна', role: 'rep', headOf: [] },
  portal: {
    id: 'p',
    domain: 'x',
    language: 'ru',
    baseCurrency: 'RUB',
    timeZone: 'Europe/Moscow',
    leaderboardVisibility: 'amounts',
  },
};
const board = (first: string) => ({
  period: '2026-11',
  metric: 'revenue',
  departmentId: null,
  rows: [first, first === '7' ? '8' : '7'].map((id, i) => ({
    rank: i + 1,
    repId: id,
    repName: id,
    departmentId: null,
    credit: rub('1'),
    wonCount: 1,
    attainment: '1',
    commission: rub('1'),
  })),
  team: { quota: null, credit: rub('2'), attainment: null },
});

describe('widget stores', () => {
  it('opens a session: token on the client, viewer in the store', async () => {
    const ctx = ctxWith((p) => (p === '/api/session' ? session : null));
    expect(await startSession(ctx, { crm: 'bitrix24', domain: 'x', memberId: 'm', authId: 'a' })).toBe(true);
    expect(ctx.api.token()).toBe('tok-7');
    expect(ctx.store.getState().session.data?.user.role).toBe('rep');
  });

  it('keeps the reason when the session fails', async () => {
    const ctx = ctxWith(() => new ApiError('unreachable', 'down'));
    expect(await startSession(ctx, { crm: 'bitrix24', domain: 'x', memberId: 'm', authId: 'a' })).toBe(false);
    expect(ctx.store.getState().session).toMatchObject({ status: 'error', error: { kind: 'unreachable' } });
  });

  it('loads the deal tab: estimate and summary together; an error in one is kept, not thrown', async () => {
    const ctx = ctxWith((p) =>
      p.startsWith('/api/deals/') ? estimate : new ApiError('api', 'nope', { code: 'forbidden' }),
    );
    await loadDealTab(ctx, '101');
    const d = ctx.store.getState().deal;
    expect(d.estimate.status).toBe('ready');
    expect(d.estimate.data?.payoutDelta.amount).toBe('12500');
    expect(d.summary).toMatchObject({ status: 'error', error: { detail: { code: 'forbidden' } } });
  });

  it('ignores the answer for a deal the user already left', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const ctx = ctxWith(async (p) => {
      if (p === '/api/deals/1/estimate') {
        await slow;
        return { ...estimate, dealId: '1' };
      }
      return p.startsWith('/api/deals/') ? { ...estimate, dealId: '2' } : summary();
    });
    const first = loadDealTab(ctx, '1');
    await loadDealTab(ctx, '2');
    release();
    await first;
    expect(ctx.store.getState().deal.estimate.data?.dealId).toBe('2');
  });

  it('dashboard: a late answer for a period the user switched away from does not overwrite the new one', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const ctx = ctxWith(async (p, q) => {
      if (p === '/api/me/summary') {
        if (q.period === '2026-10') await slow;
        return summary(q.period ?? '2026-11', q.period === '2026-10' ? '0.5' : '0.9');
      }
      if (p === '/api/me/open-deals') return { period: q.period ?? '2026-11', deals: [] };
      if (p === '/api/me/history') return { repId: '7', points: [] };
      return new ApiError('api', 'no statement', { code: 'not_found' });
    });
    const october = loadDashboard(ctx, '2026-10');
    await loadDashboard(ctx, '2026-11');
    release();
    await october;
    expect(ctx.store.getState().dashboard.summary.data?.attainment).toBe('0.9');
    expect(ctx.store.getState().dashboard.period).toBe('2026-11');
  });

  it('a live deal_won reloads the leaderboard without a loading flash and counts the update', async () => {
    let first = '8';
    const ctx = ctxWith((p) => (p === '/api/leaderboard' ? board(first) : null));
    await loadLeaderboard(ctx);
    const states: string[] = [];
    ctx.store.subscribe((s) => states.push(s.team.leaderboard.status));
    first = '7';
    await applyLiveEvent(ctx, { type: 'deal_won', dealId: '101', repIds: ['7'], period: '2026-11' });
    expect(ctx.store.getState().team.leaderboard.data?.rows[0]?.repId).toBe('7');
    expect(states).not.toContain('loading');
    expect(ctx.store.getState().team.liveUpdates).toBe(1);
  });

  it('connects the event stream with the token in the query and passes on valid events only', () => {
    const ctx = ctxWith(() => null);
    ctx.api.setToken('t k');
    const listeners = new Map<string, (ev: MessageEvent) => void>();
    let opened = '';
    let closed = false;
    const es: EventSourceLike = {
      onopen: null,
      onerror: null,
      addEventListener: (type, l) => listeners.set(type, l),
      close: () => {
        closed = true;
      },
    };
    const got: unknown[] = [];
    const stop = connectLive(
      ctx,
      (url) => {
        opened = url;
        return es;
      },
      (e) => got.push(e),
    );
    expect(opened).toBe('http://kvota.test/api/events?token=t%20k');
    const send = (type: string, data: string) => listeners.get(type)?.({ type, data } as MessageEvent);
    send('deal_won', JSON.stringify({ type: 'deal_won', dealId: '1', repIds: ['7'], period: '2026-11' }));
    send('deal_won', '{not json');
    send('message', JSON.stringify({ type: 'something_new' }));
    expect(got).toEqual([{ type: 'deal_won', dealId: '1', repIds: ['7'], period: '2026-11' }]);
    stop();
    expect(closed).toBe(true);
  });
});
