import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { parseBracketQuery } from './params';
import { asForm, fixture, rest, shapeDiff } from './testing';

/** A stand-in for the app's server: records every POST, and on /install binds events like a real app would. */
interface Received {
  path: string;
  contentType: string;
  form: Record<string, unknown>;
}
let emu: Bitrix24Emulator;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const EVENTS = ['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONUSERADD', 'ONAPPUNINSTALL'];

beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 9, deals: 80, limits: 'off' });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', async () => {
      const form = parseBracketQuery(body);
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', form });
      if (req.url?.startsWith('/install')) {
        const auth = String(form.AUTH_ID);
        for (const event of EVENTS) await rest(emu, 'event.bind', { event, handler: `${receiverUrl}/events` }, auth);
        await rest(
          emu,
          'placement.bind',
          { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: `${receiverUrl}/tab`, TITLE: 'Kvota' },
          auth,
        );
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html>installed</html>');
        return;
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const eventsNamed = (name: string) => received.filter((r) => r.path === '/events' && r.form.event === name);

describe('install and outgoing events', () => {
  let applicationToken = '';

  it('installApp POSTs the install form, then ONAPPINSTALL goes to handlers bound for it', async () => {
    // The app's ONAPPINSTALL handler is bound before install (as the app settings would).
    const admin = emu.control.issueUserAuth(1).AUTH_ID;
    await rest(emu, 'event.bind', { event: 'ONAPPINSTALL', handler: `${receiverUrl}/events` }, admin);
    const result = await emu.control.installApp({ handlerUrl: `${receiverUrl}/install` });
    expect(result.handlerStatus).toBe(200);
    applicationToken = result.applicationToken;
    expect(applicationToken).toMatch(/^[0-9a-f]{32}$/);
    const install = received.find((r) => r.path.startsWith('/install'))!;
    expect(install.contentType).toBe('application/x-www-form-urlencoded');
    const query = new URL(install.path, receiverUrl).searchParams;
    expect(query.get('DOMAIN')).toBe(emu.domain);
    expect(query.get('PROTOCOL')).toBe('0');
    expect(query.get('LANG')).toBe('ru');
    expect(query.get('APP_SID')).toMatch(/^[0-9a-f]+$/);
    expect(install.form).toMatchObject({
      AUTH_EXPIRES: '3600',
      member_id: emu.memberId,
      PLACEMENT: 'DEFAULT',
      APPLICATION_TOKEN: applicationToken,
    });
    expect(install.form.AUTH_ID).toBe(result.auth.AUTH_ID);
    expect(install.form.REFRESH_ID).toBe(result.auth.REFRESH_ID);
    const [installEvent] = eventsNamed('ONAPPINSTALL');
    expect(installEvent).toBeDefined();
    expect(shapeDiff(asForm(fixture('event.ONAPPINSTALL')), installEvent!.form)).toEqual([]);
    const auth = installEvent!.form.auth as Record<string, string>;
    expect(auth.application_token).toBe(applicationToken);
    expect(auth.member_id).toBe(emu.memberId);
    expect(auth.client_endpoint).toBe(`${emu.baseUrl}/rest/`);
    // The tokens in the event work against REST.
    expect((await rest(emu, 'user.current', {}, auth.access_token)).status).toBe(200);
    expect(emu.store.placements()).toHaveLength(1);
    // app.info says INSTALLED only after the frame's installFinish().
    const info = async () =>
      (await rest(emu, 'app.info', {}, result.auth.AUTH_ID)).body.result as { INSTALLED: boolean };
    expect((await info()).INSTALLED).toBe(false);
    emu.control.finishInstall();
    expect((await info()).INSTALLED).toBe(true);
    expect(
      emu.store
        .eventBindings()
        .map((b) => b.event)
        .sort(),
    ).toEqual([...EVENTS, 'ONAPPINSTALL'].sort());
  });

  it('deal add/update/win/lose/delete and user add each send their event, form-encoded with the app token', async () => {
    const deal = await emu.control.addDeal({ title: 'Поставка станков', assignedById: 7, opportunity: '125000.50' });
    await emu.control.changeDeal(deal.id, { opportunity: '130000.00' });
    await emu.control.winDeal(5);
    await emu.control.loseDeal(6);
    await emu.control.deleteDeal(deal.id);
    await emu.control.addUser({ name: 'Ирина', lastName: 'Белова', gender: 'F', departmentId: 4 });
    await emu.control.flushEvents();
    const check = (name: string, fixtureName: string, id?: string) => {
      const list = eventsNamed(name);
      expect(list.length, name).toBeGreaterThan(0);
      const e = id ? list.find((x) => (x.form.data as { FIELDS: { ID: string } }).FIELDS.ID === id) : list[0];
      expect(e, `${name} ${id}`).toBeDefined();
      expect(e!.contentType).toBe('application/x-www-form-urlencoded');
      expect(shapeDiff(asForm(fixture(fixtureName)), e!.form, '$', /^refresh_token$/)).toEqual([]);
      const auth = e!.form.auth as Record<string, string>;
      expect(auth.application_token).toBe(applicationToken);
      expect(auth.domain).toBe(emu.domain);
      expect(auth.member_id).toBe(emu.memberId);
      expect(auth).not.toHaveProperty('refresh_token');
      expect(typeof e!.form.event_handler_id).toBe('string');
      return e!;
    };
    check('ONCRMDEALADD', 'event.ONCRMDEALADD', String(deal.id));
    check('ONCRMDEALUPDATE', 'event.ONCRMDEALUPDATE', String(deal.id));
    check('ONCRMDEALUPDATE', 'event.ONCRMDEALUPDATE', '5');
    check('ONCRMDEALUPDATE', 'event.ONCRMDEALUPDATE', '6');
    check('ONCRMDEALDELETE', 'event.ONCRMDEALDELETE', String(deal.id));
    const userAdd = check('ONUSERADD', 'event.ONUSERADD');
    expect((userAdd.form.data as { NAME: string }).NAME).toBe('Ирина');
    // Won and lost moves write stage history with the final stage.
    const won = emu.store
      .stageHistory()
      .filter((h) => h.ownerId === 5)
      .at(-1)!;
    expect(won).toMatchObject({ typeId: 3, semantic: 'S' });
    expect(emu.store.deal(6)!.stageSemanticId).toBe('F');
    expect(emu.store.deal(deal.id)).toBeUndefined();
  });

  it('dropNextEvents loses events silently (the portal never retries)', async () => {
    const before = eventsNamed('ONCRMDEALUPDATE').length;
    emu.control.dropNextEvents(2);
    await emu.control.changeDeal(10, { title: 'A' });
    await emu.control.changeDeal(11, { title: 'B' });
    await emu.control.changeDeal(12, { title: 'C' });
    await emu.control.flushEvents();
    const after = eventsNamed('ONCRMDEALUPDATE').slice(before);
    expect(after.map((e) => (e.form.data as { FIELDS: { ID: string } }).FIELDS.ID)).toEqual(['12']);
    expect(emu.control.deliveredEvents().filter((e) => e.status === 'dropped')).toHaveLength(2);
  });

  it('offline events queue for event.offline.get', async () => {
    const token = emu.control.issueUserAuth(1).AUTH_ID;
    expect(
      (await rest(emu, 'event.bind', { event: 'ONCRMDEALUPDATE', event_type: 'offline' }, token)).body.result,
    ).toBe(true);
    await emu.control.changeDeal(20, { title: 'offline 1' });
    await emu.control.changeDeal(21, { title: 'offline 2' });
    const got = await rest(emu, 'event.offline.get', {}, token);
    const events = (got.body.result as { events: { EVENT_NAME: string; EVENT_DATA: { FIELDS: { ID: string } } }[] })
      .events;
    expect(events.map((e) => [e.EVENT_NAME, e.EVENT_DATA.FIELDS.ID])).toEqual([
      ['ONCRMDEALUPDATE', '20'],
      ['ONCRMDEALUPDATE', '21'],
    ]);
    const again = await rest(emu, 'event.offline.get', {}, token);
    expect((again.body.result as { events: unknown[] }).events).toEqual([]);
  });

  it('uninstall sends ONAPPUNINSTALL (no tokens, application_token to verify) and revokes everything', async () => {
    const token = emu.control.issueUserAuth(1).AUTH_ID;
    await emu.control.uninstallApp();
    const [e] = eventsNamed('ONAPPUNINSTALL');
    expect(e).toBeDefined();
    expect(shapeDiff(asForm(fixture('event.ONAPPUNINSTALL')), e!.form)).toEqual([]);
    const auth = e!.form.auth as Record<string, string>;
    expect(auth.application_token).toBe(applicationToken);
    expect(auth).not.toHaveProperty('access_token');
    expect((e!.form.data as { CLEAN: string }).CLEAN).toBe('1');
    expect(emu.store.eventBindings()).toEqual([]);
    expect((await rest(emu, 'user.current', {}, token)).status).toBe(401);
  });
});
