/**
 * @module One function per contract route the widget calls (here: what the deal tab needs; the app page's calls
 * are in endpoints-app.ts and endpoints-finance.ts). Schemas are imported from their own contract files
 * (not through `routes`) so the deal-tab bundle carries only what it parses; endpoints.test.ts checks every
 * method + path here against contract/routes.ts so the two never drift.
 */
import { DealEstimate } from '../../../contract/api/deals';
import { RepSummary } from '../../../contract/api/me';
import { type SessionRequest, SessionResponse } from '../../../contract/api/session';
import type { ApiClient } from './client';

/** method + path of every call below, keyed by the contract's route name. */
export const ENDPOINTS = {
  createSession: ['POST', '/api/session'],
  mySummary: ['GET', '/api/me/summary'],
  myHistory: ['GET', '/api/me/history'],
  myOpenDeals: ['GET', '/api/me/open-deals'],
  statement: ['GET', '/api/statements/:repId'],
  dealEstimate: ['GET', '/api/deals/:dealId/estimate'],
  leaderboard: ['GET', '/api/leaderboard'],
  departments: ['GET', '/api/departments'],
  myPlan: ['GET', '/api/me/plan'],
  acknowledgePlan: ['POST', '/api/me/plan/acknowledge'],
  createInquiry: ['POST', '/api/inquiries'],
  listPlans: ['GET', '/api/admin/plans'],
  quotaGrid: ['GET', '/api/admin/quotas'],
  periodClose: ['GET', '/api/periods/:period/close'],
  approvePeriod: ['POST', '/api/periods/:period/approve'],
  lockPeriod: ['POST', '/api/periods/:period/lock'],
} as const;

const seg = encodeURIComponent;

export const createSession = (api: ApiClient, body: SessionRequest) =>
  api.request('POST', '/api/session', SessionResponse, { json: body });

export const getSummary = (api: ApiClient, q: { period?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/summary', RepSummary, { query: q });

export const getDealEstimate = (api: ApiClient, dealId: string) =>
  api.request('GET', `/api/deals/${seg(dealId)}/estimate`, DealEstimate);
