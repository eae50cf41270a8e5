import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { sdkClient } from './testing';

// The operating-time limit met by the real SDK. A 3 s window with a 1 s budget and 0.6 s per call keeps this short;
// the SDK itself waits at least 10 s after a 429, so these tests take ~15 s of (idle) wall time.
let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({
    seed: 31,
    deals: 40,
    limits: {
      bucketSize: 50,
      leakPerSecond: 2,
      operatingBudgetSeconds: 1,
      operatingWindowSeconds: 3,
      costPerCall: (method) => (method === 'crm.deal.list' ? 0.6 : 0.001),
    },
  });
});
afterAll(() => emu.close());

function client(operatingLimit: { windowMs: number; limitMs: number; heavyPercent: number }) {
  return sdkClient(emu, {
    restriction: {
      operatingLimit,
      adaptiveConfig: { enabled: false, thresholdPercent: 80, coefficient: 0.01, maxDelay: 7_000 },
      maxRetries: 3,
    },
  }).b24;
}

describe('@bitrix24/b24jssdk and the operating-time limit', () => {
  it('429 OPERATION_TIME_LIMIT: the SDK waits for operating_reset_at and retries successfully', async () => {
    emu.control.resetLimits();
    emu.control.resetStats();
    const b24 = client({ windowMs: 600_000, limitMs: 480_000, heavyPercent: 80 });
    for (let i = 0; i < 3; i++) {
      const r = await b24.actions.v2.call.make({ method: 'crm.deal.list', params: { select: ['ID'] } });
      expect(r.isSuccess).toBe(true);
    }
    const stats = emu.control.stats()['crm.deal.list']!;
    expect(stats.refused429).toBe(1);
    expect(stats.calls).toBe(4);
  });

  it('the SDK holds a method pre-emptively when the reported operating time nears its limit: no 429', async () => {
    emu.control.resetLimits();
    emu.control.resetStats();
    // The SDK holds a method once `operating` ≥ limitMs − 5 s: 5.5 s → hold from 0.5 s on.
    const b24 = client({ windowMs: 3_000, limitMs: 5_500, heavyPercent: 80 });
    for (let i = 0; i < 3; i++) {
      const r = await b24.actions.v2.call.make({ method: 'crm.deal.list', params: { select: ['ID'] } });
      expect(r.isSuccess).toBe(true);
    }
    expect(emu.control.stats()['crm.deal.list']).toMatchObject({ calls: 3, refused429: 0 });
  });
});
