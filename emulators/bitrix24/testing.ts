import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { B24OAuth, EnumAppStatus, ParamsFactory } from '@bitrix24/b24jssdk';
import type { Bitrix24Emulator, UserAuth } from './types';

/** Helpers for the emulator's own tests: fixtures and JSON shape comparison. */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/bitrix24/', import.meta.url));

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Record<string, unknown>;
}

export type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

export function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

/**
 * Differences between a sample (official fixture) and our answer: missing keys and type mismatches. A `null` in
 * the sample accepts a value of any scalar type in ours and vice versa (empty vs filled field); keys matching
 * `ignore` (portal-specific fields like UF_CRM_1721244482250) are skipped.
 */
export function shapeDiff(sample: unknown, ours: unknown, path = '$', ignore: RegExp = /^$/): string[] {
  const ks = kindOf(sample);
  const ko = kindOf(ours);
  if (ks === 'null' || ko === 'null') return ks === 'array' || ks === 'object' ? [`${path}: ${ks} vs null`] : [];
  // PHP empty maps come out as [] — accept either for empty containers.
  if ((ks === 'array' && ko === 'object') || (ks === 'object' && ko === 'array')) {
    const empty = (v: unknown) => (Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0);
    return empty(sample) || empty(ours) ? [] : [`${path}: ${ks} vs ${ko}`];
  }
  if (ks !== ko) return [`${path}: ${ks} vs ${ko}`];
  if (ks === 'array') {
    const s = sample as unknown[];
    const o = ours as unknown[];
    if (s.length === 0 || o.length === 0) return [];
    return shapeDiff(s[0], o[0], `${path}[0]`, ignore);
  }
  if (ks === 'object') {
    const out: string[] = [];
    const s = sample as Record<string, unknown>;
    const o = ours as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (ignore.test(key)) continue;
      if (!(key in o)) out.push(`${path}.${key}: missing`);
      else out.push(...shapeDiff(s[key], o[key], `${path}.${key}`, ignore));
    }
    return out;
  }
  return [];
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs JSON to a REST method: through the webhook, or OAuth-style with `auth` when a token is given. */
export async function rest(
  base: { webhookUrl: string; baseUrl: string },
  method: string,
  params: Record<string, unknown> = {},
  auth?: string,
): Promise<Answer> {
  const url = auth ? `${base.baseUrl}/rest/${method}` : `${base.webhookUrl}${method}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(auth ? { ...params, auth } : params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What a JSON sample looks like after a PHP form POST: every scalar a string. */
export function asForm(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(asForm);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asForm(v)]));
  return String(value);
}

type RestrictionParams = ReturnType<typeof ParamsFactory.getDefault>;

/**
 * The official SDK's OAuth client pointed at the emulator (shared/research §7: B24OAuth takes http endpoints as they
 * are), logged in with a fresh frame auth of `userId`; `restriction` overrides the SDK's default limiter settings.
 */
export function sdkClient(
  emu: Bitrix24Emulator,
  options: { userId?: number; scope?: string; restriction?: Partial<RestrictionParams> } = {},
): { b24: B24OAuth; auth: UserAuth } {
  const userId = options.userId ?? 1;
  const auth = emu.control.issueUserAuth(userId);
  const b24 = new B24OAuth(
    {
      applicationToken: emu.store.applicationToken() ?? '',
      userId,
      memberId: emu.memberId,
      accessToken: auth.AUTH_ID,
      refreshToken: auth.REFRESH_ID,
      expires: auth.expires,
      expiresIn: 3600,
      scope: options.scope ?? 'crm',
      domain: emu.domain,
      clientEndpoint: emu.oauth.clientEndpoint,
      serverEndpoint: emu.oauth.clientEndpoint,
      status: EnumAppStatus.Local,
    },
    { clientId: emu.oauth.clientId, clientSecret: emu.oauth.clientSecret },
    { restrictionParams: { ...ParamsFactory.getDefault(), ...options.restriction } },
  );
  return { b24, auth };
}
