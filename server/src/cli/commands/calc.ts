import {
  type ContextFile,
  computeStatements,
  type Deal,
  type EngineInput,
  type Lang,
  parseContextFile,
  parseDeals,
  parsePlan,
  periodOf,
  type Rep,
} from '../../domain/index';
import { csvIssue, issuesError, readDealsCsv, readJson } from '../calc/files';
import { renderTable } from '../calc/table';
import { type Command, UsageError } from '../command';

const HELP = `kvota calc — compute commission statements from a plan and deals, outside the CRM

Usage:
  kvota calc --plan plan.json --deals deals.json|deals.csv [--quotas quotas.json]
             [--period 2026-11] [--format table|json] [--lang ru|en] [--rep ID]

Options:
  --plan FILE      The plan (JSON, docs/plan-format.md): one version object or an array of versions.
  --deals FILE     Deals as a JSON array, or CSV with the header
                   id,title,ownerId,amount,currency,pipelineId,stageId,status,wonAt
                   (optional: lostAt,refundedAt,closedAt,splits "r1:0.6;r2:0.4",custom.NAME).
  --quotas FILE    Quotas: a JSON array of {repId|departmentId, period, amount, count}, or an object
                   {quotas, reps, departments, fxRates, adjustments, paid, closedPeriods}.
                   Without reps, every deal owner becomes a rep named by its id.
  --period P       Period to show: 2026-11, 2026-Q4, 2026-H2 or 2026. Repeat or comma-separate for several.
                   Default: every period that has a won deal.
  --format F       table (default, for people) or json (statements, team roll-ups, warnings).
  --lang L         ru (default) or en: explanations and messages.
  --rep ID         Only this rep's statements (repeatable).
  -h, --help       This text.

Exit status: 0 on success; 1 when a file is missing or invalid (every problem is listed with its JSON path
or CSV line); 2 on a command-line mistake.

Examples:
  kvota calc --plan examples/plan.json --deals examples/deals.csv --quotas examples/quotas.json --period 2026-11
  kvota calc --plan examples/plan.json --deals examples/deals.json --format json --lang en
`;

interface Args {
  plan?: string;
  deals?: string;
  quotas?: string;
  periods: string[];
  format: 'table' | 'json';
  lang: Lang;
  reps: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { periods: [], format: 'table', lang: 'ru', reps: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      const v = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value (see kvota calc --help)`);
      return v;
    };
    switch (flag) {
      case '--plan':
        args.plan = value();
        break;
      case '--deals':
        args.deals = value();
        break;
      case '--quotas':
        args.quotas = value();
        break;
      case '--period':
        for (const p of value().split(',')) {
          if (!/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/.test(p.trim()))
            throw new UsageError(`--period "${p}" is not a period; use 2026-11, 2026-Q4, 2026-H2 or 2026`);
          args.periods.push(p.trim());
        }
        break;
      case '--format': {
        const f = value();
        if (f !== 'table' && f !== 'json') throw new UsageError(`--format must be table or json, not "${f}"`);
        args.format = f;
        break;
      }
      case '--lang': {
        const l = value();
        if (l !== 'ru' && l !== 'en') throw new UsageError(`--lang must be ru or en, not "${l}"`);
        args.lang = l;
        break;
      }
      case '--rep':
        args.reps.push(value());
        break;
      default:
        throw new UsageError(`unknown option "${raw}" (see kvota calc --help)`);
    }
  }
  if (!args.plan) throw new UsageError('--plan FILE is required (see kvota calc --help)');
  if (!args.deals) throw new UsageError('--deals FILE is required (see kvota calc --help)');
  return args;
}

function loadDeals(path: string, lang: Lang): Deal[] {
  if (path.toLowerCase().endsWith('.csv')) {
    const { deals, lineOf } = readDealsCsv(path, lang);
    const parsed = parseDeals(deals, lang);
    if (!parsed.ok)
      throw issuesError(
        path,
        parsed.issues.map((i) => csvIssue(i, lineOf, lang)),
        lang,
      );
    return parsed.value;
  }
  const parsed = parseDeals(readJson(path, lang), lang);
  if (!parsed.ok) throw issuesError(path, parsed.issues, lang);
  return parsed.value;
}

export const calc: Command = {
  name: 'calc',
  summary: 'Compute commission statements from a plan file and deals (JSON or CSV)',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv);
    const { lang } = args;
    const plan = parsePlan(readJson(args.plan!, lang), lang);
    if (!plan.ok) throw issuesError(args.plan!, plan.issues, lang);
    const deals = loadDeals(args.deals!, lang);
    let context: ContextFile = { quotas: [] };
    if (args.quotas) {
      const parsed = parseContextFile(readJson(args.quotas, lang), lang);
      if (!parsed.ok) throw issuesError(args.quotas, parsed.issues, lang);
      context = parsed.value;
    }
    const reps: Rep[] = context.reps ?? [];
    if (!context.reps) {
      const ids = new Set<string>();
      for (const d of deals) {
        ids.add(d.ownerId);
        for (const s of d.splits ?? []) ids.add(s.repId);
      }
      for (const id of ids) reps.push({ id, name: id, departmentIds: [] });
    }
    let periods = args.periods;
    if (periods.length === 0) {
      const set = new Set<string>();
      const v = plan.plans[0]!;
      for (const d of deals)
        if (d.wonAt && d.status !== 'open')
          set.add(periodOf(d.wonAt, { kind: v.period, fiscalYearStart: v.fiscalYearStart ?? 1, timeZone: v.timeZone }));
      periods = [...set].sort();
      if (periods.length === 0)
        throw new UsageError(
          lang === 'ru' ? 'нет выигранных сделок — укажите --period' : 'no won deals — pass --period',
          1,
        );
    }
    const input: EngineInput = {
      plans: plan.plans,
      deals,
      reps,
      departments: context.departments,
      quotas: context.quotas,
      fxRates: context.fxRates,
      adjustments: context.adjustments,
      paid: context.paid,
      closedPeriods: context.closedPeriods,
      periods,
      repIds: args.reps.length ? args.reps : undefined,
      lang,
    };
    let result: ReturnType<typeof computeStatements>;
    try {
      result = computeStatements(input);
    } catch (e) {
      throw new UsageError(`${lang === 'ru' ? 'не удалось рассчитать' : 'cannot compute'}: ${(e as Error).message}`, 1);
    }
    if (args.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(renderTable(result.statements, result.warnings, lang));
    return 0;
  },
};
