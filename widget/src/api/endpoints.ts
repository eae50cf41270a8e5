/**
 * @module One function per contract route the widget calls. Schemas are imported from their own contract files
 * (not through `routes`) so the deal-tab bundle carries only what it parses; endpoints.test.ts checks every
 * method + path here against contract/routes.ts so the two never drift.
 */
import { DealEstimate } from '../../../contract/api/deals';
import { Leaderboard, type LeaderboardMetric } from '../../../contract/api/leaderboard';
import { OpenDeals, RepHistory, RepSummary } from '../../../contract/api/me';
import { AcknowledgePlanResponse, CreateInquiryRequest, InquiryDto, MyPlan } from '../../../contract/api/finance';
import { Departments } from '../../../contract/api/org';
import { type SessionRequest, SessionResponse } from '../../../contract/api/session';
import { Statement } from '../../../contract/api/statements';
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
} as const;

const seg = encodeURIComponent;

export const createSession = (api: ApiClient, body: SessionRequest) =>
  api.request('POST', '/api/session', SessionResponse, { json: body });

export const getSummary = (api: ApiClient, q: { period?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/summary', RepSummary, { query: q });

export const getHistory = (api: ApiClient, q: { year?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/history', RepHistory, { query: q });

export const getOpenDeals = (api: ApiClient, q: { period?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/open-deals', OpenDeals, { query: q });

export const getStatement = (api: ApiClient, repId: string, q: { period: string; lang?: 'ru' | 'en' }) =>
  api.request('GET', `/api/statements/${seg(repId)}`, Statement, { query: q });

export const getDealEstimate = (api: ApiClient, dealId: string) =>
  api.request('GET', `/api/deals/${seg(dealId)}/estimate`, DealEstimate);

export const getLeaderboard = (
  api: ApiClient,
  q: { period?: string; metric?: LeaderboardMetric; departmentId?: string } = {},
) => api.request('GET', '/api/leaderboard', Leaderboard, { query: q });

export const getDepartments = (api: ApiClient) => api.request('GET', '/api/departments', Departments);

export const getMyPlan = (api: ApiClient) => api.request('GET', '/api/me/plan', MyPlan);

export const acknowledgePlan = (api: ApiClient, versionId: string) =>
  api.request('POST', '/api/me/plan/acknowledge', AcknowledgePlanResponse, { json: { versionId } });

export type NewInquiry = typeof CreateInquiryRequest._zod.input;

export const createInquiry = (api: ApiClient, body: NewInquiry) =>
  api.request('POST', '/api/inquiries', InquiryDto, { json: body });
