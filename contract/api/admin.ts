import { z } from 'zod';
import { ValidationIssue } from '../errors';
import { CurrencyCode, MoneyDto, PeriodKey, RatioDto } from '../money';

/** Admin area: plans (versions, publish, assignment, preview), quotas (grid, CSV import, allocation), settings, audit. */

const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'decimal string such as "150000.00"');
const NonNegativeDecimal = z.string().regex(/^\d+(\.\d+)?$/, 'non-negative decimal string such as "150000.00"');
/** Local calendar date. */
const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date such as 2026-01-01');

// ---------- plans ----------

export const PlanVersionStatus = z.enum(['draft', 'published']);

export const PlanVersionDto = z.object({
  id: z.string(),
  planId: z.string(),
  version: z.number().int(),
  status: PlanVersionStatus,
  effectiveFrom: IsoDate,
  /** Exclusive; null = open-ended. */
  effectiveTo: IsoDate.nullable(),
  /** The plan document (docs/plan-format.md) as the admin wrote it. */
  definition: z.unknown(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type PlanVersionDto = z.infer<typeof PlanVersionDto>;

export const PlanAssignmentDto = z.object({
  /** Exactly one of repId / departmentId is set. */
  repId: z.string().nullable(),
  departmentId: z.string().nullable(),
});

export const PlanDto = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  versions: z.array(PlanVersionDto),
  assignments: z.array(PlanAssignmentDto),
});
export type PlanDto = z.infer<typeof PlanDto>;

export const PlanList = z.object({ plans: z.array(PlanDto) });
export type PlanList = z.infer<typeof PlanList>;

export const CreatePlanRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The first version (a draft). */
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.nullable().optional(),
  definition: z.unknown(),
});

export const SavePlanVersionRequest = z.strictObject({
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.nullable().optional(),
  definition: z.unknown(),
});

export const ValidatePlanRequest = z.strictObject({
  definition: z.unknown(),
  lang: z.enum(['ru', 'en']).optional(),
});
export const ValidatePlanResponse = z.object({ ok: z.boolean(), issues: z.array(ValidationIssue) });
export type ValidatePlanResponse = z.infer<typeof ValidatePlanResponse>;

export const AssignPlanRequest = z.strictObject({
  repIds: z.array(z.string().min(1)).max(10_000).default([]),
  departmentIds: z.array(z.string().min(1)).max(10_000).default([]),
});
export const PlanAssignments = z.object({ planId: z.string(), assignments: z.array(PlanAssignmentDto) });

export const PreviewPlanRequest = z.strictObject({
  /** The period to replay on the synced deals, e.g. last quarter. */
  period: PeriodKey,
  lang: z.enum(['ru', 'en']).optional(),
});

export const PreviewRow = z.object({
  repId: z.string(),
  repName: z.string(),
  credit: MoneyDto,
  attainment: RatioDto.nullable(),
  /** What the plan in effect for that period paid (null: the rep had no plan). */
  current: MoneyDto.nullable(),
  /** What the draft would have paid. */
  draft: MoneyDto,
  /** draft − current (current taken as 0 when absent). */
  delta: MoneyDto,
});

/** "What last quarter would have paid": the draft replayed on real synced deals next to what was paid. */
export const PlanPreview = z.object({
  planId: z.string(),
  versionId: z.string(),
  period: PeriodKey,
  rows: z.array(PreviewRow),
  totals: z.object({ current: MoneyDto, draft: MoneyDto, delta: MoneyDto }),
});
export type PlanPreview = z.infer<typeof PlanPreview>;

// ---------- quotas ----------

export const QuotaCell = z.object({
  repId: z.string(),
  repName: z.string(),
  departmentIds: z.array(z.string()),
  amount: MoneyDto.nullable(),
  count: z.number().int().nullable(),
});

export const QuotaGrid = z.object({ period: PeriodKey, currency: CurrencyCode, rows: z.array(QuotaCell) });
export type QuotaGrid = z.infer<typeof QuotaGrid>;

export const QuotaGridQuery = z.strictObject({ period: PeriodKey, departmentId: z.string().optional() });

export const QuotaEntry = z.strictObject({
  repId: z.string().min(1),
  /** null clears the revenue target. */
  amount: NonNegativeDecimal.nullable(),
  count: z.number().int().min(0).nullable().optional(),
});

export const SaveQuotasRequest = z.strictObject({
  period: PeriodKey,
  entries: z.array(QuotaEntry).min(1).max(10_000),
});

/**
 * Bulk import: CSV text with a header row. Columns (ru or en names): rep_id|ID сотрудника, period|Период,
 * amount|Сумма, count|Количество (optional). `;` or `,` separated; decimal comma allowed with `;`.
 * All or nothing: any bad row → 400 bad_request with one issue per bad row, and nothing is written.
 */
export const ImportQuotasRequest = z.strictObject({ csv: z.string().min(1).max(5_000_000) });
export const ImportQuotasResponse = z.object({ imported: z.number().int(), periods: z.array(PeriodKey) });

export const AllocateQuotaRequest = z.strictObject({
  period: PeriodKey,
  departmentId: z.string().min(1),
  /** The team target to split, in the base currency. */
  target: NonNegativeDecimal,
  method: z.enum(['equal', 'weighted']),
  /** For "weighted": repId → weight (decimal strings, any scale); reps without a weight get 0. */
  weights: z.record(z.string(), NonNegativeDecimal).optional(),
  /** true: compute and return without saving. */
  dryRun: z.boolean().default(false),
});
export const AllocateQuotaResponse = z.object({
  period: PeriodKey,
  departmentId: z.string(),
  saved: z.boolean(),
  /** Parts add up exactly to the target. */
  allocations: z.array(z.object({ repId: z.string(), repName: z.string(), amount: MoneyDto })),
});

// ---------- settings ----------

export const PortalSettingsDto = z.strictObject({
  baseCurrency: CurrencyCode,
  /** Month the fiscal year starts, 1–12. */
  fiscalYearStart: z.number().int().min(1).max(12),
  /** Which date makes a deal "won" for crediting: the close date the CRM records, or when the stage moved to won. */
  wonDateRule: z.enum(['close_date', 'stage_change']),
  /** Pipelines that count (empty = all). */
  countedPipelineIds: z.array(z.string()),
  /** Won stages that count (empty = every won stage of the counted pipelines). */
  countedStageIds: z.array(z.string()),
  leaderboardVisibility: z.enum(['ranks', 'amounts']),
  /** "Вид начисления" written into payroll exports. */
  payrollAccrualType: z.string().min(1).max(100),
});
export type PortalSettingsDto = z.infer<typeof PortalSettingsDto>;

export const SettingsResponse = z.object({
  settings: PortalSettingsDto,
  /** The synced pipelines and stages to choose from. */
  pipelines: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      stages: z.array(z.object({ id: z.string(), name: z.string(), semantic: z.enum(['open', 'won', 'lost']) })),
    }),
  ),
});
export type SettingsResponse = z.infer<typeof SettingsResponse>;

export const UpdateSettingsRequest = PortalSettingsDto.partial();

// ---------- payroll numbers (1C табельный номер) ----------

export const PayrollNumbers = z.object({
  rows: z.array(z.object({ repId: z.string(), repName: z.string(), personnelNumber: z.string().nullable() })),
});
export const SavePayrollNumbersRequest = z.strictObject({
  entries: z
    .array(
      z.strictObject({
        repId: z.string().min(1),
        /** null removes the number (exports fall back to the CRM user id). */
        personnelNumber: z
          .string()
          .trim()
          .regex(/^[0-9A-Za-zА-Яа-яЁё/_.-]{1,30}$/, 'табельный номер: 1–30 letters, digits, / _ . -')
          .nullable(),
      }),
    )
    .min(1)
    .max(10_000),
});

// ---------- audit ----------

export const AuditEntryDto = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export const AuditQuery = z.strictObject({
  beforeSeq: z.coerce.number().int().positive().optional(),
  entity: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const AuditPage = z.object({ entries: z.array(AuditEntryDto) });
export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  broken: z.object({ id: z.string().nullable(), seq: z.number().int(), reason: z.string() }).nullable(),
});

export { DecimalString, IsoDate };
