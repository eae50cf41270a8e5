import type { Kysely } from 'kysely';
import type { CrmCurrency, CrmDepartment, CrmPipeline, CrmStage, CrmUser } from '../../ports/crm';
import type { DB } from '../schema';

/**
 * The portal's org chart and reference data (users, departments, pipelines, stages, currencies). They are small, so
 * a sync replaces each set whole, inside one transaction, and readers never see half a set.
 */

const flag = (b: boolean) => (b ? 1 : 0);

export async function upsertUsers(db: Kysely<DB>, portalId: string, users: CrmUser[], now: string): Promise<void> {
  for (let i = 0; i < users.length; i += 300) {
    const part = users.slice(i, i + 300).map((u) => ({
      portal_id: portalId,
      id: u.id,
      name: u.name,
      email: u.email,
      active: flag(u.active),
      hired_at: u.hiredAt,
      is_admin: flag(u.isAdmin),
      department_ids: JSON.stringify(u.departmentIds),
      synced_at: now,
    }));
    await db
      .insertInto('crm_users')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['portal_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          email: eb.ref('excluded.email'),
          active: eb.ref('excluded.active'),
          hired_at: eb.ref('excluded.hired_at'),
          is_admin: eb.ref('excluded.is_admin'),
          department_ids: eb.ref('excluded.department_ids'),
          synced_at: eb.ref('excluded.synced_at'),
        })),
      )
      .execute();
  }
}

/** Users that vanished from the CRM are kept but marked inactive: their past deals still need an owner. */
export async function replaceUsers(db: Kysely<DB>, portalId: string, users: CrmUser[], now: string): Promise<void> {
  await db.updateTable('crm_users').set({ active: 0 }).where('portal_id', '=', portalId).execute();
  await upsertUsers(db, portalId, users, now);
}

export async function replaceDepartments(
  db: Kysely<DB>,
  portalId: string,
  departments: CrmDepartment[],
): Promise<void> {
  await db.deleteFrom('crm_departments').where('portal_id', '=', portalId).execute();
  for (let i = 0; i < departments.length; i += 300) {
    await db
      .insertInto('crm_departments')
      .values(
        departments.slice(i, i + 300).map((d) => ({
          portal_id: portalId,
          id: d.id,
          name: d.name,
          parent_id: d.parentId,
          head_id: d.headId,
          sort: d.sort,
        })),
      )
      .execute();
  }
}

export async function replacePipelines(
  db: Kysely<DB>,
  portalId: string,
  pipelines: CrmPipeline[],
  stages: CrmStage[],
): Promise<void> {
  await db.deleteFrom('crm_pipelines').where('portal_id', '=', portalId).execute();
  await db.deleteFrom('crm_stages').where('portal_id', '=', portalId).execute();
  if (pipelines.length) {
    await db
      .insertInto('crm_pipelines')
      .values(
        pipelines.map((p) => ({
          portal_id: portalId,
          id: p.id,
          name: p.name,
          sort: p.sort,
          is_default: flag(p.isDefault),
        })),
      )
      .execute();
  }
  for (let i = 0; i < stages.length; i += 300) {
    await db
      .insertInto('crm_stages')
      .values(
        stages.slice(i, i + 300).map((s) => ({
          portal_id: portalId,
          id: s.id,
          pipeline_id: s.pipelineId,
          name: s.name,
          sort: s.sort,
          semantic: s.semantic,
        })),
      )
      .execute();
  }
}

export async function replaceCurrencies(db: Kysely<DB>, portalId: string, currencies: CrmCurrency[]): Promise<void> {
  await db.deleteFrom('crm_currencies').where('portal_id', '=', portalId).execute();
  if (currencies.length) {
    await db
      .insertInto('crm_currencies')
      .values(currencies.map((c) => ({ portal_id: portalId, code: c.code, rate: c.rate, is_base: flag(c.isBase) })))
      .execute();
  }
}

export async function listUsers(db: Kysely<DB>, portalId: string): Promise<CrmUser[]> {
  const rows = await db.selectFrom('crm_users').selectAll().where('portal_id', '=', portalId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    active: r.active === 1,
    hiredAt: r.hired_at,
    isAdmin: r.is_admin === 1,
    departmentIds: JSON.parse(r.department_ids) as string[],
  }));
}

export async function listDepartments(db: Kysely<DB>, portalId: string): Promise<CrmDepartment[]> {
  const rows = await db
    .selectFrom('crm_departments')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, headId: r.head_id, sort: r.sort }));
}

export async function listPipelines(
  db: Kysely<DB>,
  portalId: string,
): Promise<{ pipelines: CrmPipeline[]; stages: CrmStage[] }> {
  const p = await db
    .selectFrom('crm_pipelines')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
  const s = await db
    .selectFrom('crm_stages')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
  return {
    pipelines: p.map((r) => ({ id: r.id, name: r.name, sort: r.sort, isDefault: r.is_default === 1 })),
    stages: s.map((r) => ({ id: r.id, pipelineId: r.pipeline_id, name: r.name, sort: r.sort, semantic: r.semantic })),
  };
}

export async function listCurrencies(db: Kysely<DB>, portalId: string): Promise<CrmCurrency[]> {
  const rows = await db
    .selectFrom('crm_currencies')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, rate: r.rate, isBase: r.is_base === 1 }));
}
