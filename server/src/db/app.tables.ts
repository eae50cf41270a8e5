/**
 * Tables of migration 002_app: per-portal settings, plans with versions and assignments, quotas, and the computed
 * statements the read API serves. Every row carries portal_id and every query filters on it. Money is exact decimal
 * text; JSON documents are text; times are ISO-8601 UTC strings.
 */

/** One row per portal; absent → defaults (appSettings.ts DEFAULT_SETTINGS). */
export interface SettingsTable {
  portal_id: string;
  base_currency: string;
  /** Month the fiscal year starts, 1–12. */
  fiscal_year_start: number;
  /** 'close_date' | 'stage_change': which date makes a deal won for crediting. */
  won_date_rule: 'close_date' | 'stage_change';
  /** JSON array of pipeline ids that count; [] = all. */
  counted_pipeline_ids: string;
  /** JSON array of won stage ids that count; [] = every won stage of the counted pipelines. */
  counted_stage_ids: string;
  leaderboard_visibility: 'ranks' | 'amounts';
  payroll_accrual_type: string;
  /** IANA zone deciding the period a won instant falls in. */
  time_zone: string;
  language: 'ru' | 'en';
  updated_at: string;
  updated_by: string | null;
}

export interface PlansTable {
  id: string;
  portal_id: string;
  name: string;
  created_at: string;
  created_by: string | null;
}

export interface PlanVersionsTable {
  id: string;
  portal_id: string;
  plan_id: string;
  version: number;
  status: 'draft' | 'published';
  /** Local calendar date, inclusive. */
  effective_from: string;
  /** Local calendar date, exclusive; null = open-ended. */
  effective_to: string | null;
  /** The plan document (docs/plan-format.md), JSON text as the admin wrote it. */
  definition: string;
  created_at: string;
  created_by: string | null;
  published_at: string | null;
}

/** Who is on a plan: exactly one of rep_id / department_id is set (a department includes its subtree). */
export interface PlanAssignmentsTable {
  id: string;
  portal_id: string;
  plan_id: string;
  rep_id: string | null;
  department_id: string | null;
  created_at: string;
}

/** A target for one rep or one department in one period. */
export interface QuotasTable {
  portal_id: string;
  scope: 'rep' | 'department';
  /** The rep id or department id, per scope. */
  subject_id: string;
  period: string;
  /** Revenue target, exact decimal text in the base currency; null = none. */
  amount: string | null;
  /** Won-deal count target; null = none. */
  count: number | null;
  updated_at: string;
  updated_by: string | null;
}

/**
 * A computed statement per rep-period. The headline columns serve leaderboards without parsing JSON; `document`
 * holds the engine's full statement (lines, credited deals). Rows of locked periods are frozen by 003_close triggers.
 */
export interface StatementsTable {
  portal_id: string;
  rep_id: string;
  period: string;
  plan_id: string | null;
  plan_version_id: string | null;
  currency: string;
  quota: string | null;
  quota_count: number | null;
  credit: string;
  won_count: number;
  attainment: string | null;
  total: string;
  /** JSON of the engine's Statement. */
  document: string;
  computed_at: string;
}

export interface AppTables {
  settings: SettingsTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_assignments: PlanAssignmentsTable;
  quotas: QuotasTable;
  statements: StatementsTable;
}
