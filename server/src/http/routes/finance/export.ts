import type { Hono } from 'hono';
import { routes } from '../../../../../contract/routes';
import { loadSettings } from '../../../app/settings';
import { periodRange } from '../../../domain/index';
import type { AppEnv } from '../../context';
import { defineRoute } from '../../route';
import { payrollNumberMap } from '../admin/payroll-numbers';
import { isLocked, portalUsers } from '../admin/support';
import { periodParam } from './close';
import { type PayoutRow, payoutsCsv, payoutsXlsx, ruDate } from './payroll-export';

/**
 * GET /api/periods/:period/export?format=csv|xlsx — the period's payouts for 1C payroll: one row per rep with a
 * non-zero statement total (which already includes adjustments booked into the period), gross before НДФЛ, keyed
 * by the user's 1C табельный номер (PUT /api/admin/payroll-numbers) or, without one, the CRM user id.
 * The response says whether the period was locked when exported (X-Kvota-Period-Locked), so a preliminary file is
 * never mistaken for the final one.
 */
export function registerExportRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.exportPayouts, async (c, { params, query }) => {
    const { db } = c.get('deps');
    const { portalId } = c.get('session');
    const period = periodParam(params.period);
    const settings = await loadSettings(db, portalId);
    const [statements, users, locked, numbers] = await Promise.all([
      db
        .selectFrom('statements')
        .select(['rep_id', 'total', 'currency'])
        .where('portal_id', '=', portalId)
        .where('period', '=', period)
        .execute(),
      portalUsers(db, portalId),
      isLocked(db, portalId, period),
      payrollNumberMap(db, portalId),
    ]);
    const range = periodRange(period, { fiscalYearStart: settings.fiscalYearStart, timeZone: settings.timeZone });
    const lastDay = new Date(Date.parse(`${range.endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const rows: PayoutRow[] = statements
      .filter((s) => !/^-?0(\.0+)?$/.test(s.total))
      .map((s) => ({
        personnelNumber: numbers.get(s.rep_id) ?? s.rep_id,
        fullName: users.get(s.rep_id)?.name ?? s.rep_id,
        accrualType: settings.payrollAccrualType,
        period,
        periodStart: ruDate(range.startDate),
        periodEnd: ruDate(lastDay),
        amount: s.total,
        currency: s.currency,
      }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru') || a.personnelNumber.localeCompare(b.personnelNumber));
    const xlsx = query.format === 'xlsx';
    const totals = query.totals === undefined ? xlsx : query.totals === '1';
    const file = xlsx ? await payoutsXlsx(rows, { totals, title: `Kvota ${period}` }) : payoutsCsv(rows, { totals });
    const name = `kvota-payouts-${period}.${xlsx ? 'xlsx' : 'csv'}`;
    return new Response(new Uint8Array(file), {
      status: 200,
      headers: {
        'content-type': xlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'x-kvota-period-locked': locked ? 'true' : 'false',
        'cache-control': 'no-store',
      },
    });
  });
}
