import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Emulator, startBitrix24Emulator } from './index';
import { rest } from './testing';

let emu: Bitrix24Emulator;
beforeAll(async () => {
  emu = await startBitrix24Emulator({ seed: 5, deals: 120, limits: 'off' });
});
afterAll(() => emu.close());

interface BatchResult {
  result: Record<string, unknown> | unknown[];
  result_error: Record<string, { error: string; error_description: string }> | [];
  result_total: Record<string, number> | [];
  result_next: Record<string, number> | [];
  result_time: Record<string, unknown> | [];
}
const batch = async (params: Record<string, unknown>) => {
  const a = await rest(emu, 'batch', params);
  expect(a.status).toBe(200);
  return a.body.result as BatchResult;
};

describe('batch', () => {
  it('references earlier answers with $result[cmd][…]', async () => {
    const r = await batch({
      halt: 0,
      cmd: {
        first: 'crm.deal.list?order[ID]=ASC&select[]=ID&select[]=ASSIGNED_BY_ID',
        owner: 'user.get?ID=$result[first][0][ASSIGNED_BY_ID]',
        deal: 'crm.deal.get?id=$result[first][3][ID]',
      },
    });
    const result = r.result as Record<string, unknown>;
    const first = result.first as { ID: string; ASSIGNED_BY_ID: string }[];
    expect((result.owner as { ID: string }[])[0]!.ID).toBe(first[0]!.ASSIGNED_BY_ID);
    expect((result.deal as { ID: string }).ID).toBe('4');
    expect(r.result_total).toEqual({ first: 120, owner: 1 });
    expect(r.result_next).toEqual({ first: 50 });
    expect(Object.keys(r.result_time)).toEqual(['first', 'owner', 'deal']);
    expect(r.result_error).toEqual([]);
  });

  it('halt=0 runs everything and reports errors per command; halt=1 stops at the first error', async () => {
    const cmd = { a: 'crm.deal.get?id=1', bad: 'crm.deal.get?id=999999', c: 'user.current', nope: 'no.such.method' };
    const all = await batch({ halt: 0, cmd });
    expect(Object.keys(all.result)).toEqual(['a', 'c']);
    expect(all.result_error).toEqual({
      bad: { error: '', error_description: 'Not found' },
      nope: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    const halted = await batch({ halt: 1, cmd });
    expect(Object.keys(halted.result)).toEqual(['a']);
    expect(Object.keys(halted.result_error)).toEqual(['bad']);
  });

  it('array cmd (as the SDK sends) answers with lists; form-encoded batch with encoded sub-queries', async () => {
    const r = await batch({ halt: 1, cmd: ['user.current?', 'crm.deal.list?filter%5B%3EID%5D=115&select%5B0%5D=ID'] });
    expect(Array.isArray(r.result)).toBe(true);
    expect(((r.result as unknown[])[1] as { ID: string }[]).map((x) => x.ID)).toEqual([
      '116',
      '117',
      '118',
      '119',
      '120',
    ]);
    const form = await fetch(`${emu.webhookUrl}batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `halt=0&cmd[d]=${encodeURIComponent('crm.deal.get?id=7')}`,
    });
    const body = (await form.json()) as { result: BatchResult };
    expect(((body.result.result as Record<string, { ID: string }>).d as { ID: string }).ID).toBe('7');
  });

  it('refuses more than 50 commands and nested batches', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'server.time']));
    const tooMany = await rest(emu, 'batch', { cmd });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      error: 'ERROR_BATCH_LENGTH_EXCEEDED',
      error_description: 'Max batch length exceeded',
    });
    const nested = await batch({ halt: 0, cmd: { n: 'batch?cmd[x]=server.time' } });
    expect(nested.result_error).toEqual({
      n: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
    });
  });
});
