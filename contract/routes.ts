import { z } from 'zod';
import { DealEstimate } from './api/deals';
import { Leaderboard, LeaderboardQuery } from './api/leaderboard';
import { OpenDeals, PeriodQuery, RepHistory, RepSummary, YearQuery } from './api/me';
import { Departments } from './api/org';
import { SessionRequest, SessionResponse } from './api/session';
import { Statement, StatementQuery } from './api/statements';

/**
 * The one API contract between server and widget. The server validates requests against `query`/`body` at the edge
 * and the widget parses every response with `response`; the OpenAPI document is generated from this table.
 * Paths use Hono's `:param` syntax and live under /api.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Who may call it; 'public' needs no session. */
  auth: 'public' | 'rep' | 'manager' | 'admin';
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
}

const Empty = z.strictObject({});

export const routes = {
  createSession: {
    method: 'POST',
    path: '/api/session',
    summary: 'Exchange CRM frame credentials for a short-lived Kvota session',
    auth: 'public',
    body: SessionRequest,
    response: SessionResponse,
  },
  mySummary: {
    method: 'GET',
    path: '/api/me/summary',
    summary: "The viewer's (or, for managers, a rep's) attainment and earnings for a period",
    auth: 'rep',
    query: PeriodQuery,
    response: RepSummary,
  },
  myHistory: {
    method: 'GET',
    path: '/api/me/history',
    summary: 'Attainment and earnings for every period of a year',
    auth: 'rep',
    query: YearQuery,
    response: RepHistory,
  },
  myOpenDeals: {
    method: 'GET',
    path: '/api/me/open-deals',
    summary: "Open deals ranked by what winning them now would earn",
    auth: 'rep',
    query: PeriodQuery,
    response: OpenDeals,
  },
  statement: {
    method: 'GET',
    path: '/api/statements/:repId',
    summary: "A rep's statement with explained lines",
    auth: 'rep',
    query: StatementQuery,
    response: Statement,
  },
  dealEstimate: {
    method: 'GET',
    path: '/api/deals/:dealId/estimate',
    summary: 'What a deal earns the viewer if won now, and how attainment and rank move',
    auth: 'rep',
    query: Empty,
    response: DealEstimate,
  },
  leaderboard: {
    method: 'GET',
    path: '/api/leaderboard',
    summary: 'Ranked reps of a department for a period by a metric',
    auth: 'rep',
    query: LeaderboardQuery,
    response: Leaderboard,
  },
  departments: {
    method: 'GET',
    path: '/api/departments',
    summary: 'The departments the viewer may see (managers: their subtrees)',
    auth: 'rep',
    query: Empty,
    response: Departments,
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type ResponseOf<N extends RouteName> = z.infer<Routes[N]['response']>;
