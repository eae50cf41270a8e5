import type { Kysely, Selectable } from 'kysely';
import type { CrmKind } from '../../ports/crm';
import type { PortalsTable } from '../crm.tables';
import type { DB } from '../schema';

export type Portal = Selectable<PortalsTable>;

/** Stable id of an installed portal: one per (CRM, member/account id), so a reinstall finds its old data. */
export function portalIdFor(crm: CrmKind, memberId: string): string {
  return `${crm}:${memberId}`;
}

export interface PortalTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch seconds. */
  expiresAt: number;
  clientEndpoint?: string | null;
  serverEndpoint?: string | null;
  scope?: string | null;
}

export interface InstallRecord {
  crm: CrmKind;
  domain: string;
  memberId: string;
  tokens: PortalTokens;
  applicationToken?: string | null;
  installedBy?: string | null;
  settings?: Record<string, unknown>;
}

/** Creates the portal or re-activates it (reinstall), storing fresh tokens. Returns the portal id. */
export async function upsertInstalledPortal(db: Kysely<DB>, rec: InstallRecord, now: string): Promise<string> {
  const id = portalIdFor(rec.crm, rec.memberId);
  const t = rec.tokens;
  const values = {
    domain: rec.domain,
    access_token: t.accessToken,
    refresh_token: t.refreshToken,
    token_expires_at: t.expiresAt,
    client_endpoint: t.clientEndpoint ?? null,
    server_endpoint: t.serverEndpoint ?? null,
    scope: t.scope ?? null,
    installed_by: rec.installedBy ?? null,
    uninstalled_at: null,
    settings: JSON.stringify(rec.settings ?? {}),
  };
  await db
    .insertInto('portals')
    .values({
      id,
      crm: rec.crm,
      member_id: rec.memberId,
      installed_at: now,
      application_token: rec.applicationToken ?? null,
      ...values,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        ...values,
        installed_at: now,
        token_version: eb(eb.ref('portals.token_version'), '+', 1),
        // A reinstall sends a new application token with ONAPPINSTALL; keep the old one until it arrives.
        ...(rec.applicationToken ? { application_token: rec.applicationToken } : {}),
      })),
    )
    .execute();
  return id;
}

export async function getPortal(db: Kysely<DB>, portalId: string): Promise<Portal | undefined> {
  return db.selectFrom('portals').selectAll().where('id', '=', portalId).executeTakeFirst();
}

export async function findPortalByMember(db: Kysely<DB>, crm: CrmKind, memberId: string): Promise<Portal | undefined> {
  return db
    .selectFrom('portals')
    .selectAll()
    .where('crm', '=', crm)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

export async function listInstalledPortals(db: Kysely<DB>): Promise<Portal[]> {
  return db.selectFrom('portals').selectAll().where('uninstalled_at', 'is', null).orderBy('id').execute();
}

export async function setApplicationToken(db: Kysely<DB>, portalId: string, token: string): Promise<void> {
  await db.updateTable('portals').set({ application_token: token }).where('id', '=', portalId).execute();
}

export async function updatePortalSettings(
  db: Kysely<DB>,
  portalId: string,
  settings: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('portals')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', portalId)
    .execute();
}

/**
 * Stores rotated tokens if nobody else stored newer ones since we read version `expectedVersion`.
 * Returns false when another worker won the race (the caller re-reads and uses its tokens).
 */
export async function saveTokens(
  db: Kysely<DB>,
  portalId: string,
  tokens: PortalTokens,
  expectedVersion: number,
): Promise<boolean> {
  const r = await db
    .updateTable('portals')
    .set((eb) => ({
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_expires_at: tokens.expiresAt,
      ...(tokens.clientEndpoint ? { client_endpoint: tokens.clientEndpoint } : {}),
      ...(tokens.serverEndpoint ? { server_endpoint: tokens.serverEndpoint } : {}),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      token_version: eb(eb.ref('token_version'), '+', 1),
    }))
    .where('id', '=', portalId)
    .where('token_version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The uninstall data policy (docs/data-policy.md). Tokens and the application token are wiped at once, so nothing can
 * call the portal or pass as it again. With `purge` (the admin ticked "delete data", Bitrix24 CLEAN=1) the synced CRM
 * copy and sync bookkeeping go in the same transaction; otherwise they stay for the grace period so a reinstall
 * resumes, and purgeUninstalledPortals removes them later. The portal row stays as a tombstone.
 */
export async function uninstallPortal(
  db: Kysely<DB>,
  portalId: string,
  now: string,
  options: { purge: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('portals')
      .set((eb) => ({
        uninstalled_at: now,
        access_token: null,
        refresh_token: null,
        token_expires_at: null,
        application_token: null,
        token_version: eb(eb.ref('token_version'), '+', 1),
      }))
      .where('id', '=', portalId)
      .execute();
    await trx.deleteFrom('sync_leases').where('portal_id', '=', portalId).execute();
    if (options.purge) await purgePortalData(trx, portalId);
  });
}

/** Deletes the portal's synced CRM copy and sync bookkeeping (not the tombstone row). */
export async function purgePortalData(db: Kysely<DB>, portalId: string): Promise<void> {
  for (const table of [
    'crm_deals',
    'crm_users',
    'crm_departments',
    'crm_stages',
    'crm_pipelines',
    'crm_currencies',
  ] as const) {
    await db.deleteFrom(table).where('portal_id', '=', portalId).execute();
  }
  await db.deleteFrom('sync_state').where('portal_id', '=', portalId).execute();
  await db.deleteFrom('sync_dirty_deals').where('portal_id', '=', portalId).execute();
}

/** Purges data of portals uninstalled before `before` (ISO-8601); returns their ids. Run daily by the server. */
export async function purgeUninstalledPortals(db: Kysely<DB>, before: string): Promise<string[]> {
  const rows = await db.selectFrom('portals').select('id').where('uninstalled_at', '<', before).execute();
  for (const r of rows) await db.transaction().execute((trx) => purgePortalData(trx, r.id));
  return rows.map((r) => r.id);
}
