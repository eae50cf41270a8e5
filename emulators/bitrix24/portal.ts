import { randomBytes } from 'node:crypto';
import { EventDispatcher } from './events';
import { localMidnight } from './format';
import { LeakyBucket, type LimitSettings, type LimitsOption, OperatingBudget, resolveLimits } from './limits';
import type { Category, Currency, Deal, Department, Stage, StageHistoryRow, User } from './model';
import { Random } from './random';
import { generate } from './seed';
import { Table } from './table';

/** Who is calling: an inbound webhook or an OAuth access token of the installed app. */
export interface AuthContext {
  kind: 'webhook' | 'oauth';
  userId: number;
  /** Operating-time budgets are kept per app or per webhook. */
  principal: string;
  isAdmin: boolean;
  accessToken?: string;
}

export interface TokenRecord {
  userId: number;
  accessToken: string;
  refreshToken: string;
  /** Unix ms on the emulator's clock. */
  expiresAt: number;
}

export interface EventBinding {
  id: number;
  event: string;
  handler: string;
  authType: number;
  offline: boolean;
  /** Who bound it: the app (events carry tokens) or a webhook. */
  by: 'app' | 'webhook';
}

export interface OfflineEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
  ts: number;
  processing: boolean;
  processId?: string;
}

export interface PlacementBinding {
  placement: string;
  handler: string;
  title: string;
  description: string;
  groupName: string;
  langAll: Record<string, { TITLE: string; DESCRIPTION: string; GROUP_NAME: string }>;
  options: Record<string, unknown> | [];
  userId: number;
}

export interface MethodStats {
  calls: number;
  refused503: number;
  refused429: number;
  errors: number;
}

export interface InjectedFailure {
  /** error: a JSON error body; raw: `rawBody` as text/html; drop: destroy the socket; delay: answer normally, late. */
  mode: 'error' | 'raw' | 'drop' | 'delay';
  status: number;
  error: string;
  description: string;
  rawBody: string;
  /** Wait this long before answering (or dropping). */
  delayMs: number;
  /** Only calls of this method (undefined = any call). */
  method: string | undefined;
}

export interface PortalOptions {
  seed: number;
  reps: number;
  deals: number;
  limits: LimitsOption | undefined;
  now: () => number;
  /** The Market app's credentials; one app has the same ones on every portal it is installed on. */
  app?: { clientId: string; clientSecret: string } | undefined;
}

/** Everything the emulated portal knows. Handlers read and change it; nothing here does I/O. */
export class Portal {
  private clockOffset = 0;
  /** Set to `127.0.0.1:PORT` once listening: what frames and payloads call the portal by. */
  domain: string;
  /** `http://127.0.0.1:PORT`, set once listening. */
  baseUrl = '';
  readonly memberId: string;
  readonly webhook: { userId: number; secret: string };
  readonly app: {
    id: number;
    code: string;
    version: number;
    clientId: string;
    clientSecret: string;
    scope: string;
    installed: boolean;
    /** The frame called installFinish() (B24Frame setInstallFinish); app.info INSTALLED shows it. */
    installFinished: boolean;
    applicationToken: string | null;
    status: 'F' | 'D' | 'T' | 'P' | 'L' | 'S';
    licenseFamily: 'project' | 'ent';
  };
  readonly departments = new Table<Department>();
  readonly users = new Table<User>();
  readonly categories: Category[];
  readonly stages: Stage[];
  readonly currencies: Currency[];
  readonly deals = new Table<Deal>({ DATE_MODIFY: (d) => d.dateModify });
  readonly stageHistory = new Table<StageHistoryRow>({ CREATED_TIME: (h) => h.createdTime });
  /** Built on first use: history rows per deal. */
  private historyByOwner: Map<number, StageHistoryRow[]> | null = null;
  readonly appOptions = new Map<string, unknown>();
  private readonly userOptions = new Map<number, Map<string, unknown>>();
  readonly placements: PlacementBinding[] = [];
  readonly eventBindings: EventBinding[] = [];
  readonly offlineEvents: OfflineEvent[] = [];
  readonly tokens = new Map<string, TokenRecord>();
  readonly refreshTokens = new Map<string, TokenRecord>();
  readonly authCodes = new Map<string, { userId: number; expiresAt: number }>();
  readonly stats = new Map<string, MethodStats>();
  readonly failures: InjectedFailure[] = [];
  dropEvents = 0;
  nextDealId: number;
  nextUserId: number;
  nextHistoryId: number;
  nextEventHandlerId = 1;
  private issued = 0;
  nextOfflineId = 1;
  limits: LimitSettings | null;
  readonly bucket: LeakyBucket;
  readonly operating: OperatingBudget;
  readonly events: EventDispatcher = new EventDispatcher(this);

  constructor(
    private readonly baseNow: () => number,
    opts: PortalOptions,
  ) {
    const rnd = new Random(opts.seed ^ 0x5eed);
    this.memberId = rnd.hex(32);
    this.domain = `severny-veter-${opts.seed}.bitrix24.ru`;
    this.webhook = { userId: 1, secret: rnd.hex(16) };
    this.app = {
      id: 7,
      code: 'local.kvota',
      version: 1,
      clientId: opts.app?.clientId ?? `local.${rnd.hex(14)}.${rnd.int(10000000, 99999999)}`,
      clientSecret: opts.app?.clientSecret ?? randomToken(rnd, 50),
      scope: 'crm,user_brief,department,placement,app',
      installed: false,
      installFinished: false,
      applicationToken: null,
      status: 'L',
      licenseFamily: 'project',
    };
    const data = generate({ seed: opts.seed, reps: opts.reps, deals: opts.deals, anchorMs: localMidnight(this.now()) });
    this.departments.load(data.departments);
    this.users.load(data.users);
    this.categories = data.categories;
    this.stages = data.stages;
    this.currencies = data.currencies;
    this.deals.load(data.deals);
    this.stageHistory.load(data.stageHistory);
    this.nextDealId = this.deals.maxId() + 1;
    this.nextUserId = this.users.maxId() + 1;
    this.nextHistoryId = this.stageHistory.maxId() + 1;
    this.limits = resolveLimits(opts.limits);
    if (opts.limits === 'enterprise') this.app.licenseFamily = 'ent';
    this.bucket = new LeakyBucket(() => this.limits, this.now());
    this.operating = new OperatingBudget(() => this.limits);
  }

  /** The emulator's clock (unix ms): the injected or real clock plus whatever tests advanced it by. */
  now(): number {
    return this.baseNow() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  addHistoryToOwner(row: StageHistoryRow): void {
    if (!this.historyByOwner) return;
    const list = this.historyByOwner.get(row.ownerId);
    if (list) list.push(row);
    else this.historyByOwner.set(row.ownerId, [row]);
  }

  userOptionsFor(userId: number): Map<string, unknown> {
    let m = this.userOptions.get(userId);
    if (!m) {
      m = new Map();
      this.userOptions.set(userId, m);
    }
    return m;
  }

  historyFor(dealId: number): StageHistoryRow[] {
    if (!this.historyByOwner) {
      this.historyByOwner = new Map();
      for (const row of this.stageHistory.all()) this.addHistoryToOwner(row);
    }
    return this.historyByOwner.get(dealId) ?? [];
  }

  stageOf(statusId: string): Stage | undefined {
    return this.stages.find((s) => s.statusId === statusId);
  }

  statsFor(method: string): MethodStats {
    let s = this.stats.get(method);
    if (!s) {
      s = { calls: 0, refused503: 0, refused429: 0, errors: 0 };
      this.stats.set(method, s);
    }
    return s;
  }

  /** Issues a fresh access/refresh pair for a user (valid 1 h on the emulator's clock). */
  issueTokens(userId: number): TokenRecord {
    const record: TokenRecord = {
      userId,
      accessToken: randomBytes(16).toString('hex'),
      refreshToken: randomBytes(16).toString('hex'),
      expiresAt: this.now() + 3_600_000,
    };
    this.tokens.set(record.accessToken, record);
    this.refreshTokens.set(record.refreshToken, record);
    // Every outgoing event mints a token: forget access tokens that expired over a day ago now and then.
    if (++this.issued % 1000 === 0) {
      const cutoff = this.now() - 86_400_000;
      for (const [k, t] of this.tokens) if (t.expiresAt < cutoff) this.tokens.delete(k);
    }
    return record;
  }

  /** Refresh-token grant: the old refresh token (and its access token) stop working. */
  rotate(refreshToken: string): TokenRecord | undefined {
    const old = this.refreshTokens.get(refreshToken);
    if (!old) return undefined;
    this.refreshTokens.delete(refreshToken);
    this.tokens.delete(old.accessToken);
    return this.issueTokens(old.userId);
  }

  expireAllTokens(): void {
    const now = this.now();
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
  }
}

function randomToken(rnd: Random, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rnd.int(0, alphabet.length - 1)];
  return s;
}
