import type { Kysely } from 'kysely';
import { acquireLease, releaseLease, renewLease } from '../db/crm/sync-state';
import type { DB } from '../db/schema';
import type { CrmSync, SyncReport } from './crm-sync';

/**
 * Runs one sync pass of a portal under its lease, so that with several server processes exactly one syncs a portal at
 * a time. The lease is renewed while the pass runs; if renewal fails (we stalled past the TTL and another process took
 * over), the pass stops at the next page boundary — every committed page is consistent, so nothing is lost.
 * Returns null when another holder has the lease.
 */
export async function syncUnderLease(args: {
  db: Kysely<DB>;
  sync: CrmSync;
  portalId: string;
  holder: string;
  ttlMs?: number;
  now?: () => number;
  passes?: { reconcile?: boolean; sweep?: boolean; directory?: boolean };
}): Promise<SyncReport | null> {
  const ttl = args.ttlMs ?? 60_000;
  const now = args.now ?? Date.now;
  if (!(await acquireLease(args.db, args.portalId, args.holder, ttl, now()))) return null;
  let lost = false;
  let renewing = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewLease(args.db, args.portalId, args.holder, ttl, now()).then(
        (ok) => {
          if (!ok) lost = true;
        },
        () => {
          lost = true;
        },
      );
    },
    Math.max(1_000, Math.floor(ttl / 3)),
  );
  try {
    return await args.sync.run(args.portalId, { ...args.passes, shouldStop: () => lost });
  } finally {
    clearInterval(timer);
    await renewing;
    if (!lost) await releaseLease(args.db, args.portalId, args.holder);
  }
}
