import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepSummary } from '../../../contract/api/me';
import { createApiClient } from './client';
import { ApiError } from './errors';

const summary = {
  repId: '7',
  period: '2026-11',
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  hasPlan: true,
  planName: 'Sales 2026',
  acknowledgedAt: null,
  quota: { amount: '1000000', currency: 'RUB' },
  credit: { amount: '875000', currency: 'RUB' },
  attainment: '0.875',
  earned: { amount: '43750', currency: 'RUB' },
  rank: 2,
  rankOf: 8,
};

let server: Server;
let base: string;
const seen: { auth?: string; url?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ auth: req.headers.authorization, url: req.url });
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/me/summary?period=2026-11')) return res.end(JSON.stringify(summary));
    if (req.url?.startsWith('/api/bad')) return res.end(JSON.stringify({ ...summary, earned: 43750 }));
    if (req.url?.startsWith('/api/expiring')) {
      if (req.headers.authorization === 'Bearer fresh') return res.end(JSON.stringify(summary));
      res.statusCode = 401;
      return res.end(
        JSON.stringify({ error: { code: 'unauthenticated', message: 'Session expired: open the app again' } }),
      );
    }
    if (req.url?.startsWith('/api/forbidden')) {
      res.statusCode = 403;
      return res.end(JSON.stringify({ error: { code: 'forbidden', message: 'Reps may only see their own numbers' } }));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'no' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('widget API client', () => {
  it('sends the bearer token and returns the parsed body', async () => {
    const api = createApiClient(base);
    api.setToken('tok-1');
    const s = await api.request('GET', '/api/me/summary', RepSummary, {
      query: { period: '2026-11', repId: undefined },
    });
    expect(s.attainment).toBe('0.875');
    expect(seen.at(-1)).toEqual({ auth: 'Bearer tok-1', url: '/api/me/summary?period=2026-11' });
  });

  it('rejects a body that breaks the contract (money as a JSON number) and says where', async () => {
    const api = createApiClient(base);
    const err = await api.request('GET', '/api/bad', RepSummary).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('contract');
    expect(err.detail.path).toBe('earned');
  });

  it('turns the server error body into a typed error with its stable code', async () => {
    const err = await createApiClient(base)
      .request('GET', '/api/forbidden', RepSummary)
      .catch((e) => e);
    expect(err.kind).toBe('api');
    expect(err.detail).toMatchObject({ status: 403, code: 'forbidden' });
    expect(err.message).toBe('Reps may only see their own numbers');
  });

  it('renews an expired session once and repeats the call', async () => {
    const api = createApiClient(base);
    api.setToken('stale');
    let renewals = 0;
    api.onExpired = async () => {
      renewals++;
      api.setToken('fresh');
      return 'fresh';
    };
    const [a, b] = await Promise.all([
      api.request('GET', '/api/expiring', RepSummary),
      api.request('GET', '/api/expiring', RepSummary),
    ]);
    expect([a.repId, b.repId]).toEqual(['7', '7']);
    expect(renewals).toBe(1);
  });

  it('says the server is unreachable when nothing answers', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const err = await createApiClient(`http://127.0.0.1:${port}`)
      .request('POST', '/api/session', RepSummary)
      .catch((e) => e);
    expect(err.kind).toBe('unreachable');
  });
});
