import { z } from 'zod';

/** Stable error codes: clients branch on these, never on messages. */
export const ErrorCode = z.enum([
  'bad_request', // malformed JSON, wrong types, unknown fields
  'invalid_plan', // a plan that fails validation; `issues` lists every problem
  'unauthenticated', // missing, expired or forged session
  'forbidden', // authenticated, but this role may not see or do that
  'not_found',
  'conflict', // e.g. editing a locked period
  'period_locked',
  'payload_too_large',
  'rate_limited',
  'crm_unavailable', // the CRM portal did not answer
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ValidationIssue = z.object({
  /** JSON path of the offending value, e.g. "rules[2].tiers[0].rate". */
  path: z.string(),
  /** What is wrong, in the requested language. */
  message: z.string(),
  /** What is allowed, where that can be said. */
  expected: z.string().optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/** The one error shape every endpoint returns. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    issues: z.array(ValidationIssue).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
