import type { Migration } from 'kysely';

/**
 * Every migration, keyed by a name that sorts in the order they run. Areas own their own files:
 * 001_crm (synced CRM data, portals, sync state), 002_app (settings, plans, quotas, statements),
 * 003_close (period locks, adjustments, inquiries, acknowledgements, audit log).
 */
export const migrations: Record<string, Migration> = {};
