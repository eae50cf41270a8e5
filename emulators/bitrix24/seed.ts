import { localMidnight } from './format';
import type { Category, Currency, Deal, Department, Stage, StageHistoryRow, User } from './model';
import { Random } from './random';
import {
  COMPANIES,
  FEMALE_FIRST,
  LAST,
  LATIN,
  MALE_FIRST,
  PATRONYMIC_F,
  PATRONYMIC_M,
  PRODUCTS,
  SOURCES,
  TYPES,
} from './seed-names';

/**
 * A deterministic Russian sales organisation: the same seed and the same clock day give the same portal.
 * Everything is placed relative to `anchorMs` (the emulator's clock at start), so won/lost dates always fall in the
 * last 12 months.
 */
export interface SeedOptions {
  seed: number;
  reps: number;
  deals: number;
  anchorMs: number;
}

export interface SeedData {
  departments: Department[];
  users: User[];
  categories: Category[];
  stages: Stage[];
  currencies: Currency[];
  deals: Deal[];
  stageHistory: StageHistoryRow[];
}

const DAY = 86_400_000;

export function latin(s: string): string {
  return [...s.toLowerCase()].map((ch) => LATIN[ch] ?? ch).join('');
}

export const SEED_CATEGORIES: Category[] = [
  { id: 0, name: 'Продажи', sort: 100, isDefault: true },
  { id: 1, name: 'Корпоративные клиенты', sort: 200, isDefault: false },
  { id: 2, name: 'Повторные продажи', sort: 300, isDefault: false },
];

type StageSpec = [statusId: string, name: string, color: string, extra: Stage['extra']];
const STAGE_SPECS: Record<number, StageSpec[]> = {
  0: [
    ['NEW', 'Новая', '#39A8EF', 'process'],
    ['PREPARATION', 'Подготовка документов', '#2FC6F6', 'process'],
    ['PREPAYMENT_INVOICE', 'Счёт на предоплату', '#55D0E0', 'process'],
    ['EXECUTING', 'В работе', '#47E4C2', 'process'],
    ['FINAL_INVOICE', 'Финальный счёт', '#FFA900', 'process'],
    ['WON', 'Сделка успешна', '#7BD500', 'success'],
    ['LOSE', 'Сделка провалена', '#FF5752', 'failure'],
    ['APOLOGY', 'Анализ причины провала', '#FF5752', 'apology'],
  ],
  1: [
    ['C1:NEW', 'Новая заявка', '#39A8EF', 'process'],
    ['C1:QUALIFICATION', 'Квалификация', '#2FC6F6', 'process'],
    ['C1:PROPOSAL', 'КП отправлено', '#55D0E0', 'process'],
    ['C1:NEGOTIATION', 'Переговоры', '#47E4C2', 'process'],
    ['C1:CONTRACT', 'Договор на согласовании', '#FFA900', 'process'],
    ['C1:WON', 'Контракт подписан', '#7BD500', 'success'],
    ['C1:LOSE', 'Проиграна', '#FF5752', 'failure'],
  ],
  2: [
    ['C2:NEW', 'Новая', '#39A8EF', 'process'],
    ['C2:OFFER', 'Предложение', '#55D0E0', 'process'],
    ['C2:INVOICE', 'Счёт выставлен', '#FFA900', 'process'],
    ['C2:WON', 'Оплачено', '#7BD500', 'success'],
    ['C2:LOSE', 'Отказ', '#FF5752', 'failure'],
  ],
};

export function seedStages(): Stage[] {
  const stages: Stage[] = [];
  let rowId = 101;
  for (const category of SEED_CATEGORIES) {
    (STAGE_SPECS[category.id] ?? []).forEach(([statusId, name, color, extra], i) => {
      stages.push({
        id: rowId,
        categoryId: category.id,
        statusId,
        name,
        sort: (i + 1) * 10,
        system: i === 0 || extra === 'success' || extra === 'failure',
        color,
        semantic: extra === 'success' ? 'S' : extra === 'process' ? 'P' : 'F',
        extra,
      });
      rowId += 2;
    });
  }
  return stages;
}

export function generate(opts: SeedOptions): SeedData {
  const rnd = new Random(opts.seed);
  const anchor = opts.anchorMs;
  const today = localMidnight(anchor);
  const departments = seedDepartments(opts.reps);
  const { users, sellers } = seedUsers(rnd, opts.reps, departments, today);
  const stages = seedStages();
  const currencies = seedCurrencies(today);
  const { deals, stageHistory } = seedDeals(rnd, opts.deals, anchor, users, sellers, stages);
  return {
    departments,
    users,
    categories: SEED_CATEGORIES.map((c) => ({ ...c })),
    stages,
    currencies,
    deals,
    stageHistory,
  };
}

function seedDepartments(reps: number): Department[] {
  const d: Department[] = [
    { id: 1, name: 'ООО «Северный ветер»', sort: 500, parentId: null, headId: 1 },
    { id: 2, name: 'Коммерческая дирекция', sort: 500, parentId: 1, headId: 2 },
    { id: 3, name: 'Отдел продаж Москва', sort: 500, parentId: 2, headId: 3 },
    { id: 4, name: 'Отдел продаж СПб', sort: 500, parentId: 2, headId: 4 },
    { id: 5, name: 'Корпоративные продажи', sort: 500, parentId: 2, headId: 5 },
    { id: 6, name: 'Бухгалтерия', sort: 500, parentId: 1, headId: 6 },
  ];
  const regional = ['Отдел продаж Казань', 'Отдел продаж Екатеринбург', 'Отдел продаж Новосибирск'];
  // Large orgs get regional offices (one per ~12 reps beyond the first 24).
  for (let i = 0; i < regional.length && reps > 24 + i * 12; i++)
    d.push({ id: 7 + i, name: regional[i]!, sort: 500, parentId: 2, headId: null });
  return d;
}

interface Seller {
  userId: number;
  hiredAt: number;
  leftAt: number | null;
  departmentId: number;
  /** Relative share of new deals (heads sell less). */
  weight: number;
}

function seedUsers(rnd: Random, reps: number, departments: Department[], today: number) {
  const users: User[] = [];
  const sellers: Seller[] = [];
  const makeUser = (
    id: number,
    gender: 'M' | 'F',
    first: string,
    last: string,
    patronymic: string,
    position: string,
    dept: number,
    hiredAt: number,
  ): User => ({
    id,
    active: true,
    name: first,
    lastName: last,
    secondName: patronymic,
    email: `${latin(first)[0]}.${latin(last)}${id}@severny-veter.ru`,
    gender,
    birthday: `${1975 + rnd.int(0, 25)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
    dateRegister: hiredAt - rnd.int(1, 5) * DAY + 9 * 3_600_000,
    employmentDate: hiredAt,
    lastLogin: today - rnd.int(1, 3) * DAY + rnd.int(8, 19) * 3_600_000,
    departments: [dept],
    workPosition: position,
    isAdmin: id === 1,
    timeZone: '',
  });
  const leaders: [number, 'M' | 'F', string, string, string, string, number][] = [
    [1, 'M', 'Сергей', 'Орлов', 'Иванович', 'Генеральный директор', 1],
    [2, 'F', 'Марина', 'Ковалёва', 'Андреевна', 'Коммерческий директор', 2],
    [3, 'M', 'Дмитрий', 'Белов', 'Сергеевич', 'Руководитель отдела продаж', 3],
    [4, 'F', 'Ольга', 'Смирнова', 'Викторовна', 'Руководитель отдела продаж', 4],
    [5, 'M', 'Алексей', 'Громов', 'Петрович', 'Руководитель корпоративных продаж', 5],
    [6, 'F', 'Наталья', 'Лебедева', 'Юрьевна', 'Главный бухгалтер', 6],
  ];
  for (const [id, g, first, last, patr, pos, dept] of leaders) {
    const hired = today - rnd.int(3 * 365, 8 * 365) * DAY;
    users.push(makeUser(id, g, first, last, patr, pos, dept, hired));
    if (dept >= 3 && dept <= 5)
      sellers.push({ userId: id, hiredAt: hired, leftAt: null, departmentId: dept, weight: 0.4 });
  }
  const salesDepts = departments.filter((d) => d.parentId === 2).map((d) => d.id);
  const usedNames = new Set<string>();
  for (let i = 0; i < reps; i++) {
    const id = 7 + i;
    const dept = salesDepts[i % salesDepts.length]!;
    const gender = rnd.chance(0.5) ? 'M' : 'F';
    let first = '';
    let last = '';
    do {
      first = rnd.pick(gender === 'M' ? MALE_FIRST : FEMALE_FIRST);
      last = rnd.pick(LAST);
      if (gender === 'F') last = last.endsWith('ий') ? `${last.slice(0, -2)}ая` : `${last}а`;
    } while (usedNames.has(first + last) && usedNames.size < 400);
    usedNames.add(first + last);
    const patr = rnd.pick(gender === 'M' ? PATRONYMIC_M : PATRONYMIC_F);
    // Most reps are long-timers, every fourth joined during the last year, and one left ~4 months ago.
    const midYear = i % 4 === 3;
    const leaver = reps >= 4 && i === reps - 2;
    const hired = midYear ? today - rnd.int(45, 300) * DAY : today - rnd.int(400, 5 * 365) * DAY;
    const position =
      dept === 5
        ? 'Менеджер по работе с ключевыми клиентами'
        : i % 5 === 0
          ? 'Старший менеджер по продажам'
          : 'Менеджер по продажам';
    const user = makeUser(id, gender, first, last, patr, position, dept, hired);
    let leftAt: number | null = null;
    if (leaver) {
      leftAt = today - rnd.int(100, 140) * DAY;
      user.active = false;
      user.lastLogin = leftAt - DAY + 17 * 3_600_000;
    }
    users.push(user);
    sellers.push({ userId: id, hiredAt: hired, leftAt, departmentId: dept, weight: 1 });
  }
  // Regional departments are headed by their first rep.
  for (const d of departments) {
    if (d.headId === null) d.headId = sellers.find((s) => s.departmentId === d.id)?.userId ?? null;
  }
  return { users, sellers };
}

function seedCurrencies(today: number): Currency[] {
  const base = { amountCnt: 1, decPoint: '.', decimals: 2, dateUpdate: today - 2 * DAY };
  return [
    {
      ...base,
      code: 'RUB',
      amount: '1.0000',
      sort: 100,
      base: true,
      fullName: 'Российский рубль',
      formatString: '# ₽',
      thousandsSep: '&nbsp;',
    },
    {
      ...base,
      code: 'USD',
      amount: '92.5000',
      sort: 200,
      base: false,
      fullName: 'Доллар США',
      formatString: '$#',
      thousandsSep: ',',
    },
    {
      ...base,
      code: 'EUR',
      amount: '100.1500',
      sort: 300,
      base: false,
      fullName: 'Евро',
      formatString: '# €',
      thousandsSep: '&nbsp;',
    },
  ];
}

function seedDeals(rnd: Random, count: number, anchor: number, users: User[], sellers: Seller[], stages: Stage[]) {
  const span = 395 * DAY;
  const created: number[] = new Array(count);
  for (let i = 0; i < count; i++) created[i] = anchor - 3_600_000 - Math.floor(rnd.next() * span);
  created.sort((a, b) => a - b);
  const byCategory = new Map<number, Stage[]>();
  for (const s of stages) byCategory.set(s.categoryId, [...(byCategory.get(s.categoryId) ?? []), s]);
  const deals: Deal[] = [];
  const history: (Omit<StageHistoryRow, 'id'> & { id?: number })[] = [];
  const userIds = users.map((u) => u.id);
  for (let i = 0; i < count; i++) {
    const t = created[i]!;
    const seller = pickSeller(rnd, sellers, t);
    const categoryId = seller.departmentId === 5 ? (rnd.chance(0.85) ? 1 : 0) : rnd.chance(0.15) ? 2 : 0;
    const catStages = byCategory.get(categoryId)!;
    const process = catStages.filter((s) => s.semantic === 'P');
    const won = catStages.find((s) => s.semantic === 'S')!;
    const failures = catStages.filter((s) => s.semantic === 'F');
    const [minCycle, maxCycle] = categoryId === 1 ? [20, 120] : categoryId === 2 ? [2, 20] : [5, 45];
    const closeAt = t + rnd.int(minCycle, maxCycle) * DAY + rnd.int(0, 8 * 3_600_000);
    const isClosed = closeAt < anchor;
    const outcome = isClosed
      ? rnd.weighted([
          ['won', 40],
          ['lost', 60],
        ] as const)
      : 'open';
    const final =
      outcome === 'won'
        ? won
        : outcome === 'lost'
          ? failures.length > 1 && rnd.chance(0.15)
            ? failures[1]!
            : failures[0]!
          : null;
    // Walk through a few process stages before the final one.
    const steps = rnd.int(0, Math.min(3, process.length - 1));
    const path: Stage[] = [process[0]!];
    for (let k = 1; k <= steps; k++)
      path.push(process[Math.min(process.length - 1, Math.round((k * (process.length - 1)) / steps))]!);
    // Open deals were last touched up to 3 days ago, never before they were created.
    const end = isClosed ? closeAt : Math.max(t + 60_000, anchor - rnd.int(1, 72) * 3_600_000);
    let moveTime = t;
    let stage = path[0]!;
    history.push({ typeId: 1, ownerId: i + 1, createdTime: t, categoryId, semantic: 'P', stageId: stage.statusId });
    for (let k = 1; k < path.length; k++) {
      const at = t + Math.floor(((end - t) * k) / (path.length + 1));
      if (at <= moveTime || path[k] === stage) continue;
      moveTime = at;
      stage = path[k]!;
      history.push({ typeId: 2, ownerId: i + 1, createdTime: at, categoryId, semantic: 'P', stageId: stage.statusId });
    }
    if (final) {
      moveTime = closeAt;
      stage = final;
      history.push({
        typeId: 3,
        ownerId: i + 1,
        createdTime: closeAt,
        categoryId,
        semantic: final.semantic,
        stageId: final.statusId,
      });
    }
    const currencyId = rnd.weighted([
      ['RUB', 90],
      ['USD', 7],
      ['EUR', 3],
    ] as const);
    const opportunity = amount(rnd, categoryId, currencyId);
    const lastTouch = Math.min(
      anchor - 60_000,
      moveTime + (rnd.chance(0.3) ? rnd.int(1, 72) * 3_600_000 : rnd.int(1, 600) * 1000),
    );
    const company = rnd.pick(COMPANIES);
    deals.push({
      id: i + 1,
      title: `${rnd.pick(PRODUCTS)} — ${company}`,
      typeId: rnd.pick(TYPES),
      categoryId,
      stageId: stage.statusId,
      stageSemanticId: stage.semantic,
      probability: stage.semantic === 'S' ? 100 : stage.semantic === 'F' ? 0 : null,
      currencyId,
      opportunity,
      isManualOpportunity: rnd.chance(0.6),
      taxValue: 0,
      leadId: rnd.chance(0.3) ? rnd.int(1, count * 2) : null,
      companyId: 1 + COMPANIES.indexOf(company),
      contactId: rnd.int(1, 5000),
      beginDate: localMidnight(t),
      closeDate: localMidnight(isClosed ? closeAt : Math.max(closeAt, anchor + DAY)),
      assignedById: seller.userId,
      createdById: rnd.chance(0.8) ? seller.userId : rnd.pick(userIds),
      modifyById: seller.userId,
      dateCreate: t,
      dateModify: Math.max(lastTouch, moveTime),
      opened: true,
      closed: isClosed,
      comments: '',
      sourceId: rnd.weighted(SOURCES),
      movedById: seller.userId,
      movedTime: moveTime,
      lastActivityTime: lastTouch,
      lastActivityBy: seller.userId,
      isNew: !isClosed && path.length === 1,
      isReturnCustomer: categoryId === 2,
      isRepeatedApproach: false,
      utmSource: rnd.chance(0.2) ? rnd.pick(['yandex', 'google', 'vk', 'telegram']) : null,
      ufMargin: rnd.chance(0.7) ? String(rnd.int(8, 45)) : null,
    });
  }
  history.sort((a, b) => a.createdTime - b.createdTime || a.ownerId - b.ownerId);
  for (let idx = 0; idx < history.length; idx++) (history[idx] as StageHistoryRow).id = idx + 1;
  return { deals, stageHistory: history as StageHistoryRow[] };
}

/** A seller employed at `t`, weighted (no allocation: this runs once per deal). */
function pickSeller(rnd: Random, sellers: Seller[], t: number): Seller {
  const employed = (s: Seller) => s.hiredAt <= t && (s.leftAt === null || t < s.leftAt);
  let total = 0;
  for (const s of sellers) if (employed(s)) total += s.weight;
  if (total === 0) return sellers[0]!;
  let r = rnd.next() * total;
  for (const s of sellers) {
    if (!employed(s)) continue;
    r -= s.weight;
    if (r < 0) return s;
  }
  return sellers[sellers.length - 1]!;
}

/** Amount in minor units: round thousands mostly, sometimes exact kopecks (invoices with VAT). */
function amount(rnd: Random, categoryId: number, currency: string): number {
  const [lo, hi] = categoryId === 1 ? [300_000, 8_000_000] : categoryId === 2 ? [10_000, 200_000] : [20_000, 600_000];
  const rub = Math.exp(Math.log(lo) + rnd.next() * (Math.log(hi) - Math.log(lo)));
  const inCurrency = currency === 'USD' ? rub / 92.5 : currency === 'EUR' ? rub / 100.15 : rub;
  if (currency !== 'RUB') return Math.max(10, Math.round(inCurrency / 10)) * 1000;
  return rnd.chance(0.75) ? Math.max(1, Math.round(inCurrency / 1000)) * 100_000 : Math.round(inCurrency * 100);
}
