/**
 * @module The demo stack behind `npm start`: an emulated Bitrix24 portal with a seeded sales org, the Kvota server on
 * SQLite, the app installed into the portal the way the Market installs it, a realistic plan and quotas set up through
 * the admin API (as an admin would), and the host page that plays Bitrix24 served at the portal's own origin.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBitrix24Emulator } from '../emulators/bitrix24/index';
import type { Bitrix24Emulator } from '../emulators/bitrix24/types';
import type { LogLevel } from '../server/src/app/logger';
import { listInstalledPortals } from '../server/src/db/crm/portals';
import { loadCursor } from '../server/src/db/crm/sync-state';
import { type RunningServer, startServer } from '../server/src/main';
import { ensureWidgetBuilt } from '../widget/build/ensure-built';
import { contractClient } from './contract-client';
import { pickPersonas } from './host/portal';
import { hostPageApp } from './host/serve';

export interface DemoOptions {
  /** Port of the portal (host page + emulated REST); 0 = any free port. */
  portalPort?: number;
  /** Port of the Kvota server; 0 = any free port. */
  serverPort?: number;
  /** Default: a fresh SQLite file under .kvota/demo/. */
  databaseUrl?: string;
  seed?: number;
  reps?: number;
  deals?: number;
  lang?: 'ru' | 'en';
  logLevel?: LogLevel;
  /** Progress lines for the terminal. */
  onProgress?: (line: string) => void;
}

export interface RunningDemo {
  /** The page to open: the emulated portal with Kvota inside. */
  url: string;
  emulator: Bitrix24Emulator;
  server: RunningServer;
  portalId: string;
  personas: { admin: number; manager: number; rep: number };
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEMO_PLAN = JSON.parse(readFileSync(join(ROOT, 'demo/plan.json'), 'utf8')) as unknown;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const monthKey = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * Monthly quotas a sales director would set: each rep's average won revenue per month over the seeded year, plus
 * 10 %, rounded up to 10 000 ₽ (at least 300 000 ₽), so attainment spreads around 100 % as in a real team.
 */
function quotasFromHistory(emulator: Bitrix24Emulator, repIds: string[]): Map<string, string> {
  const won = new Map<number, number>();
  const months = new Set<string>();
  for (const d of emulator.store.deals()) {
    if (d.stageSemanticId !== 'S' || d.currencyId !== 'RUB') continue;
    won.set(d.assignedById, (won.get(d.assignedById) ?? 0) + d.opportunity);
    months.add(monthKey(d.closeDate));
  }
  const monthCount = Math.max(1, months.size);
  const out = new Map<string, string>();
  for (const repId of repIds) {
    const avgRubles = (won.get(Number(repId)) ?? 0) / 100 / monthCount;
    const target = Math.max(300_000, Math.ceil((avgRubles * 1.1) / 10_000) * 10_000);
    out.set(repId, `${target}.00`);
  }
  return out;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const progress = options.onProgress ?? (() => {});
  progress('building the widget…');
  await ensureWidgetBuilt();

  progress('starting the emulated Bitrix24 portal…');
  const emulator = await startBitrix24Emulator({
    port: options.portalPort ?? 0,
    seed: options.seed ?? 7,
    reps: options.reps ?? 18,
    deals: options.deals ?? 2400,
    limits: 'standard',
  });

  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const dir = join(ROOT, '.kvota/demo');
    rmSync(dir, { recursive: true, force: true });
    databaseUrl = join(dir, 'kvota.sqlite');
  }
  progress('starting the Kvota server on SQLite…');
  const server = await startServer({
    databaseUrl,
    port: options.serverPort ?? 0,
    sessionSecret: randomBytes(32).toString('hex'),
    bitrix24: { clientId: emulator.oauth.clientId, clientSecret: emulator.oauth.clientSecret, allowHttp: true },
    syncIntervalSeconds: 60,
    logLevel: options.logLevel ?? 'warn',
  });

  try {
    progress('installing the app into the portal…');
    const install = await emulator.control.installApp({ handlerUrl: server.bitrix24InstallUrl });
    if (install.handlerStatus >= 400) {
      throw new Error(`the install handler answered ${install.handlerStatus}: ${install.handlerBody.slice(0, 200)}`);
    }
    const db = server.deps.db;
    const portal = await waitFor('the install to be stored', async () =>
      (await listInstalledPortals(db)).find((p) => p.member_id === emulator.memberId),
    );
    progress('syncing users, departments, pipelines and deals…');
    await waitFor(
      'the initial sync',
      async () => (await loadCursor<{ done?: boolean }>(db, portal.id, 'deals.full'))?.done,
    );

    progress('setting up the sales plan and quotas…');
    const users = emulator.store.users();
    const admin = users.find((u) => u.isAdmin && u.active) ?? users[0]!;
    const auth = emulator.control.issueUserAuth(admin.id);
    const anonymous = contractClient(server.url);
    const session = await anonymous('createSession', {
      body: { crm: 'bitrix24', domain: emulator.domain, memberId: emulator.memberId, authId: auth.AUTH_ID },
    });
    const api = contractClient(server.url, session.token);

    const now = emulator.control.now();
    const year = new Date(now).getUTCFullYear();
    const plan = await api('createPlan', {
      body: { name: 'Отдел продаж — ежемесячный план', effectiveFrom: `${year - 1}-01-01`, definition: DEMO_PLAN },
    });
    const version = plan.versions[0]!;
    await api('publishPlanVersion', { params: { planId: plan.id, versionId: version.id }, body: {} });
    const departments = await api('departments');
    const roots = departments.departments.filter((d) => d.parentId === null).map((d) => d.id);
    await api('assignPlan', { params: { planId: plan.id }, body: { departmentIds: roots, repIds: [] } });

    const current = monthKey(now);
    const grid = await api('quotaGrid', { query: { period: current } });
    const targets = quotasFromHistory(
      emulator,
      grid.rows.map((r) => r.repId),
    );
    const entries = [...targets].map(([repId, amount]) => ({ repId, amount }));
    // Every month of last year and this one: history for the dashboard's chart and quotas for the months ahead.
    for (const y of [year - 1, year]) {
      for (let m = 1; m <= 12; m++) {
        await api('saveQuotas', { body: { period: `${y}-${String(m).padStart(2, '0')}`, entries } });
      }
    }

    const host = hostPageApp({ portal: emulator, widgetUrl: `${server.url}/widget/`, lang: options.lang ?? 'ru' });
    emulator.mountPages(host);
    const personas = pickPersonas(emulator);
    return {
      url: `${emulator.baseUrl}/`,
      emulator,
      server,
      portalId: portal.id,
      personas,
      close: async () => {
        await server.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await server.close().catch(() => {});
    await emulator.close().catch(() => {});
    throw error;
  }
}
