/**
 * A syncing process for the fault test: `node --import tsx test/helpers/sync-child.ts` with KVOTA_SYNC_CHILD (JSON).
 * mode "loop": initial load, then reconcile + sweep forever (until SIGKILLed); mode "once": one full pass, exit 0.
 */
import type { PacerLimits } from '../../server/src/crm/bitrix24/pacer';
import { Bitrix24Port } from '../../server/src/crm/bitrix24/port';
import { openDatabase } from '../../server/src/db/database';
import { CrmSync } from '../../server/src/sync/crm-sync';

interface ChildConfig {
  /** loop: until killed; once: load + dirty + reconcile + sweep; full: the initial load only (the bench). */
  mode: 'loop' | 'once' | 'full';
  dbUrl: string;
  schema?: string;
  oauth: { clientId: string; clientSecret: string };
  portalId: string;
  pageRows: number;
  limits?: PacerLimits;
}

const config = JSON.parse(process.env.KVOTA_SYNC_CHILD ?? '{}') as ChildConfig;
const store = openDatabase(config.dbUrl, config.schema ? { schema: config.schema, poolSize: 2 } : {});
const port = new Bitrix24Port({ db: store.db, oauth: config.oauth, maxAttempts: 20, limits: config.limits });
const sync = new CrmSync({ db: store.db, port, pageRows: config.pageRows, sweepIntervalMs: 0 });

process.stdout.write('READY\n');
if (config.mode === 'once' || config.mode === 'full') {
  const passes = config.mode === 'once' ? { reconcile: true, sweep: true } : {};
  const report = await sync.run(config.portalId, passes);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`DONE ${JSON.stringify({ ...report, maxRssMb })}\n`);
  await store.close();
} else {
  for (;;) {
    const report = await sync.run(config.portalId, { reconcile: true, sweep: true });
    process.stdout.write(`PASS ${JSON.stringify(report)}\n`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
