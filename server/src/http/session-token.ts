/**
 * Kvota session tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`, short-lived and bound to portal + user
 * + role. Stateless, so any `kvota serve` process verifies a token another process issued (they share the secret).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Session } from '../app/deps';

interface Payload {
  v: 1;
  p: string;
  u: string;
  r: Session['role'];
  h: string[];
  /** Expiry, Unix seconds. */
  e: number;
}

const ROLES = new Set(['admin', 'manager', 'rep']);

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function issueSessionToken(
  session: Session,
  secret: string,
  now: Date,
  ttlSeconds: number,
): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const payload: Payload = { v: 1, p: session.portalId, u: session.userId, r: session.role, h: session.headOf, e: exp };
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${data}.${sign(data, secret)}`, expiresAt: new Date(exp * 1000) };
}

export type VerifyResult =
  | { ok: true; session: Session; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifySessionToken(token: string, secret: string, now: Date): VerifyResult {
  const [data, mac, extra] = token.split('.');
  if (!data || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(data, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as Payload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    payload?.v !== 1 ||
    typeof payload.p !== 'string' ||
    typeof payload.u !== 'string' ||
    !ROLES.has(payload.r) ||
    !Array.isArray(payload.h) ||
    typeof payload.e !== 'number'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    session: { portalId: payload.p, userId: payload.u, role: payload.r, headOf: payload.h.map(String) },
    expiresAt: new Date(payload.e * 1000),
  };
}
