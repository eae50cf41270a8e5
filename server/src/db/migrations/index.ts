import type { Migration } from 'kysely';
import * as crm001 from './001_crm';
import * as app002 from './002_app';
import * as close003 from './003_close';
import * as payroll004 from './004_payroll_numbers';
import * as plans005 from './005_published_plans';

/**
 * Every migration, keyed by a name that sorts in the order they run. Areas own their own files:
 * 001_crm (synced CRM data, portals, sync state), 002_app (settings, plans, quotas, statements),
 * 003_close (period locks, adjustments, inquiries, acknowledgements, audit log), 004_payroll_numbers (1C табельный
 * номер per user), 005_published_plans (published plan versions never change).
 */
export const migrations: Record<string, Migration> = {
  '001_crm': crm001,
  '002_app': app002,
  '003_close': close003,
  '004_payroll_numbers': payroll004,
  '005_published_plans': plans005,
};
