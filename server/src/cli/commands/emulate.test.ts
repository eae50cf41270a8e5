import { describe, expect, it } from 'vitest';
import { UsageError } from '../command';
import { main } from '../main';
import { startFromArgs } from './emulate';

describe('kvota emulate', () => {
  it('starts a Bitrix24 portal and prints its webhook and OAuth endpoints', async () => {
    const { emulator, text } = await startFromArgs([
      'bitrix24',
      '--seed',
      '3',
      '--deals',
      '60',
      '--plan',
      'enterprise',
    ]);
    try {
      expect(text).toContain(emulator.webhookUrl);
      expect(text).toContain(emulator.oauth.tokenUrl);
      expect(text).toContain(emulator.oauth.clientId);
      const res = await fetch(`${emulator.webhookUrl}crm.deal.list?start=50`);
      const body = (await res.json()) as { total: number; result: unknown[] };
      expect(body.total).toBe(60);
      expect(body.result).toHaveLength(10);
    } finally {
      await emulator.close();
    }
  });

  it('explains user mistakes in one line', async () => {
    await expect(startFromArgs(['amocrm'])).rejects.toThrow(/not yet available/);
    await expect(startFromArgs([])).rejects.toBeInstanceOf(UsageError);
    await expect(startFromArgs(['bitrix24', '--plan', 'gold'])).rejects.toThrow(/--plan must be/);
    await expect(startFromArgs(['bitrix24', '--deals=-5'])).rejects.toThrow(/--deals must be/);
    const err: string[] = [];
    const code = await main(['emulate', 'bitrix24', '--bogus'], { stdout: () => {}, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/^kvota emulate: .*bogus/);
  });
});
