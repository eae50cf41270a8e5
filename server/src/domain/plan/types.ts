/**
 * A compensation plan as data (docs/plan-format.md). Decimal values are strings ("0.05", "150000.00"), so no
 * binary float ever enters a computation. The zod schema in schema.ts validates exactly these shapes.
 */

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';
export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up';

/** Which quantity tier bounds are measured in. */
export type TierBasis = 'revenue' | 'attainment' | 'count_attainment';

export interface Tier {
  /** Shown on statements and in the deal card ("Базовая ставка"). */
  name?: string;
  /** Lower bound, inclusive: money for basis "revenue", a ratio ("1.0" = 100 %) for attainment. */
  from: string;
  /** Upper bound, exclusive; null = no upper bound. Bands must be contiguous: next.from = this.to. */
  to: string | null;
  rate: string;
}

interface RuleBase {
  /** Unique within the plan; statement lines name it. */
  id: string;
  name?: string;
}

export interface FlatRule extends RuleBase {
  type: 'flat';
  rate: string;
  /** Cap on this rule's commission from one deal (per-deal cap). */
  maxPerDeal?: string | null;
}

export interface TieredRule extends RuleBase {
  type: 'tiered';
  basis: TierBasis;
  /** marginal: every band pays its own rate on its slice; retroactive: the reached band's rate on everything. */
  method: 'marginal' | 'retroactive';
  tiers: Tier[];
}

/** Multiply another rule's pay on credit above (accelerator) or below (decelerator) an attainment threshold. */
export interface AcceleratorRule extends RuleBase {
  type: 'accelerator';
  /** Id of a flat or tiered rule. */
  of: string;
  /** Attainment ratio ("1.0"); credit above quota × above earns multiplier × the rule's pay. */
  above: string;
  multiplier: string;
}

export interface DeceleratorRule extends RuleBase {
  type: 'decelerator';
  of: string;
  /** Credit below quota × below earns multiplier × the rule's pay (multiplier < 1). */
  below: string;
  multiplier: string;
}

/**
 * Nothing from the gated rules below the gate. `belowGate` says what happens to revenue under the threshold once the
 * gate is met: "paid" (default) pays it at its normal rate (no repricing); "unpaid" pays only revenue above it.
 */
export interface GateRule extends RuleBase {
  type: 'gate';
  minAttainment: string;
  /** Rule ids the gate applies to; default all flat/tiered/accelerator/decelerator rules. */
  rules?: string[];
  belowGate?: 'paid' | 'unpaid';
}

/** Limit the period's pay from the listed rules (default all variable pay before the cap). */
export interface CapRule extends RuleBase {
  type: 'cap';
  maxPerPeriod: string;
  rules?: string[];
}

/** Guaranteed minimum of variable pay for the period (not recovered later — use a recoverable draw for that). */
export interface FloorRule extends RuleBase {
  type: 'floor';
  minPerPeriod: string;
}

export interface StepBonusRule extends RuleBase {
  type: 'step_bonus';
  basis?: 'attainment' | 'count_attainment';
  /** Highest step reached pays its amount (not the sum). Ascending by atLeast. */
  steps: { atLeast: string; amount: string; name?: string }[];
}

export interface SpiffCondition {
  pipelines?: string[];
  stages?: string[];
  /** Deal amount (in plan currency) at least this. */
  minAmount?: string;
  /** Custom field equals one of the values. */
  field?: { name: string; equals: (string | number | boolean)[] };
}

/** Fixed amount per qualifying deal won within [from, to], times the rep's credit share. */
export interface SpiffRule extends RuleBase {
  type: 'spiff';
  amountPerDeal: string;
  from?: string | null;
  to?: string | null;
  when?: SpiffCondition;
}

/**
 * Russian KPI coefficient table: bonus = targetBonus × K(attainment). Below `gate` K = 0; K never exceeds `cap`.
 * mode "table": K from the band the attainment falls in; mode "linear": K = attainment itself.
 */
export interface KpiRule extends RuleBase {
  type: 'kpi';
  targetBonus: string;
  basis?: 'attainment' | 'count_attainment';
  mode: 'table' | 'linear';
  table?: { from: string; to: string | null; k: string }[];
  gate?: string | null;
  cap?: string | null;
}

/** The head of a department earns rate × the department's roll-up credit (optionally without own deals). */
export interface OverrideRule extends RuleBase {
  type: 'override';
  rate: string;
  includeOwn?: boolean;
}

/** Draw against commission: tops pay up to `amount`; recoverable draws are paid back from later excess earnings. */
export interface DrawRule extends RuleBase {
  type: 'draw';
  amountPerPeriod: string;
  recoverable: boolean;
  /** At most this much recovered per period (default: all excess). */
  maxRecoveryPerPeriod?: string | null;
}

/**
 * A won deal lost or refunded within `withinDays` of its won date: if its period is closed, the commission it earned
 * is booked as a negative line in the first open period on or after the reversal; if open, the deal simply no longer
 * counts. `maxPerPeriod` limits how much one period may recover (rest carried forward).
 */
export interface ClawbackRule extends RuleBase {
  type: 'clawback';
  withinDays: number;
  maxPerPeriod?: string | null;
}

/** At the end of every `every` period: pay earned-to-date (rules applied to YTD credit vs YTD quota) minus paid. */
export interface TrueUpRule extends RuleBase {
  type: 'true_up';
  every: 'quarter' | 'half' | 'year';
}

export type Rule =
  | FlatRule
  | TieredRule
  | AcceleratorRule
  | DeceleratorRule
  | GateRule
  | CapRule
  | FloorRule
  | StepBonusRule
  | SpiffRule
  | KpiRule
  | OverrideRule
  | DrawRule
  | ClawbackRule
  | TrueUpRule;

export type RuleType = Rule['type'];

export interface PlanVersion {
  id: string;
  name: string;
  version: number;
  /** Local calendar date the version starts (inclusive). */
  effectiveFrom: string;
  /** Local calendar date the version ends (exclusive); null = open-ended. */
  effectiveTo?: string | null;
  /** Plan (base) currency: credit, quotas and pay are in it. */
  currency: string;
  period: PeriodKind;
  /** Month the fiscal year starts, 1–12 (default 1). */
  fiscalYearStart?: number;
  /** IANA time zone deciding the period of a won instant (default Europe/Moscow). */
  timeZone?: string;
  /** Rounding of every line to the currency's minor unit (default half_up). */
  rounding?: RoundingMode;
  /** Which won deals count: pipelines and/or won stages (default all won deals). */
  crediting?: { pipelines?: string[]; stages?: string[] };
  /** Who is on the plan (default everyone). */
  assignees?: { repIds?: string[]; departmentIds?: string[] };
  /** New-hire ramp: fraction of quota in the hire period, the next, … ("0.25", "0.5", "0.75"); then 100 %. */
  ramp?: string[];
  /** Prorate quotas by the days of the period the rep was employed (default true). */
  prorate?: boolean;
  rules: Rule[];
}

/** A problem with a plan, in one language. */
export interface PlanIssue {
  /** JSON path such as "$.rules[2].tiers[0].rate". */
  path: string;
  message: string;
  allowed: string;
}

export type ParsePlanResult = { ok: true; plans: PlanVersion[] } | { ok: false; issues: PlanIssue[] };
