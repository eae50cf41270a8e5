import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../../audit/chain';
import { openDatabase } from '../../db/database';
import { type Command, UsageError } from '../command';

const DEFAULT_DATABASE = 'sqlite:./.kvota/kvota.sqlite';

const help = `kvota audit verify — check that the audit log has not been tampered with

Usage: kvota audit verify [--database URL] [--schema NAME] [--portal ID] [--json]

Every change to plans, quotas, settings, adjustments, approvals and period locks is written to the audit log in the
same transaction as the change. Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
JSON, per portal. This command re-computes every chain and reports the first entry that does not hold: an edited
entry, a deleted one (a gap in the sequence), or a deleted tail (the log ends before the recorded chain head).

Options:
  --database URL  postgres://… or a SQLite file (sqlite:path); default $KVOTA_DATABASE_URL or ${DEFAULT_DATABASE}
  --schema NAME   PostgreSQL schema holding Kvota's tables (default: the connection's search_path)
  --portal ID     verify one portal only (default: every portal with audit entries)
  --json          print the report as JSON
  -h, --help      this text

Exit status: 0 every chain intact; 1 tampering found (the broken entry's id is printed); 2 usage error.

Examples:
  kvota audit verify
  kvota audit verify --database postgres://kvota@db/kvota --portal b24-1a2b3c
`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the tamper-evident audit log (kvota audit verify)',
  help,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'verify')
      throw new UsageError(
        sub ? `unknown subcommand "${sub}"; try: kvota audit verify` : 'missing subcommand; try: kvota audit verify',
      );
    let values: { database?: string; schema?: string; portal?: string; json?: boolean };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          database: { type: 'string' },
          schema: { type: 'string' },
          portal: { type: 'string' },
          json: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const url = values.database ?? process.env.KVOTA_DATABASE_URL ?? DEFAULT_DATABASE;
    const isPg = /^postgres(ql)?:\/\//.test(url);
    if (!isPg) {
      const file = url.replace(/^sqlite:/, '');
      if (file !== ':memory:' && !existsSync(file)) throw new UsageError(`no database at ${file}; pass --database`);
    }
    if (values.schema && !/^[a-z_][a-z0-9_]*$/i.test(values.schema))
      throw new UsageError(`invalid schema name "${values.schema}"`);
    const store = openDatabase(url, values.schema ? { schema: values.schema } : {});
    try {
      let report: Awaited<ReturnType<typeof verifyAuditChain>>;
      try {
        report = await verifyAuditChain(store.db, values.portal ? { portalId: values.portal } : {});
      } catch (error) {
        throw new UsageError(
          `cannot read the audit log (is this a Kvota database, migrated by kvota serve?): ${(error as Error).message}`,
          1,
        );
      }
      if (values.json) io.stdout(`${JSON.stringify(report)}\n`);
      else {
        if (report.portals.length === 0) io.stdout('No audit entries.\n');
        for (const p of report.portals) {
          if (p.broken) {
            io.stdout(
              `portal ${p.portalId}: TAMPERED at entry ${p.broken.id ?? '(none)'} (seq ${p.broken.seq}): ${p.broken.reason}\n`,
            );
          } else io.stdout(`portal ${p.portalId}: ok, ${p.entries} entries\n`);
        }
      }
      if (!report.ok) {
        const first = report.portals.find((p) => p.broken)!;
        io.stderr(
          `kvota audit: the audit log of portal ${first.portalId} was altered; first broken entry: ${first.broken!.id ?? `seq ${first.broken!.seq}`}\n`,
        );
        return 1;
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
