import { isValidTimeZone } from '../period/timezone';
import type { Lang } from '../types';
import { jsonPath } from './messages';
import type { PlanIssue } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null);

/**
 * Checks beyond shapes, run on the raw JSON so they report even when other parts fail the schema: unique rule ids,
 * contiguous ascending tiers, references to existing rules, sane multipliers, one draw/clawback/true-up per plan,
 * a real time zone, and version consistency. Each check guards its own types.
 */
export function semanticIssues(versions: unknown[], lang: Lang, isArray: boolean): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const add = (path: (string | number)[], ru: string, en: string, allowedRu: string, allowedEn: string) =>
    issues.push({
      path: jsonPath(path),
      message: lang === 'ru' ? ru : en,
      allowed: lang === 'ru' ? allowedRu : allowedEn,
    });
  versions.forEach((raw, vi) => {
    if (!isObj(raw)) return;
    const at = (p: (string | number)[]) => (isArray ? [vi, ...p] : p);
    if (typeof raw.timeZone === 'string' && !isValidTimeZone(raw.timeZone))
      add(
        at(['timeZone']),
        `неизвестный часовой пояс "${raw.timeZone}"`,
        `unknown time zone "${raw.timeZone}"`,
        'часовой пояс IANA, например "Europe/Moscow"',
        'an IANA time zone, e.g. "Europe/Moscow"',
      );
    if (
      typeof raw.effectiveFrom === 'string' &&
      typeof raw.effectiveTo === 'string' &&
      raw.effectiveTo <= raw.effectiveFrom
    )
      add(
        at(['effectiveTo']),
        'дата окончания не позже даты начала',
        'effectiveTo is not after effectiveFrom',
        'дата позже effectiveFrom или null',
        'a date after effectiveFrom, or null',
      );
    if (!Array.isArray(raw.rules)) return;
    const rules = raw.rules.filter(isObj);
    const byId = new Map<string, Obj>();
    raw.rules.forEach((r, ri) => {
      if (!isObj(r) || typeof r.id !== 'string') return;
      if (byId.has(r.id))
        add(
          at(['rules', ri, 'id']),
          `повторяющийся id правила "${r.id}"`,
          `duplicate rule id "${r.id}"`,
          'уникальный id в пределах плана',
          'an id unique within the plan',
        );
      else byId.set(r.id, r);
    });
    for (const single of ['draw', 'clawback', 'true_up']) {
      const idx = raw.rules.flatMap((r, i) => (isObj(r) && r.type === single ? [i] : []));
      if (idx.length > 1)
        add(
          at(['rules', idx[1]!, 'type']),
          `правило "${single}" может быть только одно`,
          `only one "${single}" rule is allowed`,
          'одно такое правило на план',
          'one such rule per plan',
        );
    }
    raw.rules.forEach((r, ri) => {
      if (!isObj(r)) return;
      const p = (...rest: (string | number)[]) => at(['rules', ri, ...rest]);
      const tiers = r.tiers;
      if (r.type === 'tiered' && Array.isArray(tiers)) {
        if (r.basis === 'count_attainment' && r.method === 'marginal')
          add(
            p('method'),
            'ступени по выполнению плана по количеству не могут быть marginal',
            'count-attainment tiers cannot be marginal',
            '"retroactive"',
            '"retroactive"',
          );
        tiers.forEach((t, ti) => {
          if (!isObj(t)) return;
          const from = num(t.from);
          const to = t.to === null ? Number.POSITIVE_INFINITY : num(t.to);
          if (from !== null && to !== null && to <= from)
            add(
              p('tiers', ti, 'to'),
              'верхняя граница ступени не больше нижней',
              'tier upper bound is not above its lower bound',
              'число больше "from" или null (без верхней границы)',
              'a number above "from", or null (no upper bound)',
            );
          if (t.to === null && ti !== tiers.length - 1)
            add(
              p('tiers', ti, 'to'),
              'без верхней границы может быть только последняя ступень',
              'only the last tier may be unbounded',
              'число (граница следующей ступени)',
              "a number (the next tier's from)",
            );
          const prev = tiers[ti - 1];
          if (
            ti > 0 &&
            isObj(prev) &&
            typeof prev.to === 'string' &&
            typeof t.from === 'string' &&
            num(prev.to) !== num(t.from)
          )
            add(
              p('tiers', ti, 'from'),
              `ступени не смыкаются: предыдущая кончается на ${prev.to}, эта начинается с ${t.from}`,
              `tiers are not contiguous: the previous ends at ${prev.to}, this starts at ${t.from}`,
              `"${prev.to}"`,
              `"${prev.to}"`,
            );
        });
      }
      if ((r.type === 'accelerator' || r.type === 'decelerator') && typeof r.of === 'string') {
        const target = byId.get(r.of);
        if (!target || (target.type !== 'flat' && target.type !== 'tiered'))
          add(
            p('of'),
            `нет правила flat/tiered с id "${r.of}"`,
            `no flat or tiered rule with id "${r.of}"`,
            `id одного из: ${ids(rules, ['flat', 'tiered'])}`,
            `the id of one of: ${ids(rules, ['flat', 'tiered'])}`,
          );
      }
      const m = num(r.multiplier);
      if (r.type === 'accelerator' && m !== null && m < 1)
        add(
          p('multiplier'),
          'множитель ускорителя меньше 1',
          'accelerator multiplier is below 1',
          'число ≥ 1, например "1.5"',
          'a number ≥ 1, e.g. "1.5"',
        );
      if (r.type === 'decelerator' && m !== null && m > 1)
        add(
          p('multiplier'),
          'множитель замедлителя больше 1',
          'decelerator multiplier is above 1',
          'число от 0 до 1, например "0.5"',
          'a number from 0 to 1, e.g. "0.5"',
        );
      if ((r.type === 'gate' || r.type === 'cap') && Array.isArray(r.rules))
        r.rules.forEach((id, k) => {
          if (typeof id === 'string' && !byId.has(id))
            add(
              p('rules', k),
              `нет правила с id "${id}"`,
              `no rule with id "${id}"`,
              `id правил плана: ${ids(rules)}`,
              `rule ids of this plan: ${ids(rules)}`,
            );
        });
      if (r.type === 'step_bonus' && Array.isArray(r.steps))
        r.steps.forEach((s, si) => {
          const prev = r.steps as unknown[];
          const a = isObj(s) ? num(s.atLeast) : null;
          const b = si > 0 && isObj(prev[si - 1]) ? num((prev[si - 1] as Obj).atLeast) : null;
          if (a !== null && b !== null && a <= b)
            add(
              p('steps', si, 'atLeast'),
              'ступени бонуса должны идти по возрастанию',
              'steps must ascend',
              `число больше ${b}`,
              `a number above ${b}`,
            );
        });
      if (r.type === 'kpi') {
        if (r.mode === 'table' && (!Array.isArray(r.table) || r.table.length === 0))
          add(
            p('table'),
            'для mode "table" нужна таблица коэффициентов',
            'mode "table" needs a coefficient table',
            'массив {from, to, k}',
            'an array of {from, to, k}',
          );
        if (Array.isArray(r.table))
          r.table.forEach((row, k) => {
            const prev = (r.table as unknown[])[k - 1];
            if (k > 0 && isObj(row) && isObj(prev) && typeof prev.to === 'string' && num(prev.to) !== num(row.from))
              add(
                p('table', k, 'from'),
                `строки таблицы не смыкаются: предыдущая кончается на ${prev.to}`,
                `table rows are not contiguous: the previous ends at ${prev.to}`,
                `"${prev.to}"`,
                `"${prev.to}"`,
              );
          });
      }
      if (r.type === 'spiff' && typeof r.from === 'string' && typeof r.to === 'string' && r.to < r.from)
        add(
          p('to'),
          'конец периода акции раньше начала',
          'the SPIFF ends before it starts',
          'дата не раньше "from"',
          'a date on or after "from"',
        );
    });
  });
  if (versions.length > 1) {
    const objs = versions.filter(isObj);
    const groups = new Map<string, Obj[]>();
    for (const v of objs) if (typeof v.id === 'string') groups.set(v.id, [...(groups.get(v.id) ?? []), v]);
    for (const list of groups.values()) {
      const first = list[0]!;
      for (const v of list.slice(1)) {
        const vi = versions.indexOf(v);
        for (const f of ['period', 'currency', 'fiscalYearStart', 'timeZone'])
          if (v[f] !== first[f])
            add(
              [vi, f],
              `версии одного плана различаются в поле ${f}`,
              `versions of one plan differ in ${f}`,
              `то же значение, что в первой версии: ${JSON.stringify(first[f] ?? null)}`,
              `the same value as the first version: ${JSON.stringify(first[f] ?? null)}`,
            );
        if (v.version === first.version)
          add(
            [vi, 'version'],
            `повторяется номер версии ${String(v.version)}`,
            `version ${String(v.version)} appears twice`,
            'уникальный номер версии',
            'a unique version number',
          );
        if (v.effectiveFrom === first.effectiveFrom)
          add(
            [vi, 'effectiveFrom'],
            'две версии начинаются в один день',
            'two versions start on the same day',
            'другая дата начала',
            'a different start date',
          );
      }
    }
  }
  return issues;
}

function ids(rules: Obj[], types?: string[]): string {
  const list = rules.filter((r) => !types || types.includes(String(r.type))).map((r) => `"${String(r.id)}"`);
  return list.length ? list.join(', ') : '—';
}
