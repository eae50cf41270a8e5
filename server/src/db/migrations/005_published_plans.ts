import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * 005_published_plans: a published plan version never changes — its rules are what reps acknowledged and what
 * statements cite. Drafts stay editable; publishing is the last UPDATE a version sees (draft → published). Changes
 * go into a new version with its own effective dates. The database rejects UPDATE and DELETE of published versions
 * (so a plan with published versions cannot be deleted either), with an error starting "published_plan".
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(`
CREATE OR REPLACE FUNCTION kvota_guard_published_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'published_plan: version % of plan % is published and never changes', OLD.version, OLD.plan_id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$`)
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER plan_versions_published BEFORE UPDATE OR DELETE ON plan_versions FOR EACH ROW EXECUTE FUNCTION kvota_guard_published_plan()',
      )
      .execute(db);
    return;
  }
  for (const op of ['UPDATE', 'DELETE']) {
    await sql
      .raw(
        `CREATE TRIGGER plan_versions_published_${op.toLowerCase()} BEFORE ${op} ON plan_versions WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'published_plan: a published plan version never changes'); END`,
      )
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw('DROP TRIGGER IF EXISTS plan_versions_published ON plan_versions').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS kvota_guard_published_plan()').execute(db);
    return;
  }
  await sql.raw('DROP TRIGGER IF EXISTS plan_versions_published_update').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS plan_versions_published_delete').execute(db);
}
