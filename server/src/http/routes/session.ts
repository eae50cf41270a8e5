/**
 * POST /api/session: the widget hands over the CRM frame's credentials; the CRM port verifies them with the portal
 * ONCE (never trusting ids from the request), and the server issues a short-lived signed session bound to
 * portal + user + role. Role comes from the CRM: portal admins → admin; heads of departments → manager; others → rep.
 */
import type { Hono } from 'hono';
import { routes } from '../../../../contract/routes';
import type { Session } from '../../app/deps';
import { headedBy } from '../../app/org';
import { getPortal } from '../../db/crm/portals';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { defineRoute } from '../route';
import { issueSessionToken } from '../session-token';

export function registerSessionRoute(app: Hono<AppEnv>): void {
  defineRoute(app, routes.createSession, async (c, { body }) => {
    const deps = c.get('deps');
    const port = deps.crm[body.crm];
    if (!port) throw new AppError('bad_request', `This server is not connected to ${body.crm}`);
    let identity: Awaited<ReturnType<typeof port.verifyFrameAuth>>;
    try {
      identity = await port.verifyFrameAuth({ domain: body.domain, memberId: body.memberId, authId: body.authId });
    } catch (error) {
      deps.log.warn('frame auth check failed', {
        crm: body.crm,
        error: error instanceof Error ? error.message : String(error),
      });
      throw new AppError('crm_unavailable', 'The CRM portal did not answer; try again in a minute');
    }
    if (!identity)
      throw new AppError('unauthenticated', 'The portal did not confirm these frame credentials; reopen the app');
    const portal = await getPortal(deps.db, identity.portalId);
    if (!portal || portal.uninstalled_at)
      throw new AppError('unauthenticated', 'The app is not installed on this portal');

    deps.orgs.invalidate(identity.portalId); // roles must reflect the CRM as of now
    const org = await deps.orgs.get(identity.portalId);
    const headOf = headedBy(org, identity.userId);
    const role: Session['role'] = identity.isAdmin ? 'admin' : headOf.length > 0 ? 'manager' : 'rep';
    const session: Session = { portalId: identity.portalId, userId: identity.userId, role, headOf };
    const { token, expiresAt } = issueSessionToken(session, deps.sessionSecret, deps.clock(), deps.sessionTtlSeconds);
    const settings = await deps.store.settings(identity.portalId);
    deps.log.info('session issued', { portalId: identity.portalId, userId: identity.userId, role });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: identity.userId, name: org.users.get(identity.userId)?.name ?? identity.name, role, headOf },
      portal: {
        id: identity.portalId,
        domain: portal.domain,
        language: settings.language,
        baseCurrency: settings.baseCurrency,
        timeZone: settings.timeZone,
        leaderboardVisibility: settings.leaderboardVisibility,
      },
    };
  });
}
