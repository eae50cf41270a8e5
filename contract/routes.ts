import { z } from 'zod';
import {
  AllocateQuotaRequest,
  AllocateQuotaResponse,
  AssignPlanRequest,
  AuditPage,
  AuditQuery,
  AuditVerifyResponse,
  CreatePlanRequest,
  ImportQuotasRequest,
  ImportQuotasResponse,
  PlanAssignments,
  PlanDto,
  PlanList,
  PlanPreview,
  PlanVersionDto,
  PreviewPlanRequest,
  QuotaGrid,
  QuotaGridQuery,
  SavePlanVersionRequest,
  SaveQuotasRequest,
  SettingsResponse,
  UpdateSettingsRequest,
  ValidatePlanRequest,
  ValidatePlanResponse,
} from './api/admin';
import { DealEstimate } from './api/deals';
import {
  AcknowledgePlanRequest,
  AcknowledgePlanResponse,
  Acknowledgements,
  AcknowledgementsQuery,
  AdjustmentDto,
  AdjustmentList,
  AdjustmentsQuery,
  ApproveRequest,
  CreateAdjustmentRequest,
  CreateInquiryRequest,
  ExportQuery,
  FileResponse,
  InquiryDto,
  InquiryList,
  InquiryListQuery,
  LockRequest,
  MyPlan,
  PeriodCloseStatus,
  ReplyInquiryRequest,
} from './api/finance';
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
    summary: 'Open deals ranked by what winning them now would earn',
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
  // ---- admin (plans, quotas, settings, audit): server/src/http/routes/admin ----
  listPlans: {
    method: 'GET',
    path: '/api/admin/plans',
    summary: 'Every plan with its versions and assignments',
    auth: 'admin',
    query: Empty,
    response: PlanList,
  },
  createPlan: {
    method: 'POST',
    path: '/api/admin/plans',
    summary: 'Create a plan with a first draft version',
    auth: 'admin',
    body: CreatePlanRequest,
    response: PlanDto,
  },
  validatePlan: {
    method: 'POST',
    path: '/api/admin/plans/validate',
    summary: 'Check a plan document; every problem is listed',
    auth: 'admin',
    body: ValidatePlanRequest,
    response: ValidatePlanResponse,
  },
  getPlan: {
    method: 'GET',
    path: '/api/admin/plans/:planId',
    summary: 'One plan with its versions and assignments',
    auth: 'admin',
    query: Empty,
    response: PlanDto,
  },
  addPlanVersion: {
    method: 'POST',
    path: '/api/admin/plans/:planId/versions',
    summary: 'Add a draft version with effective dates',
    auth: 'admin',
    body: SavePlanVersionRequest,
    response: PlanVersionDto,
  },
  updatePlanVersion: {
    method: 'PUT',
    path: '/api/admin/plans/:planId/versions/:versionId',
    summary: 'Edit a draft version',
    auth: 'admin',
    body: SavePlanVersionRequest,
    response: PlanVersionDto,
  },
  publishPlanVersion: {
    method: 'POST',
    path: '/api/admin/plans/:planId/versions/:versionId/publish',
    summary: 'Publish a draft version; statements recompute',
    auth: 'admin',
    body: Empty,
    response: PlanVersionDto,
  },
  previewPlanVersion: {
    method: 'POST',
    path: '/api/admin/plans/:planId/versions/:versionId/preview',
    summary: 'What a period would have paid under this version, next to what it paid',
    auth: 'admin',
    body: PreviewPlanRequest,
    response: PlanPreview,
  },
  assignPlan: {
    method: 'PUT',
    path: '/api/admin/plans/:planId/assignments',
    summary: 'Assign the plan to reps and departments (replaces the list)',
    auth: 'admin',
    body: AssignPlanRequest,
    response: PlanAssignments,
  },
  quotaGrid: {
    method: 'GET',
    path: '/api/admin/quotas',
    summary: 'Quota grid of a period',
    auth: 'admin',
    query: QuotaGridQuery,
    response: QuotaGrid,
  },
  saveQuotas: {
    method: 'PUT',
    path: '/api/admin/quotas',
    summary: 'Write quota cells of a period',
    auth: 'admin',
    body: SaveQuotasRequest,
    response: QuotaGrid,
  },
  importQuotas: {
    method: 'POST',
    path: '/api/admin/quotas/import',
    summary: 'Bulk CSV import of quotas: all rows or none, every bad row listed',
    auth: 'admin',
    body: ImportQuotasRequest,
    response: ImportQuotasResponse,
  },
  allocateQuota: {
    method: 'POST',
    path: '/api/admin/quotas/allocate',
    summary: "Split a team target among a department's reps, equally or by weight",
    auth: 'admin',
    body: AllocateQuotaRequest,
    response: AllocateQuotaResponse,
  },
  getSettings: {
    method: 'GET',
    path: '/api/admin/settings',
    summary: 'Portal settings with the synced pipelines and stages',
    auth: 'admin',
    query: Empty,
    response: SettingsResponse,
  },
  updateSettings: {
    method: 'PUT',
    path: '/api/admin/settings',
    summary: 'Change portal settings',
    auth: 'admin',
    body: UpdateSettingsRequest,
    response: SettingsResponse,
  },
  auditLog: {
    method: 'GET',
    path: '/api/admin/audit',
    summary: 'Audit log, newest first',
    auth: 'admin',
    query: AuditQuery,
    response: AuditPage,
  },
  auditVerify: {
    method: 'GET',
    path: '/api/admin/audit/verify',
    summary: "Verify the portal's audit hash chain",
    auth: 'admin',
    query: Empty,
    response: AuditVerifyResponse,
  },
  // ---- finance (acknowledgement, inquiries, adjustments, close, exports): server/src/http/routes/finance ----
  myPlan: {
    method: 'GET',
    path: '/api/me/plan',
    summary: "The viewer's current plan version and acknowledgement",
    auth: 'rep',
    query: Empty,
    response: MyPlan,
  },
  acknowledgePlan: {
    method: 'POST',
    path: '/api/me/plan/acknowledge',
    summary: 'Acknowledge the assigned plan version (Положение о премировании)',
    auth: 'rep',
    body: AcknowledgePlanRequest,
    response: AcknowledgePlanResponse,
  },
  planAcknowledgements: {
    method: 'GET',
    path: '/api/acknowledgements',
    summary: 'Who acknowledged a plan version',
    auth: 'manager',
    query: AcknowledgementsQuery,
    response: Acknowledgements,
  },
  listInquiries: {
    method: 'GET',
    path: '/api/inquiries',
    summary: 'Inquiries the viewer may see',
    auth: 'rep',
    query: InquiryListQuery,
    response: InquiryList,
  },
  createInquiry: {
    method: 'POST',
    path: '/api/inquiries',
    summary: 'Flag a statement line or a missing deal',
    auth: 'rep',
    body: CreateInquiryRequest,
    response: InquiryDto,
  },
  getInquiry: {
    method: 'GET',
    path: '/api/inquiries/:inquiryId',
    summary: 'An inquiry with its thread',
    auth: 'rep',
    query: Empty,
    response: InquiryDto,
  },
  replyInquiry: {
    method: 'POST',
    path: '/api/inquiries/:inquiryId/messages',
    summary: 'Answer an inquiry (managers: optionally with an adjustment)',
    auth: 'rep',
    body: ReplyInquiryRequest,
    response: InquiryDto,
  },
  listAdjustments: {
    method: 'GET',
    path: '/api/adjustments',
    summary: 'Adjustments of a period',
    auth: 'manager',
    query: AdjustmentsQuery,
    response: AdjustmentList,
  },
  createAdjustment: {
    method: 'POST',
    path: '/api/adjustments',
    summary: 'Book a correction into an open period',
    auth: 'manager',
    body: CreateAdjustmentRequest,
    response: AdjustmentDto,
  },
  periodClose: {
    method: 'GET',
    path: '/api/periods/:period/close',
    summary: 'Approval and lock status of a period',
    auth: 'manager',
    query: Empty,
    response: PeriodCloseStatus,
  },
  approvePeriod: {
    method: 'POST',
    path: '/api/periods/:period/approve',
    summary: "Approve the team's statements for a period",
    auth: 'manager',
    body: ApproveRequest,
    response: PeriodCloseStatus,
  },
  lockPeriod: {
    method: 'POST',
    path: '/api/periods/:period/lock',
    summary: 'Lock a period for good',
    auth: 'admin',
    body: LockRequest,
    response: PeriodCloseStatus,
  },
  exportPayouts: {
    method: 'GET',
    path: '/api/periods/:period/export',
    summary: 'Payouts of a period for 1C payroll (CSV or XLSX, gross)',
    auth: 'admin',
    query: ExportQuery,
    response: FileResponse,
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type ResponseOf<N extends RouteName> = z.infer<Routes[N]['response']>;
