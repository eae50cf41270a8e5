import type { z } from 'zod';
import type { Lang } from '../types';
import { ALLOWED, jsonPath, MESSAGES, text } from './messages';
import { PlanVersionSchema } from './schema';
import { semanticIssues } from './semantic';
import type { ParsePlanResult, PlanIssue, PlanVersion } from './types';

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'undefined' : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function toIssue(issue: z.core.$ZodIssue, prefix: (string | number)[], lang: Lang): PlanIssue {
  const path = jsonPath([...prefix, ...issue.path]);
  const input = (issue as { input?: unknown }).input;
  const key = issue.message;
  const allowedFor = (k: string) => (ALLOWED[k] ? text(ALLOWED[k]!, lang) : '');
  if (issue.code === 'unrecognized_keys')
    return {
      path,
      message: text(MESSAGES.unknown_keys!, lang, { keys: issue.keys.join(', ') }),
      allowed: allowedFor('fields'),
    };
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const options = ((issue as unknown as { options?: unknown[] }).options ?? [])
      .map((o) => `"${String(o)}"`)
      .join(', ');
    const value = (input as Record<string, unknown> | undefined)?.type;
    return {
      path,
      message:
        value === undefined
          ? text(MESSAGES.missing!, lang)
          : text(MESSAGES.unknown_rule_type!, lang, { value: show(value) }),
      allowed: text(MESSAGES.one_of!, lang, { values: options }),
    };
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => show(v)).join(', ');
    return {
      path,
      message:
        input === undefined
          ? text(MESSAGES.missing!, lang)
          : text(MESSAGES.unknown_value!, lang, { value: show(input) }),
      allowed: text(MESSAGES.one_of!, lang, { values }),
    };
  }
  const missing = issue.code === 'invalid_type' && input === undefined;
  const allowed =
    allowedFor(key) ||
    (issue.code === 'invalid_type' ? allowedFor(issue.expected === 'object' ? 'object' : 'decimal') : '');
  let message = missing ? text(MESSAGES.missing!, lang) : `${text(MESSAGES.invalid!, lang)} ${show(input)}`;
  if (issue.code === 'invalid_type' && typeof input === 'number' && issue.expected === 'string')
    message = text(MESSAGES.number_as_string!, lang, { value: String(input) });
  return { path, message, allowed };
}

/**
 * Validate a plan: one version object, or an array of versions (effective-dated). On failure EVERY problem is listed —
 * schema problems and semantic ones (tiers that do not meet, unknown rule references, …) — each with the JSON path,
 * what is wrong and what is allowed, in the requested language.
 */
export function parsePlan(json: unknown, lang: Lang = 'ru'): ParsePlanResult {
  const list = Array.isArray(json) ? json : [json];
  const issues: PlanIssue[] = [];
  if (Array.isArray(json) && json.length === 0)
    issues.push({ path: '$', message: text(MESSAGES.missing!, lang), allowed: text(ALLOWED.versions_empty!, lang) });
  const plans: PlanVersion[] = [];
  list.forEach((raw, i) => {
    const prefix = Array.isArray(json) ? [i] : [];
    const r = PlanVersionSchema.safeParse(raw, { reportInput: true });
    if (r.success) plans.push(r.data as PlanVersion);
    else for (const issue of r.error.issues) issues.push(toIssue(issue, prefix, lang));
  });
  issues.push(...semanticIssues(list, lang, Array.isArray(json)));
  return issues.length ? { ok: false, issues } : { ok: true, plans };
}
