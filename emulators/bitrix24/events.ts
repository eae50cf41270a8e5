import type { Portal } from './portal';
import type { DeliveredEvent } from './types';

/** PHP `http_build_query`: nested keys as `data[FIELDS][ID]=759`, everything a string. */
export function phpFormEncode(value: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') {
      for (const [k, inner] of Object.entries(v as Record<string, unknown>))
        walk(prefix ? `${prefix}[${k}]` : k, inner);
      return;
    }
    const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(s)}`);
  };
  walk('', value);
  return pairs.join('&');
}

/** Sends outgoing events the way the portal does: one form POST per bound handler, no retries. */
export class EventDispatcher {
  readonly delivered: DeliveredEvent[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly portal: Portal) {}

  /** The `auth[...]` block of an event. Events of the app carry a fresh access token of the acting user. */
  authBlock(userId: number, withRefresh: boolean, withTokens = true): Record<string, string> {
    const p = this.portal;
    const base: Record<string, string> = {
      domain: p.domain,
      server_endpoint: `${p.baseUrl}/rest/`,
      client_endpoint: `${p.baseUrl}/rest/`,
      member_id: p.memberId,
      application_token: p.app.applicationToken ?? '',
    };
    if (!withTokens) return base;
    const t = p.issueTokens(userId);
    const auth: Record<string, string> = {
      access_token: t.accessToken,
      expires: String(Math.floor(t.expiresAt / 1000)),
      expires_in: '3600',
      scope: p.app.scope,
      ...base,
      status: p.app.status,
      user_id: String(userId),
    };
    if (withRefresh) auth.refresh_token = t.refreshToken;
    return auth;
  }

  /**
   * Fires `event` to every handler bound to it. Offline bindings queue the event for event.offline.get instead.
   * `actorId` is the user whose action caused it (tokens are issued for them).
   */
  fire(event: string, data: Record<string, unknown>, actorId: number, opts: { withRefresh?: boolean } = {}): void {
    const p = this.portal;
    const upper = event.toUpperCase();
    const bindings = p.eventBindings.filter((b) => b.event === upper);
    if (bindings.some((b) => b.offline)) {
      p.offlineEvents.push({
        id: p.nextOfflineId++,
        event: upper,
        data,
        ts: Math.floor(p.now() / 1000),
        processing: false,
      });
    }
    for (const b of bindings) {
      if (b.offline) continue;
      const payload: Record<string, unknown> = {
        event: upper,
        event_handler_id: String(b.id),
        data,
        ts: String(Math.floor(p.now() / 1000)),
        auth:
          // auth_type N: the handler gets user N's authorization instead of the acting user's.
          b.by === 'app'
            ? this.authBlock(b.authType && p.users.get(b.authType) ? b.authType : actorId, opts.withRefresh ?? false)
            : this.authBlock(actorId, false, false),
      };
      this.post(upper, b.handler, phpFormEncode(payload));
    }
  }

  /** POSTs a form body; records the outcome. Honors control.dropNextEvents. */
  post(event: string, handler: string, body: string): Promise<void> {
    const record: DeliveredEvent = { event, handler, body, status: 'dropped' };
    this.delivered.push(record);
    if (this.portal.dropEvents > 0) {
      this.portal.dropEvents--;
      return Promise.resolve();
    }
    const task = fetch(handler, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Bitrix24 Webhook Engine' },
      body,
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (res) => {
        record.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      })
      .catch(() => {
        record.status = 'error';
      })
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
    return task;
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
