import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findPortalByMember, getPortal, type Portal, saveTokens } from '../../db/crm/portals';
import type { DB } from '../../db/schema';
import type { CrmPort, EventProof, FrameAuth, FrameIdentity } from '../../ports/crm';
import { Bitrix24Client, Bitrix24Error, type OAuthState, type TokenKeeper } from './client';
import { Bitrix24Connection } from './connection';
import { type Clock, ENTERPRISE_LIMITS, type PacerLimits, realClock, STANDARD_LIMITS } from './pacer';

export interface Bitrix24PortDeps {
  db: Kysely<DB>;
  /** The app's OAuth credentials from the Bitrix24 partner/local-app settings. */
  oauth: { clientId: string; clientSecret: string };
  /** Limits to pace against; default: from the portal's licence (enterprise 250/5, otherwise 50/2). */
  limits?: PacerLimits;
  clock?: Clock;
  /** Attempts per call through transient faults (default 10). */
  maxAttempts?: number;
  timeoutMs?: number;
}

export function limitsForPortal(p: Portal, override?: PacerLimits): PacerLimits {
  if (override) return override;
  const settings = JSON.parse(p.settings || '{}') as { licenseFamily?: string };
  return settings.licenseFamily === 'ent' ? ENTERPRISE_LIMITS : STANDARD_LIMITS;
}

export function oauthStateOf(p: Portal): OAuthState {
  if (!p.access_token || !p.refresh_token || !p.client_endpoint) {
    throw new Error(`portal ${p.id} has no stored tokens (uninstalled or never installed)`);
  }
  return {
    accessToken: p.access_token,
    refreshToken: p.refresh_token,
    expiresAt: p.token_expires_at ?? 0,
    clientEndpoint: p.client_endpoint,
    serverEndpoint: p.server_endpoint ?? 'https://oauth.bitrix.info/rest/',
    scope: p.scope ?? '',
    memberId: p.member_id,
    domain: p.domain,
  };
}

/**
 * Refreshes through the database: the rotated refresh token is stored (compare-and-set on token_version) before the
 * new access token is used, and a worker that finds newer tokens in the database uses those instead of refreshing
 * again — so a concurrent refresh never strands a portal with a dead refresh token in storage.
 */
export class DbTokenKeeper implements TokenKeeper {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly portalId: string,
    private readonly oauth: { clientId: string; clientSecret: string },
    private readonly clock: Clock = realClock,
  ) {}

  async refresh(stale: OAuthState): Promise<OAuthState> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await getPortal(this.db, this.portalId);
      if (!row || row.uninstalled_at || !row.refresh_token)
        throw new Bitrix24Error('PORTAL_UNINSTALLED', 'portal is not installed', 0);
      const nowS = this.clock.now() / 1000;
      if (row.access_token && row.access_token !== stale.accessToken && (row.token_expires_at ?? 0) > nowS + 30) {
        return oauthStateOf(row);
      }
      const state = oauthStateOf(row);
      const url = `${state.serverEndpoint.replace(/\/rest\/?$/, '')}/oauth/token/`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: this.oauth.clientId,
          client_secret: this.oauth.clientSecret,
          refresh_token: row.refresh_token,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok || body.error || typeof body.access_token !== 'string') {
        // Someone may have rotated it between our read and our request: re-read before giving up.
        const again = await getPortal(this.db, this.portalId);
        if (again && again.token_version !== row.token_version) continue;
        throw new Bitrix24Error(
          String(body.error ?? 'invalid_grant'),
          `token refresh failed: ${String(body.error_description ?? res.status)}`,
          res.status,
        );
      }
      const fresh: OAuthState = {
        ...state,
        accessToken: body.access_token,
        refreshToken: String(body.refresh_token),
        expiresAt: Number(body.expires ?? Math.floor(nowS) + Number(body.expires_in ?? 3600)),
        clientEndpoint: String(body.client_endpoint ?? state.clientEndpoint),
        serverEndpoint: String(body.server_endpoint ?? state.serverEndpoint),
        scope: String(body.scope ?? state.scope),
      };
      const saved = await saveTokens(
        this.db,
        this.portalId,
        {
          accessToken: fresh.accessToken,
          refreshToken: fresh.refreshToken,
          expiresAt: fresh.expiresAt,
          clientEndpoint: fresh.clientEndpoint,
          serverEndpoint: fresh.serverEndpoint,
          scope: fresh.scope,
        },
        row.token_version,
      );
      if (saved) return fresh;
    }
    throw new Bitrix24Error('TOKEN_RACE', 'could not store refreshed tokens', 0);
  }
}

/** Constant-time comparison of secrets of possibly different length. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export class Bitrix24Port implements CrmPort {
  readonly kind = 'bitrix24' as const;

  constructor(private readonly deps: Bitrix24PortDeps) {}

  async connect(portalId: string): Promise<Bitrix24Connection> {
    const p = await getPortal(this.deps.db, portalId);
    if (p?.crm !== 'bitrix24' || p.uninstalled_at) throw new Error(`portal ${portalId} is not installed`);
    return new Bitrix24Connection(portalId, this.clientFor(p));
  }

  clientFor(p: Portal): Bitrix24Client {
    const clock = this.deps.clock ?? realClock;
    return new Bitrix24Client(
      oauthStateOf(p),
      this.deps.oauth,
      new DbTokenKeeper(this.deps.db, p.id, this.deps.oauth, clock),
      {
        limits: limitsForPortal(p, this.deps.limits),
        clock,
        maxAttempts: this.deps.maxAttempts,
        timeoutMs: this.deps.timeoutMs,
      },
    );
  }

  /**
   * Asks the portal who owns this AUTH_ID: the call goes to the STORED endpoint of the portal the request names
   * (never to a domain taken from the request), so a token of another portal, another app or a forged one fails.
   */
  async verifyFrameAuth(auth: FrameAuth): Promise<(FrameIdentity & { portalId: string }) | null> {
    const p = await findPortalByMember(this.deps.db, 'bitrix24', auth.memberId);
    if (!p || p.uninstalled_at || !p.client_endpoint || !auth.authId) return null;
    if (normalizeDomain(auth.domain) !== normalizeDomain(p.domain)) return null;
    return identify(p, auth.authId, this.deps.oauth, this.deps.clock);
  }

  async verifyEvent(proof: EventProof): Promise<string | null> {
    const p = await findPortalByMember(this.deps.db, 'bitrix24', proof.memberId);
    if (!p?.application_token) return null;
    return sameSecret(proof.token, p.application_token) ? p.id : null;
  }
}

export function normalizeDomain(d: string): string {
  return d
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/:(80|443)$/, '');
}

/** user.current + profile (admin flag) + app.info (app context) in one batch with a user's frame token. */
export async function identify(
  p: { client_endpoint: string | null; server_endpoint: string | null; member_id: string; domain: string; id: string },
  authId: string,
  oauth: { clientId: string; clientSecret: string },
  clock?: Clock,
): Promise<(FrameIdentity & { portalId: string }) | null> {
  const noRefresh: TokenKeeper = {
    refresh: () => Promise.reject(new Bitrix24Error('expired_token', 'frame token expired', 401)),
  };
  const client = new Bitrix24Client(
    {
      accessToken: authId,
      refreshToken: '',
      expiresAt: Math.floor((clock ?? realClock).now() / 1000) + 3600,
      clientEndpoint: p.client_endpoint ?? '',
      serverEndpoint: p.server_endpoint ?? '',
      scope: '',
      memberId: p.member_id,
      domain: p.domain,
    },
    oauth,
    noRefresh,
    { limits: STANDARD_LIMITS, clock, maxAttempts: 3, timeoutMs: 10_000 },
  );
  try {
    const answer = await client.batch({
      user: { method: 'user.current', params: {} },
      profile: { method: 'profile', params: {} },
      app: { method: 'app.info', params: {} },
    });
    const user = answer.result.user as Record<string, unknown> | undefined;
    const profile = answer.result.profile as Record<string, unknown> | undefined;
    const app = answer.result.app as Record<string, unknown> | undefined;
    if (!user?.ID || !profile || !app || Object.keys(answer.errors).length) return null;
    const name = [user.NAME, user.LAST_NAME].filter((x) => typeof x === 'string' && x).join(' ');
    return {
      portalId: p.id,
      userId: String(user.ID),
      name: name || String(user.ID),
      isAdmin: profile.ADMIN === true || profile.ADMIN === 'Y',
    };
  } catch {
    return null;
  }
}
