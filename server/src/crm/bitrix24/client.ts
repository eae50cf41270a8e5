import { AjaxError, ApiVersion, B24OAuth, EnumAppStatus, ParamsFactory } from '@bitrix24/b24jssdk';
import type { CrmCallStats } from '../../ports/crm';
import { type Clock, Pacer, type PacerLimits, realClock } from './pacer';

/**
 * One portal's REST client: the real @bitrix24/b24jssdk (B24OAuth, so the endpoints come from the install and may be
 * plain http on a local emulator, research §7) behind our own pacing and retries. The SDK's own limiter is opened
 * wide and its retries are off: the Pacer decides when to send, and this class decides what is worth retrying,
 * so every refusal is seen and counted.
 */

export interface OAuthState {
  accessToken: string;
  refreshToken: string;
  /** Epoch seconds. */
  expiresAt: number;
  clientEndpoint: string;
  serverEndpoint: string;
  scope: string;
  memberId: string;
  domain: string;
  userId?: number;
}

/** Where tokens live; refresh goes through it so that a rotated refresh token is stored before it is used. */
export interface TokenKeeper {
  /** Returns valid tokens newer than `stale` (refreshing them at the portal's OAuth server if nobody else has). */
  refresh(stale: OAuthState): Promise<OAuthState>;
}

export interface ClientOptions {
  limits: PacerLimits;
  clock?: Clock;
  /** Give up on a call after this many failed attempts (transient faults only). Default 10. */
  maxAttempts?: number;
  /** HTTP timeout per request, ms. Default 30 000. */
  timeoutMs?: number;
  pacer?: Pacer;
}

/** A portal answer that is not worth retrying (bad request, access denied, unknown method…). */
export class Bitrix24Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'Bitrix24Error';
  }
}

export interface CallAnswer<T = unknown> {
  result: T;
  time: TimeBlock | undefined;
}

export interface TimeBlock {
  processing?: number;
  duration?: number;
  operating?: number;
  operating_reset_at?: number;
}

export interface BatchAnswer {
  result: Record<string, unknown>;
  errors: Record<string, { error: string; error_description: string }>;
}

export type Params = Record<string, unknown>;

const TRANSIENT_CODES = new Set(['NETWORK_ERROR', 'REQUEST_TIMEOUT', 'QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']);

export class Bitrix24Client {
  readonly pacer: Pacer;
  private readonly sdk: B24OAuth;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private state: OAuthState;
  private readonly counters: CrmCallStats = { requests: 0, refusals: 0, retries: 0, tokenRefreshes: 0 };
  /**
   * Awaited after a request's slot is booked and before it is sent: the sync persists the pacer state here, so a
   * process killed with requests in flight leaves a restart knowing about them.
   */
  beforeSend: (() => Promise<void>) | null = null;

  constructor(
    state: OAuthState,
    oauthApp: { clientId: string; clientSecret: string },
    private readonly tokens: TokenKeeper,
    options: ClientOptions,
  ) {
    this.state = state;
    this.clock = options.clock ?? realClock;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.pacer = options.pacer ?? new Pacer(options.limits, this.clock);
    this.sdk = new B24OAuth(
      {
        applicationToken: '',
        userId: state.userId ?? 0,
        memberId: state.memberId,
        accessToken: state.accessToken,
        refreshToken: state.refreshToken,
        expires: state.expiresAt,
        expiresIn: 3600,
        scope: state.scope,
        domain: state.domain,
        clientEndpoint: state.clientEndpoint,
        serverEndpoint: state.serverEndpoint,
        status: EnumAppStatus.Free,
      },
      oauthApp,
      {
        restrictionParams: {
          ...ParamsFactory.getDefault(),
          rateLimit: { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false },
          adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
          maxRetries: 1,
          retryOnNetworkError: true,
        },
      },
    );
    this.sdk.offClientSideWarning();
    this.sdk.getHttpClient(ApiVersion.v2).ajaxClient.defaults.timeout = options.timeoutMs ?? 30_000;
    // Expired or revoked access token: the SDK calls this once (coalesced over concurrent calls) and resends.
    this.sdk.setCustomRefreshAuth(async () => {
      this.counters.tokenRefreshes++;
      this.state = await this.tokens.refresh(this.state);
      return {
        access_token: this.state.accessToken,
        refresh_token: this.state.refreshToken,
        expires: this.state.expiresAt,
        expires_in: 3600,
        client_endpoint: this.state.clientEndpoint,
        server_endpoint: this.state.serverEndpoint,
        member_id: this.state.memberId,
        scope: this.state.scope,
        status: EnumAppStatus.Free,
        domain: this.state.domain,
      } as never;
    });
  }

  stats(): CrmCallStats {
    return { ...this.counters };
  }

  /** One REST method call, paced and retried through transient faults. */
  async call<T = unknown>(method: string, params: Params = {}): Promise<CallAnswer<T>> {
    const answer = await this.send(method, params, { [method]: 1 });
    const time = answer.time;
    this.pacer.record(
      method,
      time?.processing ?? 0,
      typeof time?.operating === 'number' && typeof time?.operating_reset_at === 'number'
        ? { operating: time.operating, resetAt: time.operating_reset_at }
        : undefined,
    );
    return answer as CallAnswer<T>;
  }

  /**
   * One `batch` request of up to 50 commands (research §3). Each command's cost is booked under its own method.
   * Commands refused inside the batch come back in `errors`; an operating-limit refusal there is counted and fed
   * to the pacer, and the caller decides to re-issue.
   */
  async batch(commands: Record<string, { method: string; params: Params }>, halt = false): Promise<BatchAnswer> {
    const cmd: Record<string, string> = {};
    const perMethod: Record<string, number> = {};
    for (const [key, c] of Object.entries(commands)) {
      cmd[key] = `${c.method}?${phpQuery(c.params)}`;
      perMethod[c.method] = (perMethod[c.method] ?? 0) + 1;
    }
    const answer = await this.send('batch', { halt: halt ? 1 : 0, cmd }, perMethod);
    const body = (answer.result ?? {}) as Record<string, unknown>;
    const asMap = (v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    const listOrMap = (v: unknown): Record<string, unknown> =>
      Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x])) : asMap(v);
    const result = listOrMap(body.result);
    const times = listOrMap(body.result_time);
    const rawErrors = listOrMap(body.result_error);
    const errors: BatchAnswer['errors'] = {};
    for (const [key, e] of Object.entries(rawErrors)) {
      const err =
        typeof e === 'string'
          ? { error: e, error_description: e }
          : { error: String(asMap(e).error ?? ''), error_description: String(asMap(e).error_description ?? '') };
      errors[key] = err;
      const method = commands[key]?.method;
      if (method && err.error === 'OPERATION_TIME_LIMIT') {
        this.counters.refusals++;
        this.pacer.budgetRefused(method);
      }
    }
    for (const [key, c] of Object.entries(commands)) {
      const t = asMap(times[key]);
      if (key in result || key in errors) this.pacer.record(c.method, Number(t.processing ?? 0));
    }
    return { result, errors };
  }

  private async send(method: string, params: Params, booked: Record<string, number>): Promise<CallAnswer> {
    const http = this.sdk.getHttpClient(ApiVersion.v2);
    for (let attempt = 1; ; attempt++) {
      await this.pacer.acquire(booked);
      if (this.beforeSend) await this.beforeSend();
      this.counters.requests++;
      let failure: AjaxError | Error;
      try {
        const r = await http.call(method, params);
        if (r.isSuccess) {
          const data = r.getData() as { result: unknown; time?: TimeBlock };
          return { result: data.result, time: data.time };
        }
        const first = [...r.getErrors()][0];
        failure = first instanceof AjaxError ? first : new Bitrix24Error('UNKNOWN', String(first), 0);
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
      }
      const code =
        failure instanceof AjaxError
          ? String(failure.code)
          : failure instanceof Bitrix24Error
            ? failure.code
            : 'UNKNOWN';
      const status = failure instanceof AjaxError ? Number(failure.status) : 0;
      if (status === 503 || code === 'QUERY_LIMIT_EXCEEDED') {
        this.counters.refusals++;
        this.pacer.bucketRefused();
      } else if (status === 429 || code === 'OPERATION_TIME_LIMIT') {
        this.counters.refusals++;
        for (const m of Object.keys(booked)) this.pacer.budgetRefused(m);
      }
      const transient = TRANSIENT_CODES.has(code) || status === 0 || status === 408 || status === 429 || status >= 500;
      if (!transient || attempt >= this.maxAttempts) {
        throw new Bitrix24Error(code, `Bitrix24 ${method}: ${failure.message}`, status);
      }
      this.counters.retries++;
      const base = Math.min(30_000, 250 * 2 ** (attempt - 1));
      await this.clock.sleep(base * (0.9 + Math.random() * 0.2));
    }
  }
}

/** PHP `http_build_query` bracket syntax for batch commands; `$result[...]` references stay readable. */
export function phpQuery(params: Params): string {
  const pairs: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === undefined) return;
    if (v === null) {
      pairs.push(`${encodeKey(prefix)}=`);
      return;
    }
    if (typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, inner] of entries) walk(prefix ? `${prefix}[${k}]` : k, inner);
      return;
    }
    const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    pairs.push(`${encodeKey(prefix)}=${s.startsWith('$result[') ? s : encodeURIComponent(s)}`);
  };
  walk('', params);
  return pairs.join('&');
}

function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}
