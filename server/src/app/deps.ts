import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database';
import type { DB } from '../db/schema';
import type { CrmKind, CrmPort } from '../ports/crm';
import type { LiveHub } from './live';
import type { Logger } from './logger';
import type { OrgCache } from './org';
import type { StatementsService } from './statements.service';

/** Who is calling, as proven by a Kvota session token. Every query filters by `portalId`. */
export interface Session {
  portalId: string;
  userId: string;
  role: 'admin' | 'manager' | 'rep';
  /** Departments this user heads; a manager sees these subtrees. */
  headOf: string[];
}

/** Which users a viewer may see within their own portal. */
export interface OrgDirectory {
  /** 'all' for admins (the whole portal), else the ids of visible users (always including the viewer). */
  visibleUserIds(session: Session): Promise<'all' | ReadonlySet<string>>;
  /** Department ids in the viewer's subtrees (admins: every department of the portal). */
  visibleDepartmentIds(session: Session): Promise<ReadonlySet<string>>;
  /** Forget cached org data of a portal (after a sync changed users or departments). */
  invalidate(portalId: string): void;
}

/** Statement recomputation, for the admin/finance routes that change plans, quotas or settings. */
export interface StatementsRecompute {
  /** Recompute every open (unlocked) rep-period of a portal; returns the number of statements written. */
  recomputePortal(portalId: string): Promise<number>;
  /** Recompute the given reps' statements for the given periods (locked periods are skipped). */
  recompute(portalId: string, repIds: readonly string[], periods: readonly string[]): Promise<number>;
}

/** A live event for the per-user stream; published to every process (LISTEN/NOTIFY on PostgreSQL). */
export interface LivePublisher {
  publish(portalId: string, event: import('../../../contract/api/org').LiveEvent): Promise<void>;
}

/**
 * Everything a route needs, injected once by the composition root (server/src/main.ts) and reachable in handlers as
 * `c.get('deps')`. Nothing under http/ reads process.env or opens connections on its own.
 */
export interface AppDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The only clock of the server (tests pin it). */
  clock: () => Date;
  log: Logger;
  sessionSecret: string;
  sessionTtlSeconds: number;
  org: OrgDirectory;
  statements: StatementsRecompute;
  live: LivePublisher;
  /** CRM products this server talks to (verifyFrameAuth at session start). */
  crm: Partial<Record<CrmKind, CrmPort>>;
  /** The stored-statement store behind the read API (boards, statements, recompute). */
  store: StatementsService;
  /** Open event streams of this process. */
  hub: LiveHub;
  /** Org charts per portal (cached). */
  orgs: OrgCache;
}
