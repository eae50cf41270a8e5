/**
 * Tables of migration 003_close: period status (approvals, locks), adjustments, inquiries, plan acknowledgements and
 * the hash-chained audit log. Times are ISO-8601 UTC strings; money is an exact decimal string in `currency`.
 * Once a period is locked, database triggers reject any INSERT/UPDATE/DELETE of its statements, approvals and
 * adjustments, and of the lock row itself (see migrations/003_close.ts) — code cannot forget the rule.
 */

/** A closed period: its statements, approvals and adjustments are frozen for good. There is no unlock. */
export interface PeriodLocksTable {
  portal_id: string;
  /** Period key as in contract/money.ts PeriodKey: 2026-11, 2026-Q4, 2026-H2, 2026. */
  period: string;
  locked_by: string;
  locked_at: string;
}

/** A manager's approval of one rep's statement for a period (approving a team writes one row per rep). */
export interface PeriodApprovalsTable {
  portal_id: string;
  period: string;
  rep_id: string;
  approved_by: string;
  approved_at: string;
  /** The statement total the manager saw when approving, so a later recalculation is visible. */
  total_amount: string;
  currency: string;
}

/** A manual correction of a rep's payout, always landing in an open period; `source_*` says where it came from. */
export interface AdjustmentsTable {
  id: string;
  portal_id: string;
  /** The open period the money is paid in. */
  period: string;
  rep_id: string;
  amount: string;
  currency: string;
  reason: string;
  /** The (often locked) period the correction is about, if any. */
  source_period: string | null;
  /** The inquiry that led to it, if any. */
  source_inquiry_id: string | null;
  created_by: string;
  created_at: string;
}

export interface InquiriesTable {
  id: string;
  portal_id: string;
  rep_id: string;
  /** Period of the statement the rep asks about. */
  period: string;
  kind: 'statement_line' | 'missing_deal';
  /** Statement line id, for kind = statement_line. */
  line_id: string | null;
  /** CRM deal id the rep says is missing (or the line's deal). */
  deal_id: string | null;
  status: 'open' | 'answered' | 'resolved';
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface InquiryMessagesTable {
  id: string;
  inquiry_id: string;
  portal_id: string;
  author_id: string;
  body: string;
  /** The adjustment the manager made with this answer, if any. */
  adjustment_id: string | null;
  created_at: string;
}

/** A rep's acknowledgement of the plan version assigned to them (the "Положение о премировании" they signed). */
export interface PlanAcknowledgementsTable {
  portal_id: string;
  plan_version_id: string;
  user_id: string;
  acknowledged_at: string;
}

/**
 * Append-only, hash-chained log of every change to plans, quotas, settings, adjustments, approvals and locks.
 * hash = SHA-256(prev_hash + canonical JSON of the entry); seq runs 1, 2, 3… per portal.
 */
export interface AuditLogTable {
  id: string;
  portal_id: string;
  seq: number;
  at: string;
  actor_id: string;
  entity: string;
  entity_id: string;
  action: string;
  /** Canonical JSON of the state before the change, or null for a creation. */
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/** The newest entry of each portal's chain, so deleting the tail of the log is detected too. */
export interface AuditHeadsTable {
  portal_id: string;
  seq: number;
  hash: string;
}

/** Migration 004_payroll_numbers: a user's 1C табельный номер for payroll exports. */
export interface PayrollNumbersTable {
  portal_id: string;
  user_id: string;
  personnel_number: string;
  updated_at: string;
  updated_by: string | null;
}

export interface CloseTables {
  period_locks: PeriodLocksTable;
  period_approvals: PeriodApprovalsTable;
  adjustments: AdjustmentsTable;
  inquiries: InquiriesTable;
  inquiry_messages: InquiryMessagesTable;
  plan_acknowledgements: PlanAcknowledgementsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  payroll_numbers: PayrollNumbersTable;
}
