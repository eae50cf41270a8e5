/**
 * A stand-in for the Kvota server until the real one is wired: serves the built widget under /widget/ and a
 * contract-valid API (every body is parsed with its contract schema before it is sent) for a small sales team,
 * with the live event stream. It "verifies" frame credentials with the fake portal, like the server does with
 * Bitrix24. `down = true` makes every API call fail at the socket (server unreachable).
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { z } from 'zod';
import {
  AcknowledgePlanResponse,
  DealEstimate,
  Departments,
  InquiryDto,
  Leaderboard,
  MyPlan,
  OpenDeals,
  PeriodCloseStatus,
  PlanList,
  QuotaGrid,
  RepHistory,
  RepSummary,
  SessionRequest,
  SessionResponse,
  Statement,
} from '../../../contract/index';
import { DIST } from '../../../widget/build/ensure-built';
import type { FakePortal } from './fake-portal';

const rub = (amount: string) => ({ amount, currency: 'RUB' });
const PERIOD = '2026-11';
const QUOTA = '1000000.00';

export interface FakeKvota {
  url: string;
  widgetUrl: string;
  /** Bodies of POST /api/session, in order. */
  sessions: z.infer<typeof SessionRequest>[];
  /** Paths of every API request. */
  requests: string[];
  down: boolean;
  /** Pushes a live event to every open stream. */
  push(event: object): void;
  openStreams(): number;
  close(): Promise<void>;
}

interface Rep {
  id: string;
  name: string;
  credit: string;
  won: number;
}

export async function startFakeKvota(portal: FakePortal): Promise<FakeKvota> {
  const reps: Rep[] = [
    { id: '8', name: 'Павел Орлов', credit: '1100000.00', won: 9 },
    { id: '9', name: 'Мария Лебедева', credit: '950000.00', won: 8 },
    { id: '7', name: 'Анна Кузнецова', credit: '875000.00', won: 7 },
  ];
  let acknowledgedAt: string | null = null;
  const closeState = { approved: false, locked: false };
  const streams = new Set<ServerResponse>();

  const ratio = (credit: string) => (Number(credit) / Number(QUOTA)).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  const ranked = () => [...reps].sort((a, b) => Number(b.credit) - Number(a.credit));
  const rankOf = (id: string) => ranked().findIndex((r) => r.id === id) + 1;
  const nameOf = (id: string) => portal.users.find((u) => String(u.id) === id);

  portal.onWin = (dealId) => {
    const deal = portal.deals.find((d) => d.id === dealId);
    const rep = reps.find((r) => r.id === String(deal?.assignedById));
    if (deal && rep) {
      rep.credit = (Number(rep.credit) + deal.opportunity / 100).toFixed(2);
      rep.won += 1;
    }
    fake.push({ type: 'deal_won', dealId: String(dealId), repIds: [String(deal?.assignedById)], period: PERIOD });
  };

  function api(
    method: string,
    path: string,
    query: URLSearchParams,
    user: string | null,
    body: unknown,
  ): [number, unknown] {
    if (method === 'POST' && path === '/api/session') {
      const req = SessionRequest.parse(body);
      fake.sessions.push(req);
      const userId =
        req.domain === portal.domain && req.memberId === portal.memberId ? portal.verify(req.authId) : null;
      if (userId === null)
        return [401, { error: { code: 'unauthenticated', message: 'Bitrix24 did not accept AUTH_ID' } }];
      const u = portal.users.find((x) => x.id === userId)!;
      const role = u.isAdmin ? 'admin' : portal.departments.some((d) => d.headId === u.id) ? 'manager' : 'rep';
      return [
        200,
        SessionResponse.parse({
          token: `tok-${u.id}`,
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          user: {
            id: String(u.id),
            name: `${u.name} ${u.lastName}`,
            role,
            headOf: portal.departments.filter((d) => d.headId === u.id).map((d) => String(d.id)),
          },
          portal: {
            id: 'p1',
            domain: portal.domain,
            language: 'ru',
            baseCurrency: 'RUB',
            timeZone: 'Europe/Moscow',
            leaderboardVisibility: 'amounts',
          },
        }),
      ];
    }
    if (!user) return [401, { error: { code: 'unauthenticated', message: 'Missing session' } }];
    const viewer = query.get('repId') ?? user;
    const rep = reps.find((r) => r.id === viewer);
    if (path === '/api/me/summary') {
      return [
        200,
        RepSummary.parse({
          repId: viewer,
          period: query.get('period') ?? PERIOD,
          periodStart: '2026-11-01',
          periodEnd: '2026-11-30',
          hasPlan: !!rep,
          planName: rep ? 'Продажи 2026' : null,
          acknowledgedAt,
          quota: rep ? rub(QUOTA) : null,
          credit: rub(rep?.credit ?? '0'),
          attainment: rep ? ratio(rep.credit) : null,
          earned: rub(rep ? (Number(rep.credit) * 0.05).toFixed(2) : '0'),
          rank: rep ? rankOf(rep.id) : null,
          rankOf: reps.length,
        }),
      ];
    }
    if (path === '/api/me/history') {
      const points = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m, i) => {
        const credit = (700000 + ((i * 97_000) % 500_000)).toFixed(2);
        return {
          period: `2026-${m}`,
          quota: rub(QUOTA),
          credit: rub(credit),
          attainment: ratio(credit),
          earned: rub((Number(credit) * 0.05).toFixed(2)),
        };
      });
      return [200, RepHistory.parse({ repId: viewer, points })];
    }
    if (path === '/api/me/open-deals') {
      return [
        200,
        OpenDeals.parse({
          period: PERIOD,
          deals: [
            {
              dealId: '101',
              title: 'Поставка оборудования ООО «Вектор»',
              stage: 'Переговоры',
              amount: rub('250000.00'),
              wouldEarn: rub('12500.00'),
            },
            {
              dealId: '103',
              title: 'Годовой сервис АО «Север»',
              stage: 'Счёт выставлен',
              amount: rub('180000.00'),
              wouldEarn: rub('4500.00'),
            },
          ],
        }),
      ];
    }
    const st = /^\/api\/statements\/(\w+)$/.exec(path);
    if (st) {
      const r = reps.find((x) => x.id === st[1]) ?? reps[2]!;
      const commission = (Number(r.credit) * 0.05).toFixed(2);
      return [
        200,
        Statement.parse({
          repId: r.id,
          repName: r.name,
          period: query.get('period') ?? PERIOD,
          planId: 'plan-1',
          planName: 'Продажи 2026',
          status: 'open',
          quota: rub(QUOTA),
          quotaCount: null,
          credit: rub(r.credit),
          wonCount: r.won,
          attainment: ratio(r.credit),
          deals: [
            {
              dealId: '90',
              title: 'Лицензии «Бета»',
              wonAt: '2026-11-12T10:00:00Z',
              amount: rub('500000.00'),
              share: '1',
              credit: rub('500000.00'),
            },
            {
              dealId: '91',
              title: 'Внедрение «Гамма»',
              wonAt: '2026-11-20T10:00:00Z',
              amount: rub('750000.00'),
              share: '0.5',
              credit: rub('375000.00'),
            },
          ],
          lines: [
            {
              id: 'l1',
              kind: 'commission',
              ruleId: 'r1',
              ruleName: 'Базовая комиссия',
              base: rub(r.credit),
              rate: '0.05',
              amount: rub(commission),
              dealId: null,
              explanation: `5 % от зачтённой выручки ${r.credit} ₽`,
            },
          ],
          total: rub(commission),
        }),
      ];
    }
    const est = /^\/api\/deals\/(\d+)\/estimate$/.exec(path);
    if (est) {
      const id = est[1];
      const base = {
        dealId: id,
        period: PERIOD,
        share: '1',
        tier: null,
        attainmentBefore: null,
        attainmentAfter: null,
        rankBefore: null,
        rankAfter: null,
        earnedBefore: rub('43750.00'),
        earnedAfter: rub('43750.00'),
      };
      if (id === '102') {
        return [
          200,
          DealEstimate.parse({
            ...base,
            title: 'Проигранный тендер',
            counts: false,
            reason: 'lost',
            amount: rub('90000.00'),
            credit: rub('0'),
            payoutDelta: rub('0'),
          }),
        ];
      }
      const won = portal.deals.find((d) => d.id === Number(id))?.stageSemanticId === 'S';
      return [
        200,
        DealEstimate.parse({
          ...base,
          title: 'Поставка оборудования ООО «Вектор»',
          counts: true,
          reason: won ? 'already_won' : null,
          amount: rub('250000.00'),
          credit: rub('250000.00'),
          payoutDelta: rub('12500.00'),
          tier: '2 — от 100 % плана',
          attainmentBefore: '0.875',
          attainmentAfter: '1.125',
          rankBefore: 3,
          rankAfter: 1,
          earnedAfter: rub('56250.00'),
        }),
      ];
    }
    if (path === '/api/leaderboard') {
      const metric = (query.get('metric') ?? 'revenue') as 'revenue';
      const period = query.get('period') ?? PERIOD;
      const total = reps.reduce((s, r) => s + Number(r.credit), 0);
      return [
        200,
        Leaderboard.parse({
          period,
          metric,
          departmentId: query.get('departmentId') ?? null,
          rows: ranked().map((r, i) => ({
            rank: i + 1,
            repId: r.id,
            repName: r.name,
            departmentId: '5',
            credit: rub(r.credit),
            wonCount: r.won,
            attainment: ratio(r.credit),
            commission: rub((Number(r.credit) * 0.05).toFixed(2)),
          })),
          team: { quota: rub('3000000.00'), credit: rub(total.toFixed(2)), attainment: (total / 3_000_000).toFixed(4) },
        }),
      ];
    }
    if (path === '/api/departments') {
      return [
        200,
        Departments.parse({ departments: [{ id: '5', name: 'Отдел продаж: Москва', parentId: '1', headId: '3' }] }),
      ];
    }
    if (path === '/api/admin/plans') {
      return [
        200,
        PlanList.parse({
          plans: [
            {
              id: 'plan-1',
              name: 'Продажи 2026',
              createdAt: '2026-01-01T00:00:00.000Z',
              versions: [
                {
                  id: 'v1',
                  planId: 'plan-1',
                  version: 1,
                  status: 'published',
                  effectiveFrom: '2026-01-01',
                  effectiveTo: null,
                  definition: {},
                  createdAt: '2026-01-01T00:00:00.000Z',
                  publishedAt: '2026-01-01T00:00:00.000Z',
                },
              ],
              assignments: [{ repId: null, departmentId: '5' }],
            },
          ],
        }),
      ];
    }
    if (path === '/api/admin/quotas') {
      return [
        200,
        QuotaGrid.parse({
          period: query.get('period') ?? PERIOD,
          currency: 'RUB',
          rows: reps.map((r) => ({
            repId: r.id,
            repName: r.name,
            departmentIds: ['5'],
            amount: rub(QUOTA),
            count: null,
          })),
        }),
      ];
    }
    const close = /^\/api\/periods\/([\w-]+)\/(close|approve|lock)$/.exec(path);
    if (close) {
      if (close[2] === 'lock') closeState.locked = true;
      if (close[2] === 'approve') closeState.approved = true;
      return [
        200,
        PeriodCloseStatus.parse({
          period: close[1],
          locked: closeState.locked,
          lockedAt: closeState.locked ? '2026-11-27T12:00:00.000Z' : null,
          lockedBy: closeState.locked ? user : null,
          rows: [],
          pending: closeState.approved ? 0 : reps.length,
          total: rub(reps.reduce((s, r) => s + Number(r.credit) * 0.05, 0).toFixed(2)),
        }),
      ];
    }
    if (path === '/api/me/plan') {
      return [
        200,
        MyPlan.parse({
          plan: {
            planId: 'plan-1',
            planName: 'Продажи 2026',
            versionId: 'v1',
            version: 1,
            effectiveFrom: '2026-01-01',
            effectiveTo: null,
            definition: {},
          },
          acknowledgedAt,
        }),
      ];
    }
    if (method === 'POST' && path === '/api/me/plan/acknowledge') {
      acknowledgedAt = '2026-11-27T12:00:00.000Z';
      return [200, AcknowledgePlanResponse.parse({ versionId: 'v1', acknowledgedAt })];
    }
    if (method === 'POST' && path === '/api/inquiries') {
      const b = body as { period: string; lineId: string; message: string };
      return [
        200,
        InquiryDto.parse({
          id: 'q1',
          repId: user,
          repName: nameOf(user)?.name ?? user,
          period: b.period,
          kind: 'statement_line',
          lineId: b.lineId,
          dealId: null,
          status: 'open',
          createdAt: '2026-11-27T12:00:00.000Z',
          updatedAt: '2026-11-27T12:00:00.000Z',
          messages: [],
        }),
      ];
    }
    return [404, { error: { code: 'not_found', message: `No route ${method} ${path}` } }];
  }

  function serveWidget(path: string, res: ServerResponse) {
    const rel = normalize(path.replace(/^\/widget\/?/, '') || 'deal-tab.html');
    if (rel.startsWith('..')) return void res.writeHead(403).end();
    const file = join(DIST, rel);
    try {
      if (!statSync(file).isFile()) throw new Error('dir');
    } catch {
      return void res.writeHead(404).end('not found');
    }
    const types: Record<string, string> = {
      '.html': 'text/html; charset=utf-8',
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
    };
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(readFileSync(file));
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/widget')) return serveWidget(url.pathname, res);
    if (!url.pathname.startsWith('/api/')) return void res.writeHead(404).end();
    fake.requests.push(url.pathname);
    if (fake.down) return void req.socket.destroy();
    const token = url.searchParams.get('token') ?? /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const user = token?.startsWith('tok-') ? token.slice(4) : null;
    if (url.pathname === '/api/events') {
      if (!user) return void res.writeHead(401).end();
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      let status: number;
      let payload: unknown;
      try {
        [status, payload] = api(req.method ?? 'GET', url.pathname, url.searchParams, user, body);
      } catch (e) {
        [status, payload] = [
          400,
          { error: { code: 'bad_request', message: String((e as Error).message).slice(0, 300) } },
        ];
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeKvota = {
    url,
    widgetUrl: `${url}/widget/`,
    sessions: [],
    requests: [],
    down: false,
    push(event) {
      for (const s of streams) s.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}
