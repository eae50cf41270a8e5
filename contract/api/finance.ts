import { z } from 'zod';
import { MoneyDto, PeriodKey } from '../money';

/** Finance area: plan acknowledgement, inquiries, adjustments, period close (approve, lock) and payroll exports. */

const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'decimal string such as "-1500.00"');

// ---------- plan acknowledgement ----------

/** The plan version assigned to the viewer now, and whether they acknowledged it. */
export const MyPlan = z.object({
  plan: z
    .object({
      planId: z.string(),
      planName: z.string(),
      versionId: z.string(),
      version: z.number().int(),
      effectiveFrom: z.string(),
      effectiveTo: z.string().nullable(),
      definition: z.unknown(),
      /** The plan in words, one line per rule (ru/en by Accept-Language): what the rep acknowledges. */
      summary: z.array(z.string()).optional(),
    })
    .nullable(),
  acknowledgedAt: z.string().nullable(),
});
export type MyPlan = z.infer<typeof MyPlan>;

export const AcknowledgePlanRequest = z.strictObject({ versionId: z.string().min(1) });
export const AcknowledgePlanResponse = z.object({ versionId: z.string(), acknowledgedAt: z.string() });

export const AcknowledgementsQuery = z.strictObject({ versionId: z.string().min(1) });
export const Acknowledgements = z.object({
  versionId: z.string(),
  reps: z.array(z.object({ repId: z.string(), repName: z.string(), acknowledgedAt: z.string().nullable() })),
});

// ---------- inquiries ----------

export const InquiryKind = z.enum(['statement_line', 'missing_deal']);
export const InquiryStatus = z.enum(['open', 'answered', 'resolved']);

export const AdjustmentDto = z.object({
  id: z.string(),
  repId: z.string(),
  /** The open period it is paid in. */
  period: PeriodKey,
  amount: MoneyDto,
  reason: z.string(),
  /** Where it came from: the period it corrects and/or the inquiry that raised it. */
  sourcePeriod: PeriodKey.nullable(),
  sourceInquiryId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type AdjustmentDto = z.infer<typeof AdjustmentDto>;

export const InquiryMessageDto = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  adjustment: AdjustmentDto.nullable(),
  createdAt: z.string(),
});

export const InquiryDto = z.object({
  id: z.string(),
  repId: z.string(),
  repName: z.string(),
  period: PeriodKey,
  kind: InquiryKind,
  lineId: z.string().nullable(),
  dealId: z.string().nullable(),
  status: InquiryStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(InquiryMessageDto),
});
export type InquiryDto = z.infer<typeof InquiryDto>;

export const InquiryList = z.object({ inquiries: z.array(InquiryDto.omit({ messages: true })) });
export const InquiryListQuery = z.strictObject({
  status: InquiryStatus.optional(),
  period: PeriodKey.optional(),
  repId: z.string().optional(),
});

const MessageBody = z.string().trim().min(1).max(4000);

export const CreateInquiryRequest = z
  .strictObject({
    period: PeriodKey,
    kind: InquiryKind,
    lineId: z.string().min(1).max(200).optional(),
    dealId: z.string().min(1).max(100).optional(),
    message: MessageBody,
  })
  .refine((r) => (r.kind === 'statement_line' ? !!r.lineId : !!r.dealId), {
    message: 'statement_line needs lineId; missing_deal needs dealId',
    path: ['kind'],
  });

export const NewAdjustment = z.strictObject({
  /** Decimal in the base currency; negative reduces the payout. */
  amount: DecimalString,
  reason: z.string().trim().min(1).max(1000),
  /** The open period to pay it in; default: the inquiry's period if open, else the current period. */
  period: PeriodKey.optional(),
});

export const ReplyInquiryRequest = z.strictObject({
  message: MessageBody,
  /** Managers/admins only: book a correction with the answer. */
  adjustment: NewAdjustment.optional(),
  /** Managers/admins: mark resolved; reps may resolve their own. */
  resolve: z.boolean().optional(),
});

// ---------- adjustments ----------

export const CreateAdjustmentRequest = z.strictObject({
  repId: z.string().min(1),
  period: PeriodKey,
  amount: DecimalString,
  reason: z.string().trim().min(1).max(1000),
  sourcePeriod: PeriodKey.optional(),
});
export const AdjustmentsQuery = z.strictObject({ period: PeriodKey, repId: z.string().optional() });
export const AdjustmentList = z.object({ adjustments: z.array(AdjustmentDto) });

// ---------- period close ----------

export const PeriodParam = z.strictObject({ period: PeriodKey });

export const CloseRow = z.object({
  repId: z.string(),
  repName: z.string(),
  departmentIds: z.array(z.string()),
  total: MoneyDto,
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** The total the approver saw; differs from `total` if numbers moved after approval. */
  approvedTotal: MoneyDto.nullable(),
});

export const PeriodCloseStatus = z.object({
  period: PeriodKey,
  locked: z.boolean(),
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable(),
  rows: z.array(CloseRow),
  /** Reps whose statements are not approved yet (or changed since approval). */
  pending: z.number().int(),
  total: MoneyDto,
});
export type PeriodCloseStatus = z.infer<typeof PeriodCloseStatus>;

export const ApproveRequest = z.strictObject({
  /** Reps to approve; default every rep the viewer may see with a statement in the period. */
  repIds: z.array(z.string().min(1)).max(10_000).optional(),
});

export const LockRequest = z.strictObject({
  /** Lock although some statements are not approved. */
  force: z.boolean().default(false),
});

// ---------- exports ----------

export const ExportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  /** Append an "Итого" row (default: only in XLSX, so CSV imports straight into 1C). */
  totals: z.enum(['0', '1']).optional(),
});

/** Exports answer with a file (text/csv or XLSX), not JSON. */
export const FileResponse = z.string().describe('file download');

export { DecimalString as SignedDecimal };
