import { z } from 'zod';
import { CurrencyCode } from '../money';

export const Role = z.enum(['admin', 'manager', 'rep']);
export type Role = z.infer<typeof Role>;

/** What the widget presents from the CRM frame; the server checks it with the portal once, then issues a session. */
export const SessionRequest = z.strictObject({
  crm: z.enum(['bitrix24', 'amocrm']),
  /** Bitrix24: DOMAIN; amoCRM: account subdomain host. */
  domain: z.string().min(1).max(255),
  /** Bitrix24: member_id; amoCRM: account id. */
  memberId: z.string().min(1).max(128),
  /** Bitrix24: AUTH_ID from the frame; amoCRM: the widget's X-Auth-Token JWT. */
  authId: z.string().min(1).max(4096),
});
export type SessionRequest = z.infer<typeof SessionRequest>;

export const SessionUser = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  /** Departments this user heads (managers see these subtrees). */
  headOf: z.array(z.string()),
});

export const SessionResponse = z.object({
  /** Bearer token for every later call; short-lived, bound to portal + user. */
  token: z.string(),
  expiresAt: z.string().datetime(),
  user: SessionUser,
  portal: z.object({
    id: z.string(),
    domain: z.string(),
    language: z.enum(['ru', 'en']),
    baseCurrency: CurrencyCode,
    timeZone: z.string(),
    /** What reps may see on the leaderboard. */
    leaderboardVisibility: z.enum(['ranks', 'amounts']),
  }),
});
export type SessionResponse = z.infer<typeof SessionResponse>;
