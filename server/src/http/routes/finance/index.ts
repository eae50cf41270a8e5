/**
 * @module The finance sub-app: plan acknowledgement, inquiries, adjustments, period close (approve, lock) and payroll
 * exports. Routes are declared in contract/routes.ts and registered through defineRoute. Mount it at the root of the
 * API app, next to the admin sub-app:
 *
 *   app.route('/', financeRoutes());
 *
 * Paths are absolute (/api/me/plan, /api/inquiries, /api/adjustments, /api/periods/:period/…, /api/acknowledgements).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { registerAdjustmentRoutes } from './adjustments';
import { registerCloseRoutes } from './close';
import { registerExportRoutes } from './export';
import { registerInquiryRoutes } from './inquiries';
import { registerPlanAckRoutes } from './plan-ack';

export function financeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  registerPlanAckRoutes(app);
  registerInquiryRoutes(app);
  registerAdjustmentRoutes(app);
  registerCloseRoutes(app);
  registerExportRoutes(app);
  return app;
}
