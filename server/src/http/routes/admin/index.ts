/**
 * @module The admin sub-app: plans (versions, publish, assignments, preview), quotas (grid, CSV import, top-down
 * allocation), settings, 1C табельные номера and the audit log. Every route is declared in contract/routes.ts with auth 'admin' and is
 * registered through defineRoute (session, role, strict validation). Mount it at the root of the API app:
 *
 *   app.route('/', adminRoutes());
 *
 * It expects `c.get('deps')` to be set by the app (the paths are absolute, /api/admin/…).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { registerAuditRoutes } from './audit';
import { registerPayrollNumberRoutes } from './payroll-numbers';
import { registerPlanRoutes } from './plans';
import { registerQuotaRoutes } from './quotas';
import { registerSettingsRoutes } from './settings';

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  registerPlanRoutes(app);
  registerQuotaRoutes(app);
  registerSettingsRoutes(app);
  registerPayrollNumberRoutes(app);
  registerAuditRoutes(app);
  return app;
}
