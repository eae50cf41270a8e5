/** @module The app page's routes (dashboard, statements, leaderboard, departments); not in the deal-tab bundle. */
import { Leaderboard, type LeaderboardMetric } from '../../../contract/api/leaderboard';
import { OpenDeals, RepHistory } from '../../../contract/api/me';
import { Departments } from '../../../contract/api/org';
import { Statement } from '../../../contract/api/statements';
import type { ApiClient } from './client';

const seg = encodeURIComponent;

export const getHistory = (api: ApiClient, q: { year?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/history', RepHistory, { query: q });

export const getOpenDeals = (api: ApiClient, q: { period?: string; repId?: string } = {}) =>
  api.request('GET', '/api/me/open-deals', OpenDeals, { query: q });

export const getStatement = (api: ApiClient, repId: string, q: { period: string; lang?: 'ru' | 'en' }) =>
  api.request('GET', `/api/statements/${seg(repId)}`, Statement, { query: q });

export const getLeaderboard = (
  api: ApiClient,
  q: { period?: string; metric?: LeaderboardMetric; departmentId?: string } = {},
) => api.request('GET', '/api/leaderboard', Leaderboard, { query: q });

export const getDepartments = (api: ApiClient) => api.request('GET', '/api/departments', Departments);
