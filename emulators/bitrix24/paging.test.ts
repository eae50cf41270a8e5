import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from './format';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { rest } from './testing';

let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 11, deals: 240, limits: 'off' });
});
afterAll(() => emu.close());

type Row = Record<string, string>;

describe('list paging', () => {
  it('start/next/total: 50 per page, next only while more remain', async () => {
    const seen: string[] = [];
    let start: number | undefined = 0;
    let pages = 0;
    while (start !== undefined) {
      const { body } = await rest(emu, 'crm.deal.list', { select: ['ID'], order: { ID: 'ASC' }, start });
      expect(body.total).toBe(240);
      seen.push(...(body.result as Row[]).map((r) => r.ID!));
      start = body.next as number | undefined;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(emu.store.deals().map((d) => String(d.id)));
  });

  it('start=-1 with >ID: no count (total 0, no next), every deal exactly once', async () => {
    const seen: number[] = [];
    let last = 0;
    for (;;) {
      const { body } = await rest(emu, 'crm.deal.list', {
        filter: { '>ID': last },
        order: { ID: 'ASC' },
        select: ['ID', 'OPPORTUNITY'],
        start: -1,
      });
      expect(body.total).toBe(0);
      expect(body).not.toHaveProperty('next');
      const rows = body.result as Row[];
      seen.push(...rows.map((r) => Number(r.ID)));
      if (rows.length < 50) break;
      last = Number(rows[rows.length - 1]!.ID);
    }
    expect(seen).toEqual(emu.store.deals().map((d) => d.id));
  });

  it('filters: >=DATE_MODIFY, @STAGE_ID, CATEGORY_ID; order DESC; select', async () => {
    const deals = emu.store.deals();
    const since = [...deals].sort((a, b) => a.dateModify - b.dateModify)[200]!.dateModify;
    const expected = deals.filter((d) => d.dateModify >= since).map((d) => String(d.id));
    const { body } = await rest(emu, 'crm.deal.list', {
      filter: { '>=DATE_MODIFY': formatDateTime(since) },
      select: ['ID', 'DATE_MODIFY'],
    });
    expect((body.result as Row[]).map((r) => r.ID)).toEqual(expected);
    expect(Object.keys((body.result as Row[])[0]!)).toEqual(['ID', 'DATE_MODIFY']);

    // One-second resolution, as the portal stores datetimes: `>` the second we saw excludes that whole second.
    const sample = deals[100]!;
    const sameSecond = deals.filter((d) => Math.floor(d.dateModify / 1000) === Math.floor(sample.dateModify / 1000));
    const after = await rest(emu, 'crm.deal.list', {
      filter: { '>DATE_MODIFY': formatDateTime(sample.dateModify), '@ID': sameSecond.map((d) => d.id) },
      select: ['ID'],
    });
    expect(after.body.result).toEqual([]);

    const wonStages = emu.store
      .stages()
      .filter((s) => s.semantic === 'S')
      .map((s) => s.statusId);
    const won = await rest(emu, 'crm.deal.list', { filter: { '@STAGE_ID': wonStages, CATEGORY_ID: 0 }, start: -1 });
    const wonRows = won.body.result as Row[];
    expect(wonRows.length).toBeGreaterThan(0);
    expect(wonRows.every((r) => r.STAGE_ID === 'WON' && r.CATEGORY_ID === '0' && r.STAGE_SEMANTIC_ID === 'S')).toBe(
      true,
    );

    const desc = await rest(emu, 'crm.deal.list', { order: { ID: 'DESC' }, select: ['ID'] });
    expect((desc.body.result as Row[])[0]!.ID).toBe('240');
    const byAmount = await rest(emu, 'crm.deal.list', {
      order: { OPPORTUNITY: 'DESC' },
      select: ['ID', 'OPPORTUNITY'],
    });
    const amounts = (byAmount.body.result as Row[]).map((r) => Number(r.OPPORTUNITY));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it('crm.item.list pages with camelCase filters and {items}', async () => {
    const { body } = await rest(emu, 'crm.item.list', {
      entityTypeId: 2,
      filter: { '>id': 230 },
      order: { id: 'ASC' },
      select: ['id', 'stageId', 'opportunity'],
      start: -1,
    });
    const items = (body.result as { items: { id: number }[] }).items;
    const recent = [...emu.store.deals()].sort((a, b) => b.dateModify - a.dateModify)[4]!;
    const since = await rest(emu, 'crm.item.list', {
      entityTypeId: 2,
      filter: { '>=updatedTime': formatDateTime(recent.dateModify) },
      select: ['id'],
    });
    const expected = emu.store
      .deals()
      .filter((d) => Math.floor(d.dateModify / 1000) >= Math.floor(recent.dateModify / 1000))
      .map((d) => d.id);
    expect((since.body.result as { items: { id: number }[] }).items.map((i) => i.id)).toEqual(expected);
    expect(items.map((i) => i.id)).toEqual([231, 232, 233, 234, 235, 236, 237, 238, 239, 240]);
    expect(Object.keys(items[0]!).sort()).toEqual(['id', 'opportunity', 'stageId']);
  });

  it('accepts GET query and form bodies in PHP bracket syntax, .json suffix, and the SDK /rest//method form', async () => {
    const get = await fetch(`${emu.webhookUrl}crm.deal.list.json?filter[>ID]=235&select[]=ID&start=-1`);
    expect(((await get.json()) as { result: Row[] }).result.map((r) => r.ID)).toEqual([
      '236',
      '237',
      '238',
      '239',
      '240',
    ]);
    const form = await fetch(`${emu.webhookUrl}crm.deal.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'filter%5B%3EID%5D=238&select%5B0%5D=ID&start=-1',
    });
    expect(((await form.json()) as { result: Row[] }).result.map((r) => r.ID)).toEqual(['239', '240']);
    const token = emu.control.issueUserAuth(3).AUTH_ID;
    const sdkStyle = await fetch(`${emu.baseUrl}/rest//user.current?bx24_request_id=x&bx24_sdk_ver=2.2.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: token }),
    });
    expect(((await sdkStyle.json()) as { result: Row }).result.ID).toBe('3');
  });

  it('serves mounted pages at the portal origin, beside REST', async () => {
    expect((await fetch(`${emu.baseUrl}/`)).status).toBe(404);
    emu.mountPages({ fetch: (req) => new Response(`page ${new URL(req.url).pathname}`, { status: 200 }) });
    expect(await (await fetch(`${emu.baseUrl}/crm/deal/details/5/`)).text()).toBe('page /crm/deal/details/5/');
    expect((await rest(emu, 'server.time')).status).toBe(200);
  });

  it('answers CORS preflights for calls from the app frame', async () => {
    const res = await fetch(`${emu.baseUrl}/rest/user.current`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:1',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const answer = await fetch(`${emu.baseUrl}/rest/server.time`, { headers: { Origin: 'http://127.0.0.1:1' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('department.get sorts; crm.dealcategory.list lists the non-default pipelines', async () => {
    const byName = await rest(emu, 'department.get', { sort: 'NAME', order: 'DESC' });
    const names = (byName.body.result as { NAME: string }[]).map((d) => d.NAME);
    expect(names).toEqual([...names].sort().reverse());
    const cats = await rest(emu, 'crm.dealcategory.list', {});
    expect(cats.body.result).toEqual([
      expect.objectContaining({ ID: '1', NAME: 'Корпоративные клиенты', IS_LOCKED: 'N', SORT: '200' }),
      expect.objectContaining({ ID: '2', NAME: 'Повторные продажи', SORT: '300' }),
    ]);
  });

  it('user.get and crm.stagehistory.list page too', async () => {
    const users = await rest(emu, 'user.get', { ACTIVE: true, start: -1 });
    const rows = users.body.result as { ACTIVE: boolean }[];
    expect(rows.length).toBe(emu.store.users().filter((u) => u.active).length);
    const sales = await rest(emu, 'user.get', { FILTER: { UF_DEPARTMENT: 3 } });
    expect((sales.body.result as { UF_DEPARTMENT: number[] }[]).every((u) => u.UF_DEPARTMENT.includes(3))).toBe(true);
    const history = await rest(emu, 'crm.stagehistory.list', {
      entityTypeId: 2,
      filter: { STAGE_SEMANTIC_ID: 'S' },
      order: { ID: 'ASC' },
      start: 0,
    });
    const wonDeals = emu.store.deals().filter((d) => d.stageSemanticId === 'S').length;
    expect(history.body.total).toBe(wonDeals);
    const one = await rest(emu, 'crm.stagehistory.list', { entityTypeId: 2, filter: { OWNER_ID: 17 } });
    const items = (one.body.result as { items: { OWNER_ID: number; TYPE_ID: number; STAGE_ID: string }[] }).items;
    expect(items[0]!.TYPE_ID).toBe(1);
    expect(items[items.length - 1]!.STAGE_ID).toBe(emu.store.deal(17)!.stageId);
  });
});
