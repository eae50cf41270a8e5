import { z } from 'zod';

/**
 * The plan schema. Error messages are message KEYS (see messages.ts), turned into ru/en text with "what is allowed"
 * by parse.ts — zod's own English text never reaches a user.
 */
const decimal = z.string({ error: 'decimal' }).regex(/^\d+(\.\d+)?$/, { error: 'decimal' });
const signedDecimal = z.string({ error: 'signed_decimal' }).regex(/^-?\d+(\.\d+)?$/, { error: 'signed_decimal' });
const ratio = z.string({ error: 'ratio' }).regex(/^\d+(\.\d+)?$/, { error: 'ratio' });
const money = z.string({ error: 'money' }).regex(/^\d+(\.\d{1,3})?$/, { error: 'money' });
const date = z.string({ error: 'date' }).regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'date' });
const id = z.string({ error: 'id' }).min(1, { error: 'id' }).max(100, { error: 'id' });
const name = z.string({ error: 'name' }).max(200, { error: 'name' });
const ids = z.array(id, { error: 'id_list' });

const tier = z.strictObject({ name: name.optional(), from: decimal, to: decimal.nullable(), rate: decimal });

const base = { id, name: name.optional() };

export const RuleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...base, type: z.literal('flat'), rate: decimal, maxPerDeal: money.nullish() }),
    z.strictObject({
      ...base,
      type: z.literal('tiered'),
      basis: z.enum(['revenue', 'attainment', 'count_attainment']),
      method: z.enum(['marginal', 'retroactive']),
      tiers: z.array(tier).min(1, { error: 'tiers_empty' }),
    }),
    z.strictObject({ ...base, type: z.literal('accelerator'), of: id, above: ratio, multiplier: decimal }),
    z.strictObject({ ...base, type: z.literal('decelerator'), of: id, below: ratio, multiplier: decimal }),
    z.strictObject({
      ...base,
      type: z.literal('gate'),
      minAttainment: ratio,
      rules: ids.optional(),
      belowGate: z.enum(['paid', 'unpaid']).optional(),
    }),
    z.strictObject({ ...base, type: z.literal('cap'), maxPerPeriod: money, rules: ids.optional() }),
    z.strictObject({ ...base, type: z.literal('floor'), minPerPeriod: money }),
    z.strictObject({
      ...base,
      type: z.literal('step_bonus'),
      basis: z.enum(['attainment', 'count_attainment']).optional(),
      steps: z
        .array(z.strictObject({ atLeast: ratio, amount: money, name: name.optional() }))
        .min(1, { error: 'steps_empty' }),
    }),
    z.strictObject({
      ...base,
      type: z.literal('spiff'),
      amountPerDeal: money,
      from: date.nullish(),
      to: date.nullish(),
      when: z
        .strictObject({
          pipelines: ids.optional(),
          stages: ids.optional(),
          minAmount: money.optional(),
          field: z
            .strictObject({
              name: id,
              equals: z
                .array(z.union([z.string(), z.number(), z.boolean()]), { error: 'field_values' })
                .min(1, { error: 'field_values' }),
            })
            .optional(),
        })
        .optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('kpi'),
      targetBonus: money,
      basis: z.enum(['attainment', 'count_attainment']).optional(),
      mode: z.enum(['table', 'linear']),
      table: z.array(z.strictObject({ from: ratio, to: ratio.nullable(), k: decimal })).optional(),
      gate: ratio.nullish(),
      cap: decimal.nullish(),
    }),
    z.strictObject({ ...base, type: z.literal('override'), rate: decimal, includeOwn: z.boolean().optional() }),
    z.strictObject({
      ...base,
      type: z.literal('draw'),
      amountPerPeriod: money,
      recoverable: z.boolean({ error: 'boolean' }),
      maxRecoveryPerPeriod: money.nullish(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('clawback'),
      withinDays: z
        .number({ error: 'days' })
        .int({ error: 'days' })
        .min(1, { error: 'days' })
        .max(3660, { error: 'days' }),
      maxPerPeriod: money.nullish(),
    }),
    z.strictObject({ ...base, type: z.literal('true_up'), every: z.enum(['quarter', 'half', 'year']) }),
  ],
  { error: 'rule_type' },
);

export const PlanVersionSchema = z.strictObject({
  id,
  name: name.min(1, { error: 'name' }),
  version: z.number({ error: 'version' }).int({ error: 'version' }).min(1, { error: 'version' }),
  effectiveFrom: date,
  effectiveTo: date.nullish(),
  currency: z.string({ error: 'currency' }).regex(/^[A-Z]{3}$/, { error: 'currency' }),
  period: z.enum(['month', 'quarter', 'half', 'year']),
  fiscalYearStart: z
    .number({ error: 'month' })
    .int({ error: 'month' })
    .min(1, { error: 'month' })
    .max(12, { error: 'month' })
    .optional(),
  timeZone: z.string({ error: 'time_zone' }).optional(),
  rounding: z.enum(['half_up', 'half_even', 'down', 'up']).optional(),
  crediting: z.strictObject({ pipelines: ids.optional(), stages: ids.optional() }).optional(),
  assignees: z.strictObject({ repIds: ids.optional(), departmentIds: ids.optional() }).optional(),
  ramp: z.array(ratio).optional(),
  prorate: z.boolean({ error: 'boolean' }).optional(),
  rules: z.array(RuleSchema, { error: 'rules' }),
});

export { signedDecimal };
