/**
 * @module The request context shared by every route: the Hono `Env` (session + injected deps), the auth middleware
 * and the visibility check "may this viewer see rep X". Routes never trust ids from the request alone: a repId or
 * departmentId is always checked against the session's portal and role.
 */
import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, Session } from '../app/deps';
import { AppError } from './errors';
import { verifySessionToken } from './session-token';

export type { AppDeps, Session } from '../app/deps';
export { AppError } from './errors';

export type Role = Session['role'];

export interface AppEnv {
  Variables: {
    session: Session;
    deps: AppDeps;
  };
}

/** Tokens verified recently (the HMAC is the costliest step of a cached read); expiry is still checked each time. */
const verified = new Map<string, { secret: string; session: Session; expMs: number }>();

function authenticate(c: Context<AppEnv>, token: string | undefined): void {
  if (!token) throw new AppError('unauthenticated', 'Missing session: send Authorization: Bearer <token>');
  const deps = c.get('deps');
  const now = deps.clock();
  const hit = verified.get(token);
  if (hit && hit.secret === deps.sessionSecret && hit.expMs > now.getTime()) {
    c.set('session', hit.session);
    return;
  }
  const result = verifySessionToken(token, deps.sessionSecret, now);
  if (!result.ok) {
    throw new AppError(
      'unauthenticated',
      result.reason === 'expired' ? 'Session expired: open the app again' : 'Invalid session token',
    );
  }
  if (verified.size > 10_000) verified.clear();
  verified.set(token, { secret: deps.sessionSecret, session: result.session, expMs: result.expiresAt.getTime() });
  c.set('session', result.session);
}

/**
 * The Authorization header. Served by @hono/node-server it is read from Node's own parsed headers: `c.req.header()`
 * builds a web Headers object of every header, a visible share of a cached read.
 */
function authorization(c: Context<AppEnv>): string | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage) return incoming.headers.authorization;
  return c.req.header('authorization');
}

const bearer = (c: Context<AppEnv>) => /^Bearer\s+(\S+)$/i.exec(authorization(c) ?? '')?.[1];

/** Requires `Authorization: Bearer <token>` with a valid, unexpired token; sets `c.get('session')`. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  authenticate(c, bearer(c));
  await next();
});

/** For EventSource, which cannot send headers: the token may also come as `?token=`. */
export const requireStreamSession = createMiddleware<AppEnv>(async (c, next) => {
  authenticate(c, bearer(c) ?? c.req.query('token'));
  await next();
});

/** Allows only the listed roles (after requireSession). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const session = c.get('session');
    if (!session) throw new AppError('unauthenticated', 'Missing session');
    if (!roles.includes(session.role)) {
      throw new AppError('forbidden', `This needs the role ${roles.join(' or ')}; you are ${session.role}`);
    }
    await next();
  });
}

/** May this viewer see rep `repId`? Admin: anyone of the portal; manager: their subtrees; rep: only self. */
export async function canViewRep(deps: AppDeps, session: Session, repId: string): Promise<boolean> {
  if (repId === session.userId) return true;
  if (session.role === 'rep') return false;
  const visible = await deps.org.visibleUserIds(session);
  if (visible === 'all') return true; // the directory answers 'all' only for admins, scoped to their portal
  return visible.has(repId);
}

/** Throws 403 unless the viewer may see rep `repId`. */
export async function assertCanViewRep(deps: AppDeps, session: Session, repId: string): Promise<void> {
  if (!(await canViewRep(deps, session, repId))) {
    throw new AppError(
      'forbidden',
      session.role === 'rep' ? 'Reps may only see their own numbers' : `Rep ${repId} is outside your departments`,
    );
  }
}

/** May this viewer see department `departmentId` (admins: any of the portal; managers: their subtrees)? */
export async function canViewDepartment(deps: AppDeps, session: Session, departmentId: string): Promise<boolean> {
  const visible = await deps.org.visibleDepartmentIds(session);
  return visible.has(departmentId);
}
