import { formatMoney, formatPercent, type Lang, type PlanVersion, type Rule } from '../../../domain/index';

/**
 * The plan in words: what a rep reads before acknowledging it — the readable side of the company's «Положение о
 * премировании». One line per rule, plus a header (name, version, dates, period, currency). Plain text, so the widget
 * shows it as is and finance can paste it into the local act.
 */
export function describePlan(plan: PlanVersion, lang: Lang): string[] {
  const ru = lang === 'ru';
  const money = (amount: string) => formatMoney({ amount, currency: plan.currency }, lang);
  const pct = (ratio: string) => formatPercent(ratio, lang);
  const date = (d: string) => (ru ? d.split('-').reverse().join('.') : d);
  const nameOf = (id: string) => {
    const r = plan.rules.find((x) => x.id === id);
    return `«${r?.name ?? id}»`;
  };
  const periodWord = {
    month: ru ? 'месяц' : 'month',
    quarter: ru ? 'квартал' : 'quarter',
    half: ru ? 'полугодие' : 'half-year',
    year: ru ? 'год' : 'year',
  };
  const basisWord = (b: string | undefined) =>
    b === 'count_attainment'
      ? ru
        ? 'выполнению плана по количеству сделок'
        : 'attainment of the deal-count quota'
      : b === 'revenue'
        ? ru
          ? 'выручке'
          : 'revenue'
        : ru
          ? 'выполнению плана'
          : 'quota attainment';
  const bound = (basis: string, v: string) => (basis === 'revenue' ? money(v) : pct(v));

  const header = [
    ru
      ? `План «${plan.name}», версия ${plan.version}; действует с ${date(plan.effectiveFrom)}${plan.effectiveTo ? ` до ${date(plan.effectiveTo)}` : ''}.`
      : `Plan "${plan.name}", version ${plan.version}; effective from ${date(plan.effectiveFrom)}${plan.effectiveTo ? ` until ${date(plan.effectiveTo)}` : ''}.`,
    ru
      ? `Расчётный период: ${periodWord[plan.period]}; суммы в ${plan.currency}, до НДФЛ.`
      : `Pay period: ${periodWord[plan.period]}; amounts in ${plan.currency}, gross.`,
  ];

  const describe = (r: Rule): string => {
    const title = r.name ?? r.id;
    switch (r.type) {
      case 'flat':
        return ru
          ? `${title}: ${pct(r.rate)} от выручки по выигранным сделкам${r.maxPerDeal ? `, не более ${money(r.maxPerDeal)} за сделку` : ''}.`
          : `${title}: ${pct(r.rate)} of won revenue${r.maxPerDeal ? `, at most ${money(r.maxPerDeal)} per deal` : ''}.`;
      case 'tiered': {
        const bands = r.tiers
          .map((t) =>
            ru
              ? `${t.to ? `от ${bound(r.basis, t.from)} до ${bound(r.basis, t.to)}` : `от ${bound(r.basis, t.from)}`} — ${pct(t.rate)}`
              : `${t.to ? `${bound(r.basis, t.from)} to ${bound(r.basis, t.to)}` : `from ${bound(r.basis, t.from)}`}: ${pct(t.rate)}`,
          )
          .join('; ');
        const how =
          r.method === 'marginal'
            ? ru
              ? 'каждая ступень оплачивается по своей ставке'
              : 'each band pays its own rate'
            : ru
              ? 'ставка достигнутой ступени применяется ко всей выручке'
              : "the reached band's rate applies to all revenue";
        return ru
          ? `${title}: шкала по ${basisWord(r.basis)} (${how}): ${bands}.`
          : `${title}: scale by ${basisWord(r.basis)} (${how}): ${bands}.`;
      }
      case 'accelerator':
        return ru
          ? `${title}: выручка сверх ${pct(r.above)} плана оплачивается по правилу ${nameOf(r.of)} с коэффициентом ×${r.multiplier}.`
          : `${title}: revenue above ${pct(r.above)} of quota pays rule ${nameOf(r.of)} ×${r.multiplier}.`;
      case 'decelerator':
        return ru
          ? `${title}: выручка ниже ${pct(r.below)} плана оплачивается по правилу ${nameOf(r.of)} с коэффициентом ×${r.multiplier}.`
          : `${title}: revenue below ${pct(r.below)} of quota pays rule ${nameOf(r.of)} ×${r.multiplier}.`;
      case 'gate':
        return ru
          ? `${title}: при выполнении плана меньше ${pct(r.minAttainment)} ${r.rules?.length ? `правила ${r.rules.map(nameOf).join(', ')}` : 'переменная часть'} не начисляется.`
          : `${title}: below ${pct(r.minAttainment)} attainment, ${r.rules?.length ? `rules ${r.rules.map(nameOf).join(', ')} pay` : 'variable pay pays'} nothing.`;
      case 'cap':
        return ru
          ? `${title}: не более ${money(r.maxPerPeriod)} за период.`
          : `${title}: at most ${money(r.maxPerPeriod)} per period.`;
      case 'floor':
        return ru
          ? `${title}: гарантированный минимум ${money(r.minPerPeriod)} за период.`
          : `${title}: guaranteed minimum of ${money(r.minPerPeriod)} per period.`;
      case 'step_bonus':
        return ru
          ? `${title}: премия за выполнение плана — ${r.steps.map((s) => `от ${pct(s.atLeast)}: ${money(s.amount)}`).join('; ')} (выплачивается высшая достигнутая ступень).`
          : `${title}: bonus for attainment — ${r.steps.map((s) => `from ${pct(s.atLeast)}: ${money(s.amount)}`).join('; ')} (the highest step reached pays).`;
      case 'spiff': {
        const window =
          r.from || r.to
            ? ru
              ? ` (сделки, выигранные${r.from ? ` с ${date(r.from)}` : ''}${r.to ? ` по ${date(r.to)}` : ''})`
              : ` (deals won${r.from ? ` from ${r.from}` : ''}${r.to ? ` until ${r.to}` : ''})`
            : '';
        return ru
          ? `${title}: ${money(r.amountPerDeal)} за каждую подходящую выигранную сделку${window}.`
          : `${title}: ${money(r.amountPerDeal)} per qualifying won deal${window}.`;
      }
      case 'kpi':
        return ru
          ? `${title}: целевая премия ${money(r.targetBonus)} × коэффициент по ${basisWord(r.basis)}${r.gate ? `; ниже ${pct(r.gate)} — 0` : ''}${r.cap ? `; коэффициент не выше ${r.cap}` : ''}.`
          : `${title}: target bonus ${money(r.targetBonus)} × a coefficient of ${basisWord(r.basis)}${r.gate ? `; below ${pct(r.gate)}: 0` : ''}${r.cap ? `; coefficient at most ${r.cap}` : ''}.`;
      case 'override':
        return ru
          ? `${title}: руководителю — ${pct(r.rate)} от выручки своего отдела${r.includeOwn ? ', включая собственные сделки' : ''}.`
          : `${title}: the head earns ${pct(r.rate)} of the department's revenue${r.includeOwn ? ', own deals included' : ''}.`;
      case 'draw':
        return ru
          ? `${title}: ${r.recoverable ? 'возвратный' : 'невозвратный'} аванс — начисления дополняются до ${money(r.amountPerPeriod)} за период${r.recoverable ? '; аванс погашается из будущих начислений сверх него' : ''}.`
          : `${title}: ${r.recoverable ? 'recoverable' : 'non-recoverable'} draw — pay is topped up to ${money(r.amountPerPeriod)} per period${r.recoverable ? '; recovered from later earnings above it' : ''}.`;
      case 'clawback':
        return ru
          ? `${title}: если выигранная сделка отменена или возвращена в течение ${r.withinDays} дн., начисленная по ней премия уменьшает будущие начисления (депремирование, не удержание из зарплаты)${r.maxPerPeriod ? `, не более ${money(r.maxPerPeriod)} за период` : ''}.`
          : `${title}: a won deal lost or refunded within ${r.withinDays} days reduces later pay by the commission it earned${r.maxPerPeriod ? `, at most ${money(r.maxPerPeriod)} per period` : ''}.`;
      case 'true_up':
        return ru
          ? `${title}: по итогам каждого периода «${periodWord[r.every]}» — перерасчёт нарастающим итогом с доплатой разницы.`
          : `${title}: at the end of every ${periodWord[r.every]}, a year-to-date recalculation pays the difference.`;
    }
  };

  return [...header, ...plan.rules.map(describe)];
}
