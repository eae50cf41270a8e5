import type { Hono } from 'hono';
import { routes } from '../../../../../contract/routes';
import { listAudit, verifyAuditChain } from '../../../audit/chain';
import type { AppEnv } from '../../context';
import { defineRoute } from '../../route';

export function registerAuditRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.auditLog, async (c, { query }) => {
    const entries = await listAudit(c.get('deps').db, c.get('session').portalId, query);
    return { entries: entries.map(({ prevHash: _prev, portalId: _portal, ...e }) => e) };
  });

  defineRoute(app, routes.auditVerify, async (c) => {
    const { portalId } = c.get('session');
    const report = await verifyAuditChain(c.get('deps').db, { portalId });
    const mine = report.portals[0] ?? { entries: 0, broken: null };
    return { ok: report.ok, entries: mine.entries, broken: mine.broken };
  });
}
