/** @module Admin and period-close routes the app page's "Settings" tab uses (read plans and quotas, approve, lock). */
import { PlanList, QuotaGrid } from '../../../contract/api/admin';
import { PeriodCloseStatus } from '../../../contract/api/finance';
import type { ApiClient } from './client';

const seg = encodeURIComponent;

export const getPlans = (api: ApiClient) => api.request('GET', '/api/admin/plans', PlanList);

export const getQuotas = (api: ApiClient, period: string) =>
  api.request('GET', '/api/admin/quotas', QuotaGrid, { query: { period } });

export const getCloseStatus = (api: ApiClient, period: string) =>
  api.request('GET', `/api/periods/${seg(period)}/close`, PeriodCloseStatus);

export const approvePeriod = (api: ApiClient, period: string) =>
  api.request('POST', `/api/periods/${seg(period)}/approve`, PeriodCloseStatus, { json: {} });

export const lockPeriod = (api: ApiClient, period: string) =>
  api.request('POST', `/api/periods/${seg(period)}/lock`, PeriodCloseStatus, { json: { force: false } });
