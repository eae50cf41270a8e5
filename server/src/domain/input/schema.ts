import { z } from 'zod';
import { toIssue } from '../plan/parse';
import type { PlanIssue } from '../plan/types';
import type { Adjustment, Deal, Department, FxRate, Lang, PaidRecord, Quota, Rep } from '../types';

/** Schemas of the engine's other inputs (deals, reps, quotas…), with the same ru/en issue reporting as plans. */
const decimal = z.string({ error: 'decimal' }).regex(/^\d+(\.\d+)?$/, { error: 'decimal' });
const signed = z.string({ error: 'signed_decimal' }).regex(/^-?\d+(\.\d+)?$/, { error: 'signed_decimal' });
const id = z.string({ error: 'id' }).min(1, { error: 'id' });
const currency = z.string({ error: 'currency' }).regex(/^[A-Z]{3}$/, { error: 'currency' });
const date = z.string({ error: 'date' }).regex(/^\d{4}-\d{2}-\d{2}/, { error: 'date' });
const instant = z
  .string({ error: 'instant' })
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      error: 'instant',
    },
  );
const period = z.string({ error: 'period' }).regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/, { error: 'period' });

export const DealSchema = z.strictObject({
  id,
  title: z.string({ error: 'name' }),
  ownerId: id,
  splits: z
    .array(
      z.strictObject({
        repId: id,
        share: z.string({ error: 'share' }).regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, { error: 'share' }),
      }),
    )
    .max(64)
    .nullish(),
  amount: decimal,
  currency,
  pipelineId: z.string({ error: 'id' }),
  stageId: z.string({ error: 'id' }),
  status: z.enum(['open', 'won', 'lost']),
  wonAt: instant.nullish(),
  closedAt: instant.nullish(),
  lostAt: instant.nullish(),
  refundedAt: instant.nullish(),
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullish(),
});

export const RepSchema = z.strictObject({
  id,
  name: z.string({ error: 'name' }),
  departmentIds: z.array(id).default([]),
  hiredAt: date.nullish(),
  leftAt: date.nullish(),
});
export const DepartmentSchema = z.strictObject({
  id,
  name: z.string().optional(),
  parentId: id.nullable().default(null),
  headId: id.nullable().default(null),
});
export const QuotaSchema = z.strictObject({
  repId: id.nullish(),
  departmentId: id.nullish(),
  period,
  amount: decimal.nullish(),
  count: z.number({ error: 'count' }).int({ error: 'count' }).min(0, { error: 'count' }).nullish(),
  fixed: z.boolean().optional(),
});
export const FxRateSchema = z.strictObject({ currency, date, rate: decimal });
export const AdjustmentSchema = z.strictObject({
  id,
  repId: id,
  period,
  amount: signed,
  reason: z.string({ error: 'name' }),
});
export const PaidRecordSchema = z.strictObject({
  repId: id,
  period,
  paid: signed,
  drawBalance: decimal.nullish(),
  clawbackBalance: decimal.nullish(),
});

/** The --quotas file: a plain array of quotas, or an object with quotas and the rest of the org context. */
export const ContextFileSchema = z.strictObject({
  quotas: z.array(QuotaSchema).default([]),
  reps: z.array(RepSchema).optional(),
  departments: z.array(DepartmentSchema).optional(),
  fxRates: z.array(FxRateSchema).optional(),
  adjustments: z.array(AdjustmentSchema).optional(),
  paid: z.array(PaidRecordSchema).optional(),
  closedPeriods: z.array(period).optional(),
});

export interface ContextFile {
  quotas: Quota[];
  reps?: Rep[];
  departments?: Department[];
  fxRates?: FxRate[];
  adjustments?: Adjustment[];
  paid?: PaidRecord[];
  closedPeriods?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: PlanIssue[] };

function run<T>(schema: z.ZodType, json: unknown, lang: Lang): Parsed<T> {
  const r = schema.safeParse(json, { reportInput: true });
  if (r.success) return { ok: true, value: r.data as T };
  return { ok: false, issues: r.error.issues.map((i) => toIssue(i, [], lang)) };
}

export function parseDeals(json: unknown, lang: Lang = 'ru'): Parsed<Deal[]> {
  const parsed = run<Deal[]>(z.array(DealSchema, { error: 'deals' }), json, lang);
  if (!parsed.ok) return parsed;
  const issues: PlanIssue[] = [];
  parsed.value.forEach((d, i) => {
    if (d.splits?.length) {
      const ppm = d.splits.reduce((a, s) => a + Math.round(Number(s.share) * 1_000_000), 0);
      if (ppm !== 1_000_000)
        issues.push({
          path: `$[${i}].splits`,
          message:
            lang === 'ru' ? `доли сделки ${d.id} в сумме не 100 %` : `the shares of deal ${d.id} do not sum to 100 %`,
          allowed: lang === 'ru' ? 'доли, дающие в сумме ровно 1' : 'shares that sum to exactly 1',
        });
    }
    if (d.status === 'won' && !d.wonAt)
      issues.push({
        path: `$[${i}].wonAt`,
        message: lang === 'ru' ? `у выигранной сделки ${d.id} нет даты выигрыша` : `won deal ${d.id} has no won date`,
        allowed:
          lang === 'ru'
            ? 'момент ISO 8601, например "2026-11-03T12:00:00+03:00"'
            : 'an ISO 8601 instant, e.g. "2026-11-03T12:00:00+03:00"',
      });
  });
  return issues.length ? { ok: false, issues } : parsed;
}

export function parseContextFile(json: unknown, lang: Lang = 'ru'): Parsed<ContextFile> {
  if (Array.isArray(json)) {
    const q = run<Quota[]>(z.array(QuotaSchema), json, lang);
    return q.ok ? { ok: true, value: { quotas: q.value } } : q;
  }
  return run<ContextFile>(ContextFileSchema, json, lang);
}
