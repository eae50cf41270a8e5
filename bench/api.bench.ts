/**
 * `npm run bench -- api`: the companion server's API under load on loopback (issue 4).
 *  1. A portal with 1,000 reps and 200,000 deals seeded straight into SQLite; statements computed once.
 *  2. Leaderboard (a manager's department, revenue) and "my attainment" (GET /api/me/summary as a rep) under 50
 *     concurrent keep-alive connections, and a bare node:http server replying with the same leaderboard JSON, in the
 *     same run, same load generator (a worker thread).
 *  3. A burst of 10,000 Bitrix24 deal-update events at 500/s to /b24/event: acknowledgement latency and how many
 *     did not end up in the durable dirty queue (must be 0).
 *  4. Deal won in an emulated portal → `deal_won` on a connected event stream: the whole path (portal event →
 *     webhook → sync → statement recompute → stream), p95 over 20 wins.
 * Metrics: leaderboard_rps, bare_rps, leaderboard_vs_bare_ratio, leaderboard_p99_ms, summary_rps, summary_p99_ms,
 * events_lost, event_ack_p99_ms, won_to_stream_p95_ms (+ seed and recompute times, for context).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Emulator } from '../emulators/bitrix24/index';
import { migrateToLatest, openDatabase } from '../server/src/db/database';
import { issueSessionToken } from '../server/src/http/session-token';
import { startServer } from '../server/src/main';
import { closedLoop, openLoop } from './api/loadgen';
import { seedBigPortal } from './api/seed';
import { type BenchFigure, figure } from './run';

const BENCH = 'api';
const SECRET = 'bench-session-secret-0123456789abcdef0123';
const CONNECTIONS = 50;
const DURATION_MS = 5000;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function loadPhase(figures: BenchFigure[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kvota-bench-api-'));
  const file = join(dir, 'kvota.sqlite');
  const store = openDatabase(file);
  try {
    await migrateToLatest(store.db);
    let t = performance.now();
    const seeded = await seedBigPortal(store.db, { reps: 1000, deals: 200_000, now: new Date(), sqliteFile: file });
    figures.push(figure(BENCH, 'seed_ms', performance.now() - t, 'ms'));
    const server = await startServer({
      database: store,
      port: 0,
      // No sync in this phase: the burst's dirty deals stay queued, which is what we count.
      sync: false,
      logLevel: 'silent',
      sessionSecret: SECRET,
      bitrix24: { clientId: 'local.bench', clientSecret: 'bench-secret' },
      env: {},
    });
    try {
      t = performance.now();
      await server.deps.statements.recomputePortal(seeded.portalId);
      figures.push(figure(BENCH, 'full_recompute_ms', performance.now() - t, 'ms'));

      const dept = seeded.departments[3]!;
      const token = (userId: string, role: 'manager' | 'rep', headOf: string[]) =>
        issueSessionToken({ portalId: seeded.portalId, userId, role, headOf }, SECRET, new Date(), 3600).token;
      const managerToken = token(dept.headId, 'manager', [dept.id]);
      const repToken = token(dept.members[5]!, 'rep', []);
      const lbUrl = `${server.url}/api/leaderboard?departmentId=${dept.id}&metric=revenue`;
      const lbRes = await fetch(lbUrl, { headers: { authorization: `Bearer ${managerToken}` } });
      const lbBody = await lbRes.text();
      if (lbRes.status !== 200) throw new Error(`leaderboard answered ${lbRes.status}: ${lbBody.slice(0, 200)}`);
      const sumUrl = `${server.url}/api/me/summary`;
      const sumRes = await fetch(sumUrl, { headers: { authorization: `Bearer ${repToken}` } });
      if (sumRes.status !== 200) throw new Error(`summary answered ${sumRes.status}`);

      // Bare node:http with the very same body, measured right before.
      const bare = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(lbBody) });
        res.end(lbBody);
      });
      await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
      const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
      await closedLoop({ url: bareUrl, connections: CONNECTIONS, durationMs: 1000 });
      const bareRun = await closedLoop({ url: bareUrl, connections: CONNECTIONS, durationMs: DURATION_MS });
      await new Promise<void>((r) => bare.close(() => r()));
      bare.closeAllConnections();

      const lbHeaders = { authorization: `Bearer ${managerToken}` };
      await closedLoop({ url: lbUrl, headers: lbHeaders, connections: CONNECTIONS, durationMs: 1000 });
      const lbRun = await closedLoop({
        url: lbUrl,
        headers: lbHeaders,
        connections: CONNECTIONS,
        durationMs: DURATION_MS,
      });
      const sumHeaders = { authorization: `Bearer ${repToken}` };
      await closedLoop({ url: sumUrl, headers: sumHeaders, connections: CONNECTIONS, durationMs: 1000 });
      const sumRun = await closedLoop({
        url: sumUrl,
        headers: sumHeaders,
        connections: CONNECTIONS,
        durationMs: DURATION_MS,
      });
      if (lbRun.errors || sumRun.errors)
        throw new Error(`errors under load: leaderboard ${lbRun.errors}, summary ${sumRun.errors}`);

      figures.push(figure(BENCH, 'leaderboard_body_bytes', Buffer.byteLength(lbBody), 'bytes'));
      figures.push(figure(BENCH, 'bare_rps', bareRun.rps, 'req/s'));
      // The bare server's own tail under the same 50 connections: what p99 the machine allows at all.
      figures.push(figure(BENCH, 'bare_p99_ms', bareRun.p99, 'ms'));
      figures.push(figure(BENCH, 'leaderboard_rps', lbRun.rps, 'req/s'));
      figures.push(
        figure(
          BENCH,
          'leaderboard_vs_bare_ratio',
          lbRun.rps / bareRun.rps,
          'ratio',
          0.6,
          lbRun.rps / bareRun.rps / 0.6,
        ),
      );
      figures.push(figure(BENCH, 'leaderboard_p99_ms', lbRun.p99, 'ms', 10));
      figures.push(figure(BENCH, 'summary_rps', sumRun.rps, 'req/s'));
      figures.push(
        figure(BENCH, 'summary_vs_bare_ratio', sumRun.rps / bareRun.rps, 'ratio', 0.6, sumRun.rps / bareRun.rps / 0.6),
      );
      figures.push(figure(BENCH, 'summary_p99_ms', sumRun.p99, 'ms', 10));

      // Event burst: 10,000 distinct deal updates at 500/s, each must be durably queued before the 200.
      const firstId = 1_000_000;
      const count = 10_000;
      const body = new URLSearchParams({
        event: 'ONCRMDEALUPDATE',
        'data[FIELDS][ID]': '__ID__',
        'auth[member_id]': seeded.memberId,
        'auth[application_token]': seeded.applicationToken,
        'auth[domain]': 'bench.bitrix24.ru',
      })
        .toString()
        .replace('__ID__', '{i}');
      const burst = await openLoop({
        url: `${server.url}/b24/event`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        bodyTemplate: body,
        firstId,
        count,
        rate: 500,
      });
      const queued = await store.db
        .selectFrom('sync_dirty_deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('portal_id', '=', seeded.portalId)
        .where('deal_id', '>=', String(firstId))
        .executeTakeFirstOrThrow();
      if (burst.failed)
        process.stderr.write(`api bench: ${burst.failed} event posts failed: ${JSON.stringify(burst.statuses)}\n`);
      figures.push(figure(BENCH, 'events_sent', burst.sent, 'events'));
      figures.push(figure(BENCH, 'events_lost', count - Number(queued.n), 'events', 0, null));
      figures.push(figure(BENCH, 'event_ack_p99_ms', burst.p99, 'ms', 20));
      figures.push(figure(BENCH, 'event_burst_s', burst.elapsedMs / 1000, 's'));
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function wonToStream(figures: BenchFigure[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kvota-bench-live-'));
  const emu = await startBitrix24Emulator({ seed: 7, reps: 20, deals: 2000, limits: 'standard' });
  const server = await startServer({
    databaseUrl: join(dir, 'kvota.sqlite'),
    port: 0,
    logLevel: 'silent',
    sessionSecret: SECRET,
    syncIntervalSeconds: 0,
    bitrix24: { clientId: emu.oauth.clientId, clientSecret: emu.oauth.clientSecret, allowHttp: true },
    env: {},
  });
  const ctrl = new AbortController();
  try {
    const installed = await emu.control.installApp({ handlerUrl: server.bitrix24InstallUrl });
    if (installed.handlerStatus !== 200) throw new Error(`install failed: ${installed.handlerStatus}`);
    const portalId = `bitrix24:${emu.memberId}`;
    for (let i = 0; ; i++) {
      const row = await server.deps.db
        .selectFrom('sync_state')
        .select('cursor')
        .where('portal_id', '=', portalId)
        .where('job', '=', 'deals.full')
        .executeTakeFirst();
      if (row && (JSON.parse(row.cursor) as { done?: boolean }).done && !server.scheduler?.busy(portalId)) break;
      if (i > 1200) throw new Error('initial sync did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.scheduler?.idle();
    const now = new Date().toISOString();
    await server.deps.db
      .insertInto('plans')
      .values({ id: 'p', portal_id: portalId, name: 'План', created_at: now, created_by: null })
      .execute();
    await server.deps.db
      .insertInto('plan_versions')
      .values({
        id: 'pv',
        portal_id: portalId,
        plan_id: 'p',
        version: 1,
        status: 'published',
        effective_from: '2020-01-01',
        effective_to: null,
        definition: JSON.stringify({
          currency: 'RUB',
          period: 'month',
          rules: [{ id: 'base', type: 'flat', rate: '0.05' }],
        }),
        created_at: now,
        created_by: null,
        published_at: now,
      })
      .execute();
    await server.deps.statements.recomputePortal(portalId);

    const viewer = String(emu.store.users()[0]!.id);
    const token = issueSessionToken(
      { portalId, userId: viewer, role: 'rep', headOf: [] },
      SECRET,
      new Date(),
      3600,
    ).token;
    const res = await fetch(`${server.url}/api/events?token=${encodeURIComponent(token)}`, { signal: ctrl.signal });
    const arrived = new Map<string, number>();
    const waiter: { wake: (() => void) | null } = { wake: null };
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block.split('\n').find((l) => l.startsWith('data:'));
            if (data && /^event: deal_won/m.test(block)) {
              arrived.set(String((JSON.parse(data.slice(5)) as { dealId: string }).dealId), performance.now());
              waiter.wake?.();
            }
          }
        }
      } catch {}
    })();

    const semantics = new Map(emu.store.stages().map((s) => [s.statusId, s.semantic]));
    const open = emu.store
      .deals()
      .filter((d) => (semantics.get(d.stageId) ?? 'P') === 'P' && d.assignedById)
      .slice(0, 20);
    const latencies: number[] = [];
    for (const deal of open) {
      const started = performance.now();
      await emu.control.winDeal(deal.id);
      const id = String(deal.id);
      const until = started + 10_000;
      while (!arrived.has(id) && performance.now() < until) {
        await new Promise<void>((r) => {
          waiter.wake = r;
          setTimeout(r, 100);
        });
      }
      latencies.push((arrived.get(id) ?? Number.POSITIVE_INFINITY) - started);
    }
    figures.push(figure(BENCH, 'won_events', latencies.length, 'deals'));
    figures.push(figure(BENCH, 'won_to_stream_p50_ms', pct(latencies, 50), 'ms'));
    figures.push(figure(BENCH, 'won_to_stream_p95_ms', pct(latencies, 95), 'ms', 1000));
  } finally {
    ctrl.abort();
    await server.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  await loadPhase(figures);
  await wonToStream(figures);
  return figures;
}
