/** @module Finance routes the app page uses (plan acknowledgement, inquiries); kept out of the deal-tab bundle. */
import { AcknowledgePlanResponse, type CreateInquiryRequest, InquiryDto, MyPlan } from '../../../contract/api/finance';
import type { ApiClient } from './client';

export const getMyPlan = (api: ApiClient) => api.request('GET', '/api/me/plan', MyPlan);

export const acknowledgePlan = (api: ApiClient, versionId: string) =>
  api.request('POST', '/api/me/plan/acknowledge', AcknowledgePlanResponse, { json: { versionId } });

export type NewInquiry = typeof CreateInquiryRequest._zod.input;

export const createInquiry = (api: ApiClient, body: NewInquiry) =>
  api.request('POST', '/api/inquiries', InquiryDto, { json: body });
