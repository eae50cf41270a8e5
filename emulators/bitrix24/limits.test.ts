import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, ceilingRowsPerSecond, defaultCost, startBitrix24Emulator } from './index';
import { rest } from './testing';

// An injected clock makes the limits deterministic: time only moves when the test moves it.
const clock = Date.UTC(2026, 4, 14, 8, 0, 0);
let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 2, deals: 100, now: () => clock });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.control.resetLimits();
  emu.control.resetStats();
});

describe('leaky bucket', () => {
  it('refuses the request that would overflow with 503 QUERY_LIMIT_EXCEEDED and drains with time', async () => {
    emu.control.setLimits({
      bucketSize: 5,
      leakPerSecond: 1,
      operatingBudgetSeconds: 480,
      operatingWindowSeconds: 600,
    });
    for (let i = 0; i < 5; i++) expect((await rest(emu, 'server.time')).status).toBe(200);
    const refused = await rest(emu, 'server.time');
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    emu.control.advanceClock(1000);
    expect((await rest(emu, 'server.time')).status).toBe(200);
    expect((await rest(emu, 'server.time')).status).toBe(503);
    expect(emu.control.stats()['server.time']).toMatchObject({ calls: 8, refused503: 2 });
  });

  it('counts a batch of many commands as one request', async () => {
    emu.control.setLimits({
      bucketSize: 2,
      leakPerSecond: 1,
      operatingBudgetSeconds: 480,
      operatingWindowSeconds: 600,
    });
    const cmd = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, 'server.time']));
    expect((await rest(emu, 'batch', { cmd })).status).toBe(200);
    expect((await rest(emu, 'batch', { cmd })).status).toBe(200);
    expect((await rest(emu, 'batch', { cmd })).status).toBe(503);
  });

  it('standard and enterprise presets: 50 and 250 burst', async () => {
    for (const [plan, burst] of [
      ['standard', 50],
      ['enterprise', 250],
    ] as const) {
      emu.control.setLimits(plan);
      emu.control.resetLimits();
      let ok = 0;
      while ((await rest(emu, 'server.time')).status === 200) ok++;
      expect(ok).toBe(burst);
    }
  });
});

describe('operating-time budget per method', () => {
  it('answers 429 OPERATION_TIME_LIMIT once the window holds the budget, reports operating and reset time', async () => {
    emu.control.setLimits({
      bucketSize: 1000,
      leakPerSecond: 100,
      operatingBudgetSeconds: 1,
      operatingWindowSeconds: 60,
      costPerCall: () => 0.3,
    });
    const firstCallAt = emu.control.now();
    const operating: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await rest(emu, 'crm.deal.list', { select: ['ID'] });
      expect(a.status).toBe(200);
      const time = a.body.time as { operating: number; operating_reset_at: number; processing: number };
      operating.push(time.operating);
      expect(time.operating_reset_at).toBe(Math.floor(firstCallAt / 1000) + 60);
      expect(time.processing).toBe(0.3);
      emu.control.advanceClock(1000);
    }
    // Checked before the call: the 4th call (0.9 s used) still ran and crossed the budget.
    expect(operating.map((x) => Math.round(x * 10) / 10)).toEqual([0.3, 0.6, 0.9, 1.2]);
    const refused = await rest(emu, 'crm.deal.list', { select: ['ID'] });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: 'OPERATION_TIME_LIMIT',
      error_description: 'Method is blocked due to operation time limit.',
    });
    // Other methods have their own budget.
    expect((await rest(emu, 'crm.deal.get', { id: 1 })).status).toBe(200);
    // Inside a batch the refusal is per command.
    const b = await rest(emu, 'batch', { halt: 0, cmd: { l: 'crm.deal.list', t: 'server.time' } });
    expect(b.status).toBe(200);
    expect((b.body.result as { result_error: unknown }).result_error).toEqual({
      l: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' },
    });
    // Accepted commands report their own method's operating figures in result_time.
    const times = (b.body.result as { result_time: Record<string, { operating: number; operating_reset_at: number }> })
      .result_time;
    expect(times.t!.operating).toBeGreaterThan(0);
    expect(times.t!.operating_reset_at).toBeGreaterThan(emu.control.now() / 1000);
    expect((b.body.time as { operating: number }).operating).toBe(0);
    expect(emu.control.stats()['crm.deal.list']).toMatchObject({ refused429: 2 });
    // When the oldest baskets leave the 60 s window the method works again.
    emu.control.advanceClock(60_000);
    expect((await rest(emu, 'crm.deal.list', { select: ['ID'] })).status).toBe(200);
  });

  it('default cost model: rows returned, COUNT and OFFSET make naive paging dearer', () => {
    const page = defaultCost('crm.deal.list', {}, { rows: 50, counted: false, total: 0, offset: 0 });
    const naive = defaultCost('crm.deal.list', {}, { rows: 50, counted: true, total: 100_000, offset: 50_000 });
    expect(page).toBeCloseTo(0.11, 6);
    expect(naive).toBeCloseTo(0.36, 6);
    const standard = { bucketSize: 50, leakPerSecond: 2, operatingBudgetSeconds: 480, operatingWindowSeconds: 600 };
    // min(bucket: 2 req/s × 50 cmds × 50 rows = 5000, operating: 0.8 / 0.11 × 50 ≈ 363.6)
    expect(ceilingRowsPerSecond(standard)).toBeCloseTo((0.8 / 0.11) * 50, 6);
  });
});
