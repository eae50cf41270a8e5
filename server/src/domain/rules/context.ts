import type { Q } from '../money/q';
import type { PlanVersion, RoundingMode, Rule } from '../plan/types';
import type { DealColumns, Lang, StatementLineKind } from '../types';

/** A statement line while computing: amounts in exact minor units (already rounded by money/round.ts). */
export interface Line {
  kind: StatementLineKind;
  ruleId: string;
  ruleName: string;
  /** Exact (may hold a fraction of a kopeck, e.g. a band slice of an attainment edge); shown rounded. */
  base: Q | null;
  rate: Q | null;
  /** Whole minor units: rounded by money/round.ts. */
  amount: bigint;
  dealId: string | null;
  explanation: string;
}

/** The credited deals of one rep-period, as a slice of the credit-row columns. */
export interface CellRows {
  deal: Int32Array;
  credit: Float64Array;
  ppm: Int32Array;
  start: number;
  end: number;
}

/** Everything a rule needs about one rep in one period. Money in exact minor units of the plan currency. */
export interface RepPeriod {
  plan: PlanVersion;
  lang: Lang;
  currency: string;
  rounding: RoundingMode;
  repId: string;
  period: string;
  credit: Q;
  count: number;
  quota: Q | null;
  quotaCount: number | null;
  attainment: Q | null;
  countAttainment: Q | null;
  rows: CellRows | null;
  cols: DealColumns | null;
  /** Deal amount in plan currency (minor), by deal index; for SPIFF amount conditions. */
  dealAmount: (deal: number) => number;
  /** Roll-up credit of the departments this rep heads (own credit included), null when heading none. */
  teamCredit: Q | null;
  /** Revenue tier bands are multiplied by this (1; the YTD true-up uses the number of periods to date). */
  bandScale: number;
  /** UTC instants of local midnights of plan dates (SPIFF windows). */
  localMidnight: (date: string) => number;
}

/** Builds a line (a plain function: no per-call closures on the hot path). */
export function mkLine(
  kind: StatementLineKind,
  ruleId: string,
  ruleName: string,
  base: Q | null,
  rate: Q | null,
  amount: bigint,
  explanation: string,
  dealId: string | null = null,
): Line {
  return { kind, ruleId, ruleName, base, rate, amount, dealId, explanation };
}

export function ruleName(rule: Rule, lang: Lang): string {
  if (rule.name) return rule.name;
  return `${lang === 'ru' ? RULE_NAMES_RU[rule.type] : RULE_NAMES_EN[rule.type]} (${rule.id})`;
}

const RULE_NAMES_RU: Record<Rule['type'], string> = {
  flat: 'Процент с выручки',
  tiered: 'Ступенчатая ставка',
  accelerator: 'Ускоритель',
  decelerator: 'Замедлитель',
  gate: 'Порог',
  cap: 'Ограничение',
  floor: 'Минимум',
  step_bonus: 'Бонус за выполнение',
  spiff: 'Разовый бонус за сделку',
  kpi: 'Премия по KPI',
  override: 'Премия руководителя',
  draw: 'Гарантированная выплата',
  clawback: 'Возврат комиссии',
  true_up: 'Перерасчёт с начала года',
};

const RULE_NAMES_EN: Record<Rule['type'], string> = {
  flat: 'Flat rate',
  tiered: 'Tiered rate',
  accelerator: 'Accelerator',
  decelerator: 'Decelerator',
  gate: 'Gate',
  cap: 'Cap',
  floor: 'Floor',
  step_bonus: 'Step bonus',
  spiff: 'SPIFF',
  kpi: 'KPI bonus',
  override: 'Manager override',
  draw: 'Draw',
  clawback: 'Clawback',
  true_up: 'Year-to-date true-up',
};
