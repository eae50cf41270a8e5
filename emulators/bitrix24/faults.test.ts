import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator, startBitrix24EmulatorProcess } from './index';
import { rest } from './testing';

let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 13, deals: 200, limits: 'off' });
});
afterAll(() => emu.close());

describe('fault injection', () => {
  it('fails the next N calls with a chosen status and error, then answers normally', async () => {
    emu.control.failNext(2);
    for (let i = 0; i < 2; i++) {
      const a = await rest(emu, 'server.time');
      expect(a.status).toBe(500);
      expect(a.body).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    }
    expect((await rest(emu, 'server.time')).status).toBe(200);
  });

  it('can target one method only', async () => {
    emu.control.failNext(1, { method: 'crm.deal.list', status: 502, error: 'BAD_GATEWAY', description: 'Bad gateway' });
    expect((await rest(emu, 'user.current')).status).toBe(200);
    const a = await rest(emu, 'crm.deal.list');
    expect(a.status).toBe(502);
    expect(a.body.error).toBe('BAD_GATEWAY');
    expect((await rest(emu, 'crm.deal.list')).status).toBe(200);
  });

  it('can answer an HTML proxy page, or answer late', async () => {
    emu.control.failNext(1, { rawBody: '<html><body>502 Bad Gateway</body></html>' });
    const html = await fetch(`${emu.webhookUrl}server.time`);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('Bad Gateway');
    emu.control.failNext(1, { delayMs: 300 });
    await expect(fetch(`${emu.webhookUrl}server.time`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    emu.control.failNext(1, { delayMs: 50 });
    const late = await rest(emu, 'crm.deal.get', { id: 1 });
    expect(late.status).toBe(200);
    expect((late.body.result as { ID: string }).ID).toBe('1');
  });

  it('can drop the connection without answering', async () => {
    emu.control.failNext(1, { drop: true });
    await expect(fetch(`${emu.webhookUrl}server.time`)).rejects.toThrow();
    expect((await rest(emu, 'server.time')).status).toBe(200);
  });

  it('churn changes a fraction of deals, moving DATE_MODIFY forward', async () => {
    const before = new Map(emu.store.deals().map((d) => [d.id, d.dateModify]));
    emu.control.advanceClock(60_000);
    const ids = await emu.control.churn(0.05);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(emu.store.deal(id)!.dateModify).toBeGreaterThan(before.get(id)!);
    const untouched = emu.store.deals().filter((d) => !ids.includes(d.id));
    expect(untouched.every((d) => d.dateModify === before.get(d.id))).toBe(true);
  });
});

describe('background churn', () => {
  it('keeps changing deals until stopped', async () => {
    const before = emu.store.deals().map((d) => d.dateModify);
    emu.control.startChurn(6, 10); // 10 % of deals per second, in 10 ms ticks
    const countChanged = () => emu.store.deals().filter((d, i) => d.dateModify !== before[i]).length;
    while (countChanged() < 3) await new Promise((r) => setTimeout(r, 20));
    emu.control.stopChurn();
    const stoppedAt = countChanged();
    await new Promise((r) => setTimeout(r, 100));
    expect(countChanged()).toBe(stoppedAt);
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
  });
});

describe('emulator in a child process', () => {
  it('serves REST and exposes control and store over HTTP', async () => {
    const remote = await startBitrix24EmulatorProcess({ seed: 3, deals: 75, limits: 'off' });
    try {
      expect(remote.pid).not.toBe(process.pid);
      const a = await rest(remote, 'crm.deal.list', { start: 50 });
      expect(a.body.total).toBe(75);
      const deal = await remote.control.addDeal({ title: 'Удалённая сделка', assignedById: 7, opportunity: '1000.00' });
      expect(deal.id).toBe(76);
      const deals = await remote.store.deals();
      expect(deals).toHaveLength(76);
      expect((await remote.control.stats())['crm.deal.list']!.calls).toBe(1);
      await expect(remote.control.changeDeal(9999, { title: 'x' })).rejects.toThrow(/not found/);
    } finally {
      await remote.close();
    }
  });
});
