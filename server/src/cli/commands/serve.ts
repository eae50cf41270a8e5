import { ConfigError, envHelp } from '../../config/env';
import type { Command } from '../command';
import { UsageError } from '../command';

/** `kvota serve`: the companion server (API, widget pages, CRM install/events, sync) until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the Kvota server: API, widget pages, CRM install/events and the sync',
  help: `Usage: kvota serve [--port N] [--host ADDR] [--database URL] [--no-sync]

Runs the Kvota companion server: the HTTP API the widget calls (OpenAPI at /api/openapi.json), the widget's
frame pages (/widget/…, built by \`npm run build\`), the Bitrix24 install and event handlers (/b24/install,
/b24/event) and the background sync of every installed portal.

Embedded default: one process with a SQLite file under ./.kvota/. For more load, run several \`kvota serve\`
processes against ONE PostgreSQL database with the same KVOTA_SESSION_SECRET: each portal's sync runs in exactly
one process at a time (a lease in the database), CRM webhooks may reach any process (they are queued durably),
and live updates reach widgets connected to any process (LISTEN/NOTIFY).

Options (each overrides its environment variable):
  --port N          KVOTA_PORT
  --host ADDR       KVOTA_HOST
  --database URL    KVOTA_DATABASE_URL
  --public-url URL  KVOTA_PUBLIC_URL
  --no-sync         serve the API only; another process syncs (or none)

Environment:
${envHelp()}

Examples:
  kvota serve
  KVOTA_DATABASE_URL=postgres://kvota@db:5432/kvota KVOTA_SESSION_SECRET=… kvota serve --port 8081
`,
  async run(argv, io) {
    const opts: { port?: number; host?: string; databaseUrl?: string; publicUrl?: string; sync?: boolean } = {};
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const value = () => {
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
        return v;
      };
      if (arg === '--port') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('--port must be a whole number 0–65535');
        opts.port = n;
      } else if (arg === '--host') opts.host = value();
      else if (arg === '--database') opts.databaseUrl = value();
      else if (arg === '--public-url') opts.publicUrl = value();
      else if (arg === '--no-sync') opts.sync = false;
      else throw new UsageError(`unknown option ${arg} (see kvota serve --help)`);
    }
    const { startServer } = await import('../../main');
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(opts);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      if (error instanceof Error && /EADDRINUSE/.test(error.message))
        throw new UsageError(`port is already in use: ${error.message}`);
      throw error;
    }
    io.stdout(`Kvota is serving at ${server.url} (public URL ${server.publicUrl})\n`);
    if (server.deps.crm.bitrix24) io.stdout(`Bitrix24 install handler: ${server.bitrix24InstallUrl}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout('Stopping…\n');
    await server.close();
    return 0;
  },
};
