/**
 * A real Kvota server (startServer) against two emulated Bitrix24 portals, installed and synced, for the API suites.
 * Each portal gets a plan and quotas written straight into storage (the admin API has its own suites), and
 * `sessionAs(portal, userId)` logs in the way the widget does: frame AUTH_ID from the portal → POST /api/session.
 */
import { type Bitrix24Emulator, startBitrix24Emulator } from '../../emulators/bitrix24/index';
import type { Session } from '../../server/src/app/deps';
import { type RunningServer, startServer } from '../../server/src/main';
import type { TestDatabase } from '../helpers/databases';

export interface TestPortal {
  emu: Bitrix24Emulator;
  portalId: string;
  admin: string;
  /** A department head with at least one member below. */
  manager: string;
  managerDepartment: string;
  /** A rep inside the manager's subtree, and one outside it. */
  rep: string;
  outsider: string;
}

export interface Stack {
  server: RunningServer;
  a: TestPortal;
  b: TestPortal;
  close(): Promise<void>;
}

export const SESSION_SECRET = 'integration-test-secret-0123456789abcdef';

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const PLAN = {
  currency: 'RUB',
  period: 'month',
  rules: [
    {
      id: 'base',
      name: 'Комиссия',
      type: 'tiered',
      basis: 'attainment',
      method: 'marginal',
      tiers: [
        { name: 'База', from: '0', to: '1', rate: '0.05' },
        { name: 'Сверх плана', from: '1', to: null, rate: '0.08' },
      ],
    },
  ],
};

function pickOrg(emu: Bitrix24Emulator) {
  const users = emu.store.users().filter((u) => u.active);
  const deps = emu.store.departments();
  const admin = users.find((u) => u.isAdmin)!;
  const sub = deps.find(
    (d) =>
      d.parentId !== null &&
      d.headId &&
      users.some((u) => u.departments.includes(d.id) && u.id !== d.headId && !u.isAdmin),
  );
  if (!admin || !sub?.headId) throw new Error('emulated org has no admin or no department head with members');
  const rep = users.find((u) => u.departments.includes(sub.id) && u.id !== sub.headId && !u.isAdmin)!;
  const subtreeIds = new Set<number>([sub.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of deps) {
      if (d.parentId !== null && subtreeIds.has(d.parentId) && !subtreeIds.has(d.id)) {
        subtreeIds.add(d.id);
        grew = true;
      }
    }
  }
  const heads = new Set(deps.map((d) => d.headId));
  const outsider = users.find((u) => !u.isAdmin && !heads.has(u.id) && !u.departments.some((d) => subtreeIds.has(d)))!;
  if (!rep || !outsider) throw new Error('emulated org lacks a rep inside and one outside the department');
  return {
    admin: String(admin.id),
    manager: String(sub.headId),
    managerDepartment: String(sub.id),
    rep: String(rep.id),
    outsider: String(outsider.id),
  };
}

async function seedPlan(server: RunningServer, portalId: string, reps: string[], period: string): Promise<void> {
  const db = server.deps.db;
  const now = new Date().toISOString();
  await db
    .insertInto('plans')
    .values({ id: `plan-${portalId}`, portal_id: portalId, name: 'План продаж', created_at: now, created_by: null })
    .execute();
  await db
    .insertInto('plan_versions')
    .values({
      id: `pv-${portalId}`,
      portal_id: portalId,
      plan_id: `plan-${portalId}`,
      version: 1,
      status: 'published',
      effective_from: '2020-01-01',
      effective_to: null,
      definition: JSON.stringify(PLAN),
      created_at: now,
      created_by: null,
      published_at: now,
    })
    .execute();
  await db
    .insertInto('quotas')
    .values(
      reps.map((r) => ({
        portal_id: portalId,
        scope: 'rep' as const,
        subject_id: r,
        period,
        amount: '1000000.00',
        count: null,
        updated_at: now,
        updated_by: null,
      })),
    )
    .execute();
  await server.deps.statements.recomputePortal(portalId);
}

export async function startStack(
  store: TestDatabase,
  opts: { deals?: number; widgetDir?: string } = {},
): Promise<Stack> {
  const emuA = await startBitrix24Emulator({ seed: 11, reps: 10, deals: opts.deals ?? 300, limits: 'off' });
  // One Kvota app installed on two portals: the same client id and secret on both, as in the Market.
  const emuB = await startBitrix24Emulator({
    seed: 22,
    reps: 10,
    deals: opts.deals ?? 300,
    limits: 'off',
    app: { clientId: emuA.oauth.clientId, clientSecret: emuA.oauth.clientSecret },
  });
  const server = await startServer({
    database: store,
    databaseUrl: store.url,
    ...(store.options.schema ? { databaseSchema: store.options.schema } : {}),
    port: 0,
    sessionSecret: SESSION_SECRET,
    bitrix24: { clientId: emuA.oauth.clientId, clientSecret: emuA.oauth.clientSecret, allowHttp: true },
    syncIntervalSeconds: 0,
    logLevel: 'silent',
    env: {},
    ...(opts.widgetDir ? { widgetDir: opts.widgetDir } : {}),
  });
  const portals: TestPortal[] = [];
  for (const emu of [emuA, emuB]) {
    const res = await emu.control.installApp({ handlerUrl: server.bitrix24InstallUrl });
    if (res.handlerStatus !== 200)
      throw new Error(`install failed: ${res.handlerStatus} ${res.handlerBody.slice(0, 200)}`);
    const portalId = `bitrix24:${emu.memberId}`;
    await waitFor('initial sync', async () => {
      const full = await server.deps.db
        .selectFrom('sync_state')
        .select('cursor')
        .where('portal_id', '=', portalId)
        .where('job', '=', 'deals.full')
        .executeTakeFirst();
      return full && (JSON.parse(full.cursor) as { done?: boolean }).done && !server.scheduler?.busy(portalId);
    });
    await server.scheduler?.idle();
    const org = pickOrg(emu);
    const users = emu.store.users().map((u) => String(u.id));
    const period = server.deps.store.currentPeriod(await server.deps.store.settings(portalId), 'month');
    await seedPlan(server, portalId, users, period);
    portals.push({ emu, portalId, ...org });
  }
  return {
    server,
    a: portals[0]!,
    b: portals[1]!,
    close: async () => {
      await server.close();
      await emuA.close();
      await emuB.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and parse them with the contract where it matters
type Json = any;

export interface ApiClient {
  token: string;
  session: { user: { id: string; role: Session['role']; headOf: string[] } };
  get(path: string): Promise<{ status: number; body: Json }>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
}

export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

export async function sessionAs(stack: Stack, portal: TestPortal, userId: string): Promise<ApiClient> {
  const auth = portal.emu.control.issueUserAuth(Number(userId));
  const res = await call(`${stack.server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      crm: 'bitrix24',
      domain: portal.emu.domain,
      memberId: portal.emu.memberId,
      authId: auth.AUTH_ID,
    }),
  });
  if (res.status !== 200) throw new Error(`session failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.token as string;
  const auth_ = { authorization: `Bearer ${token}` };
  return {
    token,
    session: res.body,
    get: (path) => call(`${stack.server.url}${path}`, { headers: auth_ }),
    post: (path, body, headers = {}) =>
      call(`${stack.server.url}${path}`, {
        method: 'POST',
        headers: { ...auth_, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
