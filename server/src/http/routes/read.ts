/** The read API of contract/routes.ts: every route validated and guarded by defineRoute, logic in app/read.service. */
import type { Hono } from 'hono';
import { routes } from '../../../../contract/routes';
import {
  dealEstimate,
  departments,
  leaderboard,
  myHistory,
  myOpenDeals,
  mySummaryRendered,
  statementOf,
} from '../../app/read.service';
import type { AppEnv } from '../context';
import { cachedJson } from '../headers';
import { defineRoute } from '../route';

export function registerReadRoutes(app: Hono<AppEnv>): void {
  defineRoute(app, routes.mySummary, async (c, { query }) => {
    // Served from a cached rendering, like the leaderboard.
    const { bytes } = await mySummaryRendered(c.get('deps'), c.get('session'), query);
    return cachedJson(bytes);
  });
  defineRoute(app, routes.myHistory, (c, { query }) => myHistory(c.get('deps'), c.get('session'), query));
  defineRoute(app, routes.myOpenDeals, (c, { query }) => myOpenDeals(c.get('deps'), c.get('session'), query));
  defineRoute(app, routes.statement, (c, { query, params }) =>
    statementOf(c.get('deps'), c.get('session'), params.repId ?? '', query),
  );
  defineRoute(app, routes.dealEstimate, (c, { params }) =>
    dealEstimate(c.get('deps'), c.get('session'), params.dealId ?? ''),
  );
  defineRoute(app, routes.leaderboard, async (c, { query }) => {
    // Served from a cached rendering: the hot path of the API.
    const bytes = await leaderboard(c.get('deps'), c.get('session'), query);
    return cachedJson(bytes);
  });
  defineRoute(app, routes.departments, (c) => departments(c.get('deps'), c.get('session')));
}
