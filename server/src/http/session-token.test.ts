import { describe, expect, it } from 'vitest';
import { issueSessionToken, verifySessionToken } from './session-token';

const SECRET = 'a-test-secret-that-is-long-enough-000';
const session = { portalId: 'bitrix24:abc', userId: '7', role: 'manager' as const, headOf: ['3'] };
const now = new Date('2026-11-27T12:00:00Z');

describe('session tokens', () => {
  it('round-trips portal, user, role and departments until expiry', () => {
    const { token, expiresAt } = issueSessionToken(session, SECRET, now, 600);
    expect(expiresAt.toISOString()).toBe('2026-11-27T12:10:00.000Z');
    const ok = verifySessionToken(token, SECRET, new Date('2026-11-27T12:09:59Z'));
    expect(ok).toMatchObject({ ok: true, session });
    expect(verifySessionToken(token, SECRET, new Date('2026-11-27T12:10:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a changed payload, another secret and garbage', () => {
    const { token } = issueSessionToken(session, SECRET, now, 600);
    const [, mac] = token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ v: 1, p: 'bitrix24:abc', u: '7', r: 'admin', h: [], e: 4102444800 }),
    ).toString('base64url');
    expect(verifySessionToken(`${elevated}.${mac}`, SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySessionToken(token, `${SECRET}x`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifySessionToken('nonsense', SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySessionToken('a.b.c', SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
