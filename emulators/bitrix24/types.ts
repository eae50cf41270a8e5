import type { LimitsOption } from './limits';
import type { Category, Currency, Deal, Department, Stage, StageHistoryRow, User } from './model';
import type { EventBinding, MethodStats, PlacementBinding } from './portal';

export interface Bitrix24EmulatorOptions {
  /** 0 (default) = a random free port on 127.0.0.1. */
  port?: number;
  /** PRNG seed; the same seed (and clock day) gives the same portal. Default 1. */
  seed?: number;
  /** Sales reps besides the six managers. Default 12. */
  reps?: number;
  /** Seeded deals. Default 1200. */
  deals?: number;
  /** Rate limits: 'standard' (default, 50 burst / 2 per s), 'enterprise' (250 / 5), custom, or 'off'. */
  limits?: LimitsOption;
  /** The emulator's clock in unix ms (default Date.now); `control.advanceClock` adds to it. */
  now?: () => number;
  /**
   * The installed app's OAuth credentials (default: generated from the seed). A Market app has one client id and
   * secret on every portal, so several emulated portals serving one Kvota server should share them.
   */
  app?: { clientId: string; clientSecret: string };
}

export interface UserAuth {
  AUTH_ID: string;
  REFRESH_ID: string;
  /** Seconds (3600). */
  AUTH_EXPIRES: number;
  /** Unix seconds on the emulator's clock. */
  expires: number;
  isAdmin: boolean;
  userId: number;
}

export interface InstallResult {
  /** HTTP status the app's install handler answered with. */
  handlerStatus: number;
  handlerBody: string;
  applicationToken: string;
  auth: UserAuth;
}

export interface DealChange {
  title?: string;
  stageId?: string;
  /** Exact amount as a decimal string ("125000.50"). */
  opportunity?: string;
  currencyId?: string;
  assignedById?: number;
  categoryId?: number;
  closeDate?: number;
}

export interface NewDeal extends DealChange {
  title: string;
  assignedById: number;
}

export interface NewUser {
  name: string;
  lastName: string;
  gender?: 'M' | 'F';
  departmentId: number;
  workPosition?: string;
  /** Unix ms; default: today. */
  employmentDate?: number;
}

export interface FailureSpec {
  /** HTTP status (default 500). */
  status?: number;
  /** Error code (default INTERNAL_SERVER_ERROR). */
  error?: string;
  description?: string;
  /** Close the socket without answering (network error on the client). */
  drop?: boolean;
  /** Answer this text as HTML instead of JSON (a proxy's 502 page); status defaults to 502. */
  rawBody?: string;
  /**
   * Wait this long before answering. Alone (no status/error/drop/rawBody) the call is then served normally —
   * a slow portal, for client timeouts.
   */
  delayMs?: number;
  /** Only calls of this method count (default: any). */
  method?: string;
}

export interface DeliveredEvent {
  event: string;
  handler: string;
  /** Form body as sent. */
  body: string;
  status: number | 'error' | 'dropped';
}

/** Test/demo control over the portal. Changes fire the same events and stage history the real portal would. */
export interface Bitrix24Control {
  /** Current emulator clock (unix ms). */
  now(): number;
  advanceClock(ms: number): void;
  setLimits(limits: LimitsOption): void;
  /** Empties the bucket and the operating baskets. */
  resetLimits(): void;
  /** Calls per method (batch inner calls counted under their own method). */
  stats(): Record<string, MethodStats>;
  resetStats(): void;
  /** The next `count` REST calls (optionally of one method) fail as specified. */
  failNext(count: number, spec?: FailureSpec): void;
  /** The next `count` outgoing events are silently lost (the portal never retries). */
  dropNextEvents(count: number): void;
  /** Every access token issued so far becomes expired (refresh tokens stay valid). */
  expireAllTokens(): void;
  addDeal(deal: NewDeal): Promise<Deal>;
  changeDeal(id: number, change: DealChange): Promise<Deal>;
  winDeal(id: number): Promise<Deal>;
  loseDeal(id: number): Promise<Deal>;
  deleteDeal(id: number): Promise<void>;
  /** Changes `fraction` of deals (amount or stage) like users would, firing events; returns their ids. */
  churn(fraction: number): Promise<number[]>;
  /**
   * Keeps changing deals in the background like busy users: `fractionPerMinute` of all deals per minute of real time
   * (e.g. 0.01), in ticks of `tickMs` (default 1000). Replaces a running churn; `stopChurn()` ends it.
   */
  startChurn(fractionPerMinute: number, tickMs?: number): void;
  stopChurn(): void;
  addUser(user: NewUser): Promise<User>;
  /** Portal-side install: POSTs the install form to `handlerUrl`, then sends ONAPPINSTALL to bound handlers. */
  installApp(opts: { handlerUrl: string; clientId?: string; scope?: string }): Promise<InstallResult>;
  uninstallApp(opts?: { clean?: boolean }): Promise<void>;
  /** What the portal does when the app frame calls installFinish(): app.info then says INSTALLED: true. */
  finishInstall(): void;
  /** A frame AUTH_ID/REFRESH_ID for a user, as the portal puts it into the app frame. */
  issueUserAuth(userId: number): UserAuth;
  /** An authorization code for the `authorization_code` grant. */
  issueAuthCode(userId: number): string;
  /** Outgoing events so far (newest last). */
  deliveredEvents(): DeliveredEvent[];
  /** Resolves when all outgoing event deliveries started so far have finished. */
  flushEvents(): Promise<void>;
}

/** Read access to the portal's data for assertions (live objects: do not mutate). */
export interface Bitrix24Store {
  deals(): Deal[];
  deal(id: number): Deal | undefined;
  users(): User[];
  departments(): Department[];
  categories(): Category[];
  stages(): Stage[];
  currencies(): Currency[];
  stageHistory(): StageHistoryRow[];
  eventBindings(): EventBinding[];
  placements(): PlacementBinding[];
  appOptions(): Record<string, unknown>;
  applicationToken(): string | null;
}

export interface Bitrix24Emulator {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** Portal domain as it appears in payloads (`127.0.0.1:PORT`, what the SDK and frames use). */
  domain: string;
  memberId: string;
  /** `${baseUrl}/rest/1/<secret>/` */
  webhookUrl: string;
  oauth: { clientId: string; clientSecret: string; tokenUrl: string; authorizeUrl: string; clientEndpoint: string };
  /** `${baseUrl}/_emulator/<secret>/`: POST `<op>` with a JSON array of arguments (control methods, `store.<getter>`). */
  controlUrl: string;
  control: Bitrix24Control;
  store: Bitrix24Store;
  /**
   * Serves `pages` at the portal's own origin for every path the portal does not answer itself (REST, OAuth,
   * control) — as Bitrix24 serves its UI beside its REST API. The demo's host page lives here so that it has the
   * portal's origin, which the app frame and Kvota's CSP expect.
   */
  mountPages(pages: { fetch(request: Request): Response | Promise<Response> }): void;
  close(): Promise<void>;
}
