/**
 * The real API app (createApp) with the admin and finance sub-apps mounted, over a fresh store seeded with two
 * portals, for HTTP-level tests through `app.request()`. Statement recomputation is recorded, not run, so tests
 * control exactly which statements exist; `putStatement` writes one as the statements service would.
 *
 * Portal p1:  d1 "Продажи" (head m1) ─┬─ d2 "Москва" (head m2): r3
 *                                     └─ members r1, r2
 *             d3 "Регионы" (head m3): r4;  admin a1
 * Portal p2:  admin x1, rep x2 in e1
 */
import type { Hono } from 'hono';
import type { AppDeps, Session } from '../../server/src/app/deps';
import { LiveHub } from '../../server/src/app/live';
import { createLogger } from '../../server/src/app/logger';
import { OrgCache } from '../../server/src/app/org';
import { StatementsService } from '../../server/src/app/statements.service';
import { replaceDepartments, replacePipelines, upsertUsers } from '../../server/src/db/crm/directory';
import { createApp } from '../../server/src/http/app';
import type { AppEnv } from '../../server/src/http/context';
import { adminRoutes } from '../../server/src/http/routes/admin/index';
import { financeRoutes } from '../../server/src/http/routes/finance/index';
import { issueSessionToken } from '../../server/src/http/session-token';
import type { CrmUser } from '../../server/src/ports/crm';
import type { TestDatabase } from './databases';

export const SECRET = 'test-secret-of-at-least-32-characters!!';
export const NOW = new Date('2026-12-10T09:00:00.000Z');

export interface Harness {
  app: Hono<AppEnv>;
  deps: AppDeps;
  recomputes: { portalId: string; repIds: readonly string[] | 'all'; periods: readonly string[] | 'kept' }[];
  published: unknown[];
  /** Bearer header for a user of the seeded portals. */
  as(user: keyof typeof USERS): Record<string, string>;
  call(
    user: keyof typeof USERS | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  putStatement(portalId: string, repId: string, period: string, total: string, lines?: { id: string }[]): Promise<void>;
}

const user = (id: string, name: string, departmentIds: string[], isAdmin = false): CrmUser => ({
  id,
  name,
  email: null,
  active: true,
  hiredAt: '2025-01-01',
  isAdmin,
  departmentIds,
});

export const USERS = {
  a1: { portalId: 'p1', role: 'admin', headOf: [] },
  m1: { portalId: 'p1', role: 'manager', headOf: ['d1'] },
  m2: { portalId: 'p1', role: 'manager', headOf: ['d2'] },
  m3: { portalId: 'p1', role: 'manager', headOf: ['d3'] },
  r1: { portalId: 'p1', role: 'rep', headOf: [] },
  r2: { portalId: 'p1', role: 'rep', headOf: [] },
  r3: { portalId: 'p1', role: 'rep', headOf: [] },
  r4: { portalId: 'p1', role: 'rep', headOf: [] },
  x1: { portalId: 'p2', role: 'admin', headOf: [] },
  x2: { portalId: 'p2', role: 'rep', headOf: [] },
} as const satisfies Record<string, Omit<Session, 'userId'>>;

export async function seedPortals(store: TestDatabase): Promise<void> {
  const now = NOW.toISOString();
  await replaceDepartments(store.db, 'p1', [
    { id: 'd1', name: 'Продажи', parentId: null, headId: 'm1', sort: 1 },
    { id: 'd2', name: 'Москва', parentId: 'd1', headId: 'm2', sort: 2 },
    { id: 'd3', name: 'Регионы', parentId: null, headId: 'm3', sort: 3 },
  ]);
  await upsertUsers(
    store.db,
    'p1',
    [
      user('a1', 'Админов Админ', [], true),
      user('m1', 'Руководов Марк', ['d1']),
      user('m2', 'Московская Мария', ['d2']),
      user('m3', 'Региональный Максим', ['d3']),
      user('r1', 'Иванов Иван Иванович', ['d1']),
      user('r2', 'Петрова Анна Сергеевна', ['d1']),
      user('r3', 'Сидоров Пётр', ['d2']),
      user('r4', 'Кузнецова Ольга', ['d3']),
    ],
    now,
  );
  await replacePipelines(
    store.db,
    'p1',
    [
      { id: '0', name: 'Продажи', sort: 10, isDefault: true },
      { id: '7', name: 'Тендеры', sort: 20, isDefault: false },
    ],
    [
      { id: 'NEW', pipelineId: '0', name: 'Новая', sort: 10, semantic: 'open' },
      { id: 'WON', pipelineId: '0', name: 'Сделка успешна', sort: 20, semantic: 'won' },
      { id: 'LOSE', pipelineId: '0', name: 'Проиграна', sort: 30, semantic: 'lost' },
      { id: 'C7:WON', pipelineId: '7', name: 'Выиграли тендер', sort: 20, semantic: 'won' },
    ],
  );
  await replaceDepartments(store.db, 'p2', [{ id: 'e1', name: 'Отдел', parentId: null, headId: null, sort: 1 }]);
  await upsertUsers(store.db, 'p2', [user('x1', 'Чужой Админ', [], true), user('x2', 'Чужой Продавец', ['e1'])], now);
}

export async function startHarness(store: TestDatabase): Promise<Harness> {
  const recomputes: Harness['recomputes'] = [];
  const published: unknown[] = [];
  const orgs = new OrgCache(store.db);
  const live = {
    publish: async (_portalId: string, event: unknown) => {
      published.push(event);
    },
  };
  const log = createLogger((process.env.KVOTA_TEST_LOG as 'debug' | undefined) ?? 'silent');
  const deps: AppDeps = {
    db: store.db,
    dialect: store.dialect,
    clock: () => NOW,
    log,
    sessionSecret: SECRET,
    sessionTtlSeconds: 3600,
    org: orgs,
    orgs,
    crm: {},
    hub: new LiveHub(),
    // The read API's store is real (it serves statements); recomputation requests from admin/finance are recorded.
    store: new StatementsService(store.db, orgs, live, log, () => NOW),
    statements: {
      recomputePortal: async (portalId) => {
        recomputes.push({ portalId, repIds: 'all', periods: 'kept' });
        return 0;
      },
      recompute: async (portalId, repIds, periods) => {
        recomputes.push({ portalId, repIds, periods });
        return 0;
      },
    },
    live,
  };
  const app = createApp(deps, { mounts: [adminRoutes(), financeRoutes()] });
  const as = (id: keyof typeof USERS) => {
    const u = USERS[id];
    const { token } = issueSessionToken(
      { portalId: u.portalId, userId: id, role: u.role, headOf: [...u.headOf] },
      SECRET,
      NOW,
      3600,
    );
    return { authorization: `Bearer ${token}` };
  };
  return {
    app,
    deps,
    recomputes,
    published,
    as,
    call: async (who, method, path, body, headers = {}) =>
      app.request(path, {
        method,
        headers: {
          ...(who ? as(who) : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    putStatement: async (portalId, repId, period, total, lines = []) => {
      await store.db
        .insertInto('statements')
        .values({
          portal_id: portalId,
          rep_id: repId,
          period,
          plan_id: null,
          plan_version_id: null,
          currency: 'RUB',
          quota: null,
          quota_count: null,
          credit: '0',
          won_count: 0,
          attainment: null,
          total,
          document: JSON.stringify({ lines }),
          computed_at: NOW.toISOString(),
        })
        .onConflict((oc) => oc.columns(['portal_id', 'period', 'rep_id']).doUpdateSet({ total }))
        .execute();
    },
  };
}
