/** A portal's settings as the app uses them; a portal that never saved settings gets the defaults. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface AppSettings {
  baseCurrency: string;
  fiscalYearStart: number;
  wonDateRule: 'close_date' | 'stage_change';
  countedPipelineIds: string[];
  countedStageIds: string[];
  leaderboardVisibility: 'ranks' | 'amounts';
  payrollAccrualType: string;
  timeZone: string;
  language: 'ru' | 'en';
}

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({
  baseCurrency: 'RUB',
  fiscalYearStart: 1,
  wonDateRule: 'close_date',
  countedPipelineIds: [],
  countedStageIds: [],
  leaderboardVisibility: 'ranks',
  payrollAccrualType: 'Премия',
  timeZone: 'Europe/Moscow',
  language: 'ru',
});

export async function loadSettings(db: Kysely<DB>, portalId: string): Promise<AppSettings> {
  const row = await db.selectFrom('settings').selectAll().where('portal_id', '=', portalId).executeTakeFirst();
  if (!row) return { ...DEFAULT_SETTINGS, countedPipelineIds: [], countedStageIds: [] };
  return {
    baseCurrency: row.base_currency,
    fiscalYearStart: row.fiscal_year_start,
    wonDateRule: row.won_date_rule,
    countedPipelineIds: JSON.parse(row.counted_pipeline_ids) as string[],
    countedStageIds: JSON.parse(row.counted_stage_ids) as string[],
    leaderboardVisibility: row.leaderboard_visibility,
    payrollAccrualType: row.payroll_accrual_type,
    timeZone: row.time_zone,
    language: row.language,
  };
}

/** Writes the whole settings row (insert or replace); the admin routes audit the change. */
export async function saveSettings(
  db: Kysely<DB>,
  portalId: string,
  s: AppSettings,
  now: string,
  by: string | null,
): Promise<void> {
  const values = {
    base_currency: s.baseCurrency,
    fiscal_year_start: s.fiscalYearStart,
    won_date_rule: s.wonDateRule,
    counted_pipeline_ids: JSON.stringify(s.countedPipelineIds),
    counted_stage_ids: JSON.stringify(s.countedStageIds),
    leaderboard_visibility: s.leaderboardVisibility,
    payroll_accrual_type: s.payrollAccrualType,
    time_zone: s.timeZone,
    language: s.language,
    updated_at: now,
    updated_by: by,
  };
  await db
    .insertInto('settings')
    .values({ portal_id: portalId, ...values })
    .onConflict((oc) => oc.column('portal_id').doUpdateSet(values))
    .execute();
}
