/**
 * The companion server over HTTP, on SQLite and PostgreSQL, with two emulated Bitrix24 portals installed and synced:
 * sessions from frame credentials, every role boundary, every cross-portal attempt, bad input, headers, live events.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DealEstimate } from '../../contract/api/deals';
import { Leaderboard } from '../../contract/api/leaderboard';
import { RepSummary } from '../../contract/api/me';
import { SessionResponse } from '../../contract/api/session';
import { Statement } from '../../contract/api/statements';
import { ErrorBody } from '../../contract/errors';
import { shiftPeriod } from '../../server/src/domain/index';
import { issueSessionToken } from '../../server/src/http/session-token';
import { forEachDatabase, type TestDatabase } from '../helpers/databases';
import { type ApiClient, call, SESSION_SECRET, type Stack, sessionAs, startStack, waitFor } from './stack';

forEachDatabase('companion server API', (open) => {
  let store: TestDatabase;
  let stack: Stack;
  let widgetDir: string;
  let admin: ApiClient;
  let manager: ApiClient;
  let rep: ApiClient;
  let adminB: ApiClient;
  let period: string;

  beforeAll(async () => {
    widgetDir = mkdtempSync(join(tmpdir(), 'kvota-widget-'));
    writeFileSync(join(widgetDir, 'app.html'), '<!doctype html><title>Kvota</title>');
    store = await open();
    stack = await startStack(store, { widgetDir });
    admin = await sessionAs(stack, stack.a, stack.a.admin);
    manager = await sessionAs(stack, stack.a, stack.a.manager);
    rep = await sessionAs(stack, stack.a, stack.a.rep);
    adminB = await sessionAs(stack, stack.b, stack.b.admin);
    period = (await rep.get('/api/me/summary')).body.period;
  });
  afterAll(async () => {
    await stack?.close();
    await store?.close();
    rmSync(widgetDir, { recursive: true, force: true });
  });

  const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
    expect(res.status).toBe(status);
    const parsed = ErrorBody.parse(res.body);
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message.length).toBeGreaterThan(5);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    return parsed.error;
  };

  describe('sessions from the CRM frame', () => {
    it('gives roles from the CRM: portal admin → admin, department head → manager, others → rep', () => {
      expect(SessionResponse.parse(admin.session).user.role).toBe('admin');
      expect(manager.session.user.role).toBe('manager');
      expect(manager.session.user.headOf).toContain(stack.a.managerDepartment);
      expect(rep.session.user.role).toBe('rep');
      expect(SessionResponse.parse(rep.session).portal.id).toBe(stack.a.portalId);
    });

    it('refuses forged frame credentials, a foreign member_id and a wrong domain', async () => {
      const url = `${stack.server.url}/api/session`;
      const post = (body: object) =>
        call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const good = stack.a.emu.control.issueUserAuth(Number(stack.a.rep)).AUTH_ID;
      const base = { crm: 'bitrix24', domain: stack.a.emu.domain, memberId: stack.a.emu.memberId };
      expectError(await post({ ...base, authId: 'forged-token-0000' }), 401, 'unauthenticated');
      expectError(
        await post({ ...base, memberId: 'ffffffffffffffffffffffffffffffff', authId: good }),
        401,
        'unauthenticated',
      );
      expectError(await post({ ...base, domain: 'evil.example.ru', authId: good }), 401, 'unauthenticated');
      // Portal A's frame token presented as portal B: B's portal does not know it.
      expectError(
        await post({ crm: 'bitrix24', domain: stack.b.emu.domain, memberId: stack.b.emu.memberId, authId: good }),
        401,
        'unauthenticated',
      );
    });

    it('refuses missing, forged, expired and foreign-secret session tokens', async () => {
      const u = `${stack.server.url}/api/me/summary`;
      expectError(await call(u), 401, 'unauthenticated');
      const [data, mac] = rep.token.split('.');
      const tampered = Buffer.from(
        JSON.stringify({ v: 1, p: stack.a.portalId, u: stack.a.rep, r: 'admin', h: [], e: 4102444800 }),
      ).toString('base64url');
      expectError(await call(u, { headers: { authorization: `Bearer ${tampered}.${mac}` } }), 401, 'unauthenticated');
      expectError(await call(u, { headers: { authorization: `Bearer ${data}.${mac}x` } }), 401, 'unauthenticated');
      const session = { portalId: stack.a.portalId, userId: stack.a.rep, role: 'rep' as const, headOf: [] };
      const expired = issueSessionToken(session, SESSION_SECRET, new Date(Date.now() - 7200_000), 3600).token;
      const e = expectError(await call(u, { headers: { authorization: `Bearer ${expired}` } }), 401, 'unauthenticated');
      expect(e.message).toMatch(/expired/i);
      const foreign = issueSessionToken(session, 'another-secret-another-secret-123456', new Date(), 3600).token;
      expectError(await call(u, { headers: { authorization: `Bearer ${foreign}` } }), 401, 'unauthenticated');
    });
  });

  describe('bad input', () => {
    const sessionUrl = () => `${stack.server.url}/api/session`;
    it('malformed JSON → 400 bad_request', async () => {
      const e = expectError(
        await call(sessionUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"crm": "bitrix24",',
        }),
        400,
        'bad_request',
      );
      expect(e.message).toMatch(/JSON/);
    });
    it('wrong types and unknown fields → 400 with one issue per problem', async () => {
      const body = { crm: 'bitrix24', domain: 42, memberId: 'x', authId: 'y', role: 'admin' };
      const e = expectError(
        await call(sessionUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        400,
        'bad_request',
      );
      expect(e.issues?.map((i) => i.path).sort()).toEqual(['domain', 'role']);
      expectError(await rep.get('/api/me/summary?period=2026-13'), 400, 'bad_request');
      const unknown = expectError(await rep.get('/api/leaderboard?metric=revenue&sort=desc'), 400, 'bad_request');
      expect(unknown.issues?.[0]?.path).toBe('sort');
      expectError(await rep.get('/api/leaderboard?metric=salary'), 400, 'bad_request');
    });
    it('a body that is not JSON → 400; an oversized body → 413 payload_too_large', async () => {
      expectError(
        await call(sessionUrl(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }),
        400,
        'bad_request',
      );
      const huge = JSON.stringify({ crm: 'bitrix24', domain: 'x', memberId: 'y', authId: 'z'.repeat(2 * 1024 * 1024) });
      expectError(await postOnOwnConnection(sessionUrl(), huge), 413, 'payload_too_large');
    });
    it('writes nothing when refusing admin input', async () => {
      const count = async () =>
        Number(
          (
            await store.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const settingsBefore = await admin.get('/api/admin/settings');
      const put = (body: string) =>
        call(`${stack.server.url}/api/admin/settings`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
          body,
        });
      expectError(await put('{"leaderboardVisibility": '), 400, 'bad_request');
      expectError(await put(JSON.stringify({ leaderboardVisibility: 'everything' })), 400, 'bad_request');
      expectError(await put(JSON.stringify({ fiscalYearStart: 4, hacker: true })), 400, 'bad_request');
      const repPut = await call(`${stack.server.url}/api/admin/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${rep.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fiscalYearStart: 4 }),
      });
      expectError(repPut, 403, 'forbidden');
      expect(await count()).toBe(before);
      expect((await admin.get('/api/admin/settings')).body).toEqual(settingsBefore.body);
    });
    it('unknown routes answer in the same error shape', async () => {
      expectError(await rep.get('/api/nope'), 404, 'not_found');
    });
  });

  describe('role boundaries', () => {
    it("a rep sees own summary and statement, never another rep's", async () => {
      const mine = await rep.get(`/api/statements/${stack.a.rep}?period=${period}`);
      expect(mine.status).toBe(200);
      const st = Statement.parse(mine.body);
      expect(st.repId).toBe(stack.a.rep);
      expect(st.lines.length).toBeGreaterThan(0);
      expectError(await rep.get(`/api/statements/${stack.a.outsider}?period=${period}`), 403, 'forbidden');
      expectError(await rep.get(`/api/statements/${stack.a.manager}?period=${period}`), 403, 'forbidden');
      expectError(await rep.get(`/api/me/summary?repId=${stack.a.outsider}`), 403, 'forbidden');
      expectError(await rep.get(`/api/me/history?repId=${stack.a.outsider}`), 403, 'forbidden');
      expectError(await rep.get(`/api/me/open-deals?repId=${stack.a.outsider}`), 403, 'forbidden');
      expectError(await rep.get('/api/admin/settings'), 403, 'forbidden');
      expectError(await rep.post(`/api/periods/${period}/lock`, {}), 403, 'forbidden');
    });

    it('a manager sees reps of the department subtree and nobody else', async () => {
      expect((await manager.get(`/api/statements/${stack.a.rep}?period=${period}`)).status).toBe(200);
      expect(RepSummary.parse((await manager.get(`/api/me/summary?repId=${stack.a.rep}`)).body).repId).toBe(
        stack.a.rep,
      );
      expectError(await manager.get(`/api/statements/${stack.a.outsider}?period=${period}`), 403, 'forbidden');
      expectError(await manager.get(`/api/me/summary?repId=${stack.a.outsider}`), 403, 'forbidden');
      expectError(await manager.get('/api/admin/settings'), 403, 'forbidden');
      const deps = (await manager.get('/api/departments')).body.departments as { id: string }[];
      expect(deps.map((d) => d.id)).toContain(stack.a.managerDepartment);
      const outsiderDeps = stack.a.emu.store
        .users()
        .find((u) => String(u.id) === stack.a.outsider)!
        .departments.map(String);
      for (const d of outsiderDeps) expect(deps.map((x) => x.id)).not.toContain(d);
      expectError(await manager.get(`/api/leaderboard?departmentId=${outsiderDeps[0]}`), 403, 'forbidden');
      const lb = Leaderboard.parse(
        (await manager.get(`/api/leaderboard?departmentId=${stack.a.managerDepartment}`)).body,
      );
      expect(lb.rows.map((r) => r.repId)).toContain(stack.a.rep);
      expect(lb.rows.map((r) => r.repId)).not.toContain(stack.a.outsider);
      expect(lb.rows.every((r) => r.credit !== null)).toBe(true);
    });

    it('an admin sees anyone of the portal', async () => {
      for (const id of [stack.a.rep, stack.a.outsider, stack.a.manager]) {
        expect((await admin.get(`/api/statements/${id}?period=${period}`)).status).toBe(200);
      }
      const deps = (await admin.get('/api/departments')).body.departments as unknown[];
      expect(deps.length).toBe(stack.a.emu.store.departments().length);
    });

    it('reps see ranks only unless the admin allows amounts', async () => {
      const ranksOnly = Leaderboard.parse((await rep.get('/api/leaderboard?metric=commission')).body);
      expect(ranksOnly.rows.length).toBeGreaterThan(1);
      expect(ranksOnly.rows.every((r) => r.credit === null && r.commission === null && r.attainment === null)).toBe(
        true,
      );
      const full = Leaderboard.parse((await admin.get('/api/leaderboard?metric=commission')).body);
      expect(full.rows.map((r) => r.repId)).toEqual(ranksOnly.rows.map((r) => r.repId));
      const put = await call(`${stack.server.url}/api/admin/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ leaderboardVisibility: 'amounts' }),
      });
      expect(put.status).toBe(200);
      await waitFor('visibility applied', async () => {
        const lb = Leaderboard.parse((await rep.get('/api/leaderboard?metric=commission')).body);
        return lb.rows.every((r) => r.commission !== null);
      });
    });
  });

  describe('portals never see each other', () => {
    it("the same rep id answers with each portal's own person", async () => {
      const id = stack.a.rep;
      const a = Statement.parse((await admin.get(`/api/statements/${id}?period=${period}`)).body);
      const nameA = stack.a.emu.store.users().find((u) => String(u.id) === id)!;
      expect(a.repName).toContain(nameA.lastName);
      const userB = stack.b.emu.store.users().find((u) => String(u.id) === id);
      if (userB) {
        const b = Statement.parse((await adminB.get(`/api/statements/${id}?period=${period}`)).body);
        expect(b.repName).toContain(userB.lastName);
      }
    });

    it('ids that exist only in the other portal are not found', async () => {
      const maxA = Math.max(...stack.a.emu.store.deals().map((d) => d.id));
      const onlyB = stack.b.emu.store.deals().find((d) => d.id > maxA);
      if (onlyB) expectError(await admin.get(`/api/deals/${onlyB.id}/estimate`), 404, 'not_found');
      expectError(await admin.get(`/api/statements/999999?period=${period}`), 404, 'not_found');
      const lbA = Leaderboard.parse((await admin.get('/api/leaderboard')).body);
      const lbB = Leaderboard.parse((await adminB.get('/api/leaderboard')).body);
      const namesA = new Set(stack.a.emu.store.users().map((u) => `${u.name} ${u.lastName}`));
      expect(lbA.rows.every((r) => namesA.has(r.repName))).toBe(true);
      expect(JSON.stringify(lbA)).not.toEqual(JSON.stringify(lbB));
      const depsB = (await adminB.get('/api/departments')).body.departments as unknown[];
      expect(depsB.length).toBe(stack.b.emu.store.departments().length);
    });
  });

  describe('headers and documents', () => {
    it('API answers forbid framing; widget pages allow only the installed portal', async () => {
      const api = await fetch(`${stack.server.url}/api/health`);
      expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
      // The cached reads send their headers themselves: the same policy on success and on refusal.
      for (const path of ['/api/me/summary', '/api/leaderboard?metric=revenue']) {
        const auth = { authorization: `Bearer ${rep.token}` };
        for (const res of [
          await fetch(`${stack.server.url}${path}`, { headers: auth }),
          await fetch(`${stack.server.url}${path}`),
        ]) {
          expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
          expect(res.headers.get('cache-control')).toBe('no-store');
        }
        const ok = await fetch(`${stack.server.url}${path}`, { headers: auth });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('content-type')).toBe('application/json');
        expect(typeof (await ok.json())).toBe('object');
      }
      const page = await fetch(`${stack.server.url}/widget/app.html?DOMAIN=${stack.a.emu.domain}&PROTOCOL=0`, {
        method: 'POST',
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors http://${stack.a.emu.domain}`);
      const foreign = await fetch(`${stack.server.url}/widget/app.html?DOMAIN=evil.example.ru`);
      expect(foreign.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const traversal = await fetch(`${stack.server.url}/widget/..%2f..%2fpackage.json`);
      expect(traversal.status).toBe(404);
    });

    it('serves an OpenAPI document generated from the contract', async () => {
      const doc = (await call(`${stack.server.url}/api/openapi.json`)).body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.paths['/api/leaderboard'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['period', 'metric', 'departmentId']),
      );
      expect(doc.paths['/api/statements/{repId}'].get).toBeDefined();
      expect(doc.paths['/api/session'].post.requestBody).toBeDefined();
      expect(doc.paths['/api/admin/settings'].put).toBeDefined();
    });
  });

  describe('closed periods', () => {
    it('a locked period keeps its statements through recomputes and says so', async () => {
      const previous = shiftPeriod(period, -1);
      const lock = await admin.post(`/api/periods/${previous}/lock`, { force: true });
      expect(lock.status).toBe(200);
      const stored = () =>
        store.db
          .selectFrom('statements')
          .select(['rep_id', 'total', 'computed_at'])
          .where('portal_id', '=', stack.a.portalId)
          .where('period', '=', previous)
          .orderBy('rep_id')
          .execute();
      const before = await stored();
      expect(before.length).toBeGreaterThan(0);
      // A portal-wide recompute (what a plan or settings change triggers) succeeds and leaves the locked rows alone.
      await stack.server.deps.statements.recomputePortal(stack.a.portalId);
      expect(await stored()).toEqual(before);
      const st = Statement.parse((await rep.get(`/api/statements/${stack.a.rep}?period=${previous}`)).body);
      expect(st.status).toBe('locked');
      // And the database refuses a direct edit.
      await expect(
        store.db
          .updateTable('statements')
          .set({ total: '1.00' })
          .where('portal_id', '=', stack.a.portalId)
          .where('period', '=', previous)
          .execute(),
      ).rejects.toThrow(/period_locked/);
    });
  });

  describe('what-if and live updates', () => {
    it("a won deal shows on the rep's stream and moves the numbers by what the estimate said", async () => {
      const emu = stack.a.emu;
      const open = (await rep.get('/api/me/open-deals')).body.deals as { dealId: string }[];
      expect(open.length).toBeGreaterThan(0);
      const dealId = open[0]!.dealId;
      const estimate = DealEstimate.parse((await rep.get(`/api/deals/${dealId}/estimate`)).body);
      expect(estimate.counts).toBe(true);
      const before = RepSummary.parse((await rep.get('/api/me/summary')).body);

      // Streams: the rep of A, and B's admin who must hear nothing of A.
      const streamA = await openStream(`${stack.server.url}/api/events?token=${encodeURIComponent(rep.token)}`);
      const streamB = await openStream(`${stack.server.url}/api/events?token=${encodeURIComponent(adminB.token)}`);
      await emu.control.winDeal(Number(dealId));
      const event = await waitFor('deal_won on the stream', async () =>
        streamA.events.find((e) => e.type === 'deal_won'),
      );
      expect(event).toMatchObject({ type: 'deal_won', dealId, repIds: [stack.a.rep] });
      const after = await waitFor('summary updated', async () => {
        const s = RepSummary.parse((await rep.get('/api/me/summary')).body);
        return s.credit.amount !== before.credit.amount ? s : null;
      });
      expect(Number(after.credit.amount) - Number(before.credit.amount)).toBeCloseTo(Number(estimate.credit.amount), 2);
      expect(streamB.events.filter((e) => e.type === 'deal_won')).toEqual([]);
      streamA.close();
      streamB.close();
      // Already won: the estimate says so.
      expect(DealEstimate.parse((await rep.get(`/api/deals/${dealId}/estimate`)).body).reason).toBe('already_won');
    });

    it('the event stream needs a valid session', async () => {
      expectError(await call(`${stack.server.url}/api/events`), 401, 'unauthenticated');
      expectError(await call(`${stack.server.url}/api/events?token=garbage`), 401, 'unauthenticated');
    });
  });
});

/** The server answers 413 before reading the whole body and drops the connection: keep it out of the shared pool. */
function postOnOwnConnection(url: string, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function openStream(url: string): Promise<{ events: { type: string; [k: string]: unknown }[]; close(): void }> {
  const ctrl = new AbortController();
  const res = await fetch(url, { signal: ctrl.signal, headers: { accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  const events: { type: string }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (/^event: ready/m.test(block)) ready();
          else if (data) events.push(JSON.parse(data.slice(5)));
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch {}
  })();
  await isReady;
  return { events, close: () => ctrl.abort() };
}
