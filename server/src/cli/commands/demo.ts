import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startDemo } from '../../../../demo/start';
import { type Command, UsageError } from '../command';

const help = `kvota demo — the whole product on one machine, no CRM account needed

Usage: kvota demo [--port N] [--server-port N] [--lang ru|en] [--open]

Starts an emulated Bitrix24 portal with a seeded sales organisation (departments, heads, reps, three pipelines,
a year of deals in RUB, USD and EUR), the Kvota server on SQLite (.kvota/demo/kvota.sqlite, recreated each run),
installs the app into the portal as the Bitrix24 Market would, publishes a monthly sales plan with quotas through
the admin API, and serves a page that plays Bitrix24: a deal list, deal cards with the Kvota tab and the Kvota app
page, with a switch to view as a rep, a manager or an admin. Stop with Ctrl+C.

Options:
  --port N          port of the emulated portal page (default 4600; 0 = any free port)
  --server-port N   port of the Kvota server (default 4610; 0 = any free port)
  --lang ru|en      interface language at start (default ru)
  --open            also open the page in the default browser, where one is available
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the demo: emulated Bitrix24 portal + Kvota server on SQLite + widget',
  help,
  async run(argv, io) {
    let values: { port?: string; 'server-port'?: string; lang?: string; open?: boolean };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          'server-port': { type: 'string' },
          lang: { type: 'string' },
          open: { type: 'boolean' },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const port = (name: string, raw: string | undefined, fallback: number) => {
      const n = raw === undefined ? fallback : Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new UsageError(`--${name} must be a port number, got "${raw}"`);
      return n;
    };
    if (values.lang !== undefined && values.lang !== 'ru' && values.lang !== 'en') {
      throw new UsageError(`--lang must be ru or en, got "${values.lang}"`);
    }
    const demo = await startDemo({
      portalPort: port('port', values.port, 4600),
      serverPort: port('server-port', values['server-port'], 4610),
      lang: (values.lang as 'ru' | 'en' | undefined) ?? 'ru',
      onProgress: (line) => io.stdout(`  ${line}\n`),
    });
    io.stdout(
      `\nKvota demo is running.\n\n  Open ${demo.url}\n\n  Kvota server: ${demo.server.url}  (API: ${demo.server.url}/api/openapi.json)\n  Emulated portal REST: ${demo.emulator.baseUrl}/rest/\n\nPress Ctrl+C to stop.\n`,
    );
    if (values.open) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [demo.url], { stdio: 'ignore', detached: true })
        .on('error', () => io.stdout(`(no browser could be opened here: open ${demo.url} yourself)\n`))
        .unref();
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout('\nstopping…\n');
    await demo.close();
    return 0;
  },
};
