import { parseArgs } from 'node:util';
import { type Bitrix24Emulator, startBitrix24Emulator } from '../../../../emulators/bitrix24/index';
import { type Command, type CommandIO, UsageError } from '../command';

const help = `kvota emulate — run a local emulated CRM portal

Usage: kvota emulate bitrix24 [--port N] [--seed S] [--reps N] [--deals N] [--plan standard|enterprise|off]

Starts an emulated Bitrix24 cloud portal on 127.0.0.1: REST over an inbound webhook and OAuth (including the
/oauth/token/ endpoint with rotating refresh tokens), rate limits as on the chosen plan, outgoing events, and a
deterministic Russian sales organisation (departments, reps, pipelines, deals in RUB/USD/EUR across the last
12 months). It prints the webhook URL and the OAuth endpoints and runs until Ctrl+C.

Options:
  --port N       port to listen on (default 0: a free port)
  --seed S       seed of the generated data; the same seed gives the same portal (default 1)
  --reps N       sales reps besides the six managers (default 12)
  --deals N      deals to generate (default 1200; 100000 takes a few seconds)
  --plan P       rate limits: standard (50 burst, 2/s; default), enterprise (250, 5/s), off
  -h, --help     this text

amoCRM is not emulated yet.

Examples:
  kvota emulate bitrix24
  kvota emulate bitrix24 --port 8090 --seed 42 --deals 100000 --plan enterprise
`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

/** Parses the arguments and starts the emulator; returns it with the text to print. */
export async function startFromArgs(argv: string[]): Promise<{ emulator: Bitrix24Emulator; text: string }> {
  const [crm, ...rest] = argv;
  if (!crm) throw new UsageError('which CRM? try: kvota emulate bitrix24');
  if (crm === 'amocrm')
    throw new UsageError('the amoCRM emulator is not yet available; try: kvota emulate bitrix24', 1);
  if (crm !== 'bitrix24') throw new UsageError(`unknown CRM "${crm}"; try: kvota emulate bitrix24`);
  let values: { port?: string; seed?: string; reps?: string; deals?: string; plan?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        reps: { type: 'string' },
        deals: { type: 'string' },
        plan: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const plan = values.plan ?? 'standard';
  if (plan !== 'standard' && plan !== 'enterprise' && plan !== 'off')
    throw new UsageError(`--plan must be standard, enterprise or off, got "${plan}"`);
  const port = positiveInt('port', values.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got "${values.port}"`);
  const options = {
    port,
    seed: positiveInt('seed', values.seed, 1),
    reps: positiveInt('reps', values.reps, 12, 1),
    deals: positiveInt('deals', values.deals, 1200),
    limits: plan,
  } as const;
  let emulator: Bitrix24Emulator;
  try {
    emulator = await startBitrix24Emulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pick another with --port`, 1);
    throw error;
  }
  const e = emulator;
  const text = [
    `Bitrix24 portal emulator on ${e.baseUrl} (seed ${options.seed}, ${options.reps} reps, ${options.deals} deals, plan ${plan})`,
    '',
    `  Inbound webhook  ${e.webhookUrl}`,
    `  REST (OAuth)     ${e.oauth.clientEndpoint}   (auth=<access_token>)`,
    `  OAuth token      ${e.oauth.tokenUrl}`,
    `  OAuth authorize  ${e.oauth.authorizeUrl}`,
    `  client_id        ${e.oauth.clientId}`,
    `  client_secret    ${e.oauth.clientSecret}`,
    `  member_id        ${e.memberId}`,
    '',
    `Try: curl -g '${e.webhookUrl}crm.deal.list?select[]=ID&select[]=TITLE&select[]=OPPORTUNITY'`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
  return { emulator, text };
}

export const emulateCommand: Command = {
  name: 'emulate',
  summary: 'Run a local emulated Bitrix24 portal (kvota emulate bitrix24)',
  help,
  async run(argv: string[], io: CommandIO) {
    const { emulator, text } = await startFromArgs(argv);
    io.stdout(text);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emulator.close();
    io.stdout('Emulator stopped.\n');
    return 0;
  },
};
