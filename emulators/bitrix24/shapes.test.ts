import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { fixture, rest, shapeDiff } from './testing';

// Answers compared key by key and type by type with the official samples in shared/fixtures/bitrix24.
let emu: Bitrix24Emulator;
let token: string;

beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 7, deals: 300, limits: 'off' });
  token = emu.control.issueUserAuth(1).AUTH_ID;
});
afterAll(() => emu.close());

// Portal-specific custom fields, and the sample portal's language key (ours is Russian).
const PORTAL_SPECIFIC = /^(UF_CRM_\d+|PARENT_ID_\d+|ufCrm_\d+|parentId\d+|de)$/;

async function expectShape(name: string, method: string, params: Record<string, unknown>, oauth = false) {
  const answer = await rest(emu, method, params, oauth ? token : undefined);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(shapeDiff(fixture(name), answer.body, '$', PORTAL_SPECIFIC)).toEqual([]);
  return answer.body;
}

describe('answers have the shapes of the official samples', () => {
  it('user.get, user.current, profile, department.get', async () => {
    // This sample shows TIMESTAMP_X/LAST_ACTIVITY_DATE as `{}` (a serialised PHP DateTime); the newer batch sample
    // shows strings, which is what we send — so they are checked there, not here.
    const users = await rest(emu, 'user.get', {});
    const sample = fixture('user.get');
    expect(shapeDiff(sample, users.body, '$', /^(TIMESTAMP_X|LAST_ACTIVITY_DATE)$/)).toEqual([]);
    expect(users.body.total).toBeGreaterThan(10);
    await expectShape('user.current', 'user.current', {});
    const profile = await expectShape('profile', 'profile', {});
    expect((profile.result as { ADMIN: boolean }).ADMIN).toBe(true);
    // The sample lists children of the root (the root itself has no PARENT).
    await expectShape('department.get', 'department.get', { PARENT: 1 });
  });

  it('crm.deal.list/get/fields keep legacy string scalars', async () => {
    const list = await expectShape('crm.deal.list', 'crm.deal.list', {});
    const row = (list.result as Record<string, unknown>[])[0]!;
    expect(typeof row.ID).toBe('string');
    expect(row.OPPORTUNITY).toMatch(/^\d+\.\d{2}$/);
    expect(list.next).toBe(50);
    await expectShape('crm.deal.get', 'crm.deal.get', { id: 1 });
    await expectShape('crm.deal.fields', 'crm.deal.fields', {});
  });

  it('crm.item.list/get for deals use camelCase and typed values', async () => {
    const list = await rest(emu, 'crm.item.list', { entityTypeId: 2 });
    const item = (list.body.result as { items: Record<string, unknown>[] }).items[0]!;
    // The samples are leads: compare the fields deals share with them.
    const sample = (fixture('crm.item.list').result as { items: Record<string, unknown>[] }).items[0]!;
    const shared = Object.fromEntries(Object.entries(sample).filter(([k]) => !['name', 'lastName'].includes(k)));
    expect(shapeDiff(shared, item)).toEqual([]);
    expect(typeof item.id).toBe('number');
    expect(typeof item.opportunity).toBe('number');
    expect(list.body.total).toBe(300);
    const get = await rest(emu, 'crm.item.get', { entityTypeId: 2, id: 5 });
    const sampleItem = (fixture('crm.item.get').result as { item: Record<string, unknown> }).item;
    const common = Object.keys(sampleItem).filter((k) => k in ((get.body.result as { item: object }).item ?? {}));
    expect(common.length).toBeGreaterThan(25);
    const sub = Object.fromEntries(common.map((k) => [k, sampleItem[k]]));
    expect(shapeDiff(sub, (get.body.result as { item: object }).item)).toEqual([]);
  });

  it('pipelines, stages, currencies, stage history', async () => {
    const cats = (await rest(emu, 'crm.category.list', { entityTypeId: 2 })).body;
    const categories = (cats.result as { categories: { isDefault: string }[] }).categories;
    expect(categories.length).toBe(3);
    const sampleCats = (fixture('crm.category.list').result as { categories: { isDefault: string }[] }).categories;
    for (const flag of ['Y', 'N'])
      expect(
        shapeDiff(
          sampleCats.find((c) => c.isDefault === flag),
          categories.find((c) => c.isDefault === flag),
        ),
      ).toEqual([]);
    expect(shapeDiff({ ...fixture('crm.category.list'), result: {} }, cats)).toEqual([]);
    const stages = await expectShape('crm.status.list', 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } });
    const semantics = (stages.result as { SEMANTICS: string | null }[]).map((s) => s.SEMANTICS);
    expect(semantics).toContain('S');
    expect(semantics).toContain('F');
    const c1 = await rest(emu, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_1' } });
    expect(
      (c1.body.result as { STATUS_ID: string; CATEGORY_ID: string }[]).every(
        (s) => s.STATUS_ID.startsWith('C1:') && s.CATEGORY_ID === '1',
      ),
    ).toBe(true);
    await expectShape('crm.currency.list', 'crm.currency.list', {});
    await expectShape('crm.stagehistory.list', 'crm.stagehistory.list', { entityTypeId: 2, filter: { OWNER_ID: 3 } });
    await expectShape('server.time', 'server.time', {});
  });

  it('app context methods via OAuth', async () => {
    await expectShape('app.info', 'app.info', {}, true);
    expect(
      (await rest(emu, 'app.option.set', { options: { data: 'value', data2: 'value2' } }, token)).body.result,
    ).toBe(true);
    await expectShape('app.option.get', 'app.option.get', {}, true);
    const single = await rest(emu, 'app.option.get', { option: 'data' }, token);
    expect(shapeDiff(fixture('app.option.get.single'), single.body)).toEqual([]);
    const bind = await rest(
      emu,
      'placement.bind',
      { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'http://127.0.0.1:1/tab', TITLE: 'Kvota' },
      token,
    );
    expect(shapeDiff(fixture('placement.bind'), bind.body)).toEqual([]);
    await expectShape('placement.get', 'placement.get', {}, true);
    const unbind = await rest(emu, 'placement.unbind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB' }, token);
    expect(shapeDiff(fixture('placement.unbind'), unbind.body)).toEqual([]);
    expect((unbind.body.result as { count: number }).count).toBe(1);
    const ev = await rest(emu, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: 'http://127.0.0.1:1/ev' }, token);
    expect(shapeDiff(fixture('event.bind'), ev.body)).toEqual([]);
    await expectShape('event.get', 'event.get', {}, true);
    const evu = await rest(emu, 'event.unbind', { event: 'ONCRMDEALUPDATE', handler: 'http://127.0.0.1:1/ev' }, token);
    expect(shapeDiff(fixture('event.unbind'), evu.body)).toEqual([]);
  });

  it('batch', async () => {
    const body = await expectShape('batch', 'batch', {
      halt: 0,
      cmd: { get_user: 'user.current', get_department: 'department.get?ID=$result[get_user][UF_DEPARTMENT][0]' },
    });
    const inner = body.result as { result: { get_department: { ID: string }[] } };
    expect(inner.result.get_department[0]!.ID).toBe('1');
  });
});

describe('error bodies and HTTP codes', () => {
  const cases: [string, number, () => Promise<{ status: number; body: unknown }>, unknown][] = [
    [
      'legacy filter must be array',
      400,
      () => rest(emu, 'crm.deal.list', { filter: 'x' }),
      fixture('crm.deal.list.error'),
    ],
    [
      'crm.item.list unknown filter field',
      400,
      () => rest(emu, 'crm.item.list', { entityTypeId: 2, filter: { FIELD: 1 } }),
      fixture('crm.item.list.error'),
    ],
    ['app.info needs app context', 400, () => rest(emu, 'app.info', {}), fixture('app.info.error')],
    [
      'event.bind unknown event',
      400,
      () => rest(emu, 'event.bind', { event: 'ONNOSUCHTHING', handler: 'http://127.0.0.1:1/' }, token),
      fixture('event.bind.error'),
    ],
    [
      'placement.bind without PLACEMENT (200 as documented)',
      200,
      () => rest(emu, 'placement.bind', { HANDLER: 'x' }, token),
      fixture('placement.bind.error'),
    ],
    [
      'unknown method',
      404,
      () => rest(emu, 'crm.nothing.here', {}),
      { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    ],
    [
      'webhook path without a method',
      404,
      () => fetch(emu.webhookUrl).then(async (r) => ({ status: r.status, body: await r.json() })),
      { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    ],
    [
      'legacy not found',
      400,
      () => rest(emu, 'crm.deal.get', { id: 999999 }),
      { error: '', error_description: 'Not found' },
    ],
    [
      'wrong webhook secret',
      401,
      () => rest({ ...emu, webhookUrl: `${emu.baseUrl}/rest/1/wrong/` }, 'user.current'),
      { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    ],
    [
      'no auth on OAuth path',
      401,
      () => fetch(`${emu.baseUrl}/rest/user.current`).then(async (r) => ({ status: r.status, body: await r.json() })),
      { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    ],
    [
      'unknown token',
      401,
      () => rest(emu, 'user.current', {}, 'nope'),
      { error: 'invalid_token', error_description: 'The access token provided is invalid.' },
    ],
  ];
  for (const [name, status, run, expected] of cases) {
    it(name, async () => {
      const answer = await run();
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual(expected);
    });
  }
});
