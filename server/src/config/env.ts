/**
 * @module Server configuration: read ONCE from environment variables by the composition root, validated with zod,
 * frozen and injected. Nothing else in the server reads process.env. Each bad value yields one clear line.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Every variable `kvota serve` reads, with its help text (rendered by `kvota serve --help`). */
export const ENV_DOCS: ReadonlyArray<{ name: string; default: string; help: string }> = [
  {
    name: 'KVOTA_DATABASE_URL',
    default: 'sqlite:./.kvota/kvota.sqlite',
    help: 'Where data lives: postgres://user@host:5432/db for PostgreSQL (several processes may share it), or a SQLite file (sqlite:path or a plain path).',
  },
  { name: 'KVOTA_HOST', default: '127.0.0.1', help: 'Interface to listen on (0.0.0.0 to accept outside connections).' },
  { name: 'KVOTA_PORT', default: '8080', help: 'TCP port to listen on (0 picks a free port).' },
  {
    name: 'KVOTA_PUBLIC_URL',
    default: 'http://<host>:<port>',
    help: 'The https URL the CRM and browsers reach this server at (used in app handler URLs and event bindings).',
  },
  {
    name: 'KVOTA_SESSION_SECRET',
    default: '(random per start)',
    help: 'At least 32 characters; signs session tokens. Set it (the same on every process) so sessions survive restarts and work across processes.',
  },
  { name: 'KVOTA_SESSION_TTL', default: '3600', help: 'Session lifetime in seconds (60–86400).' },
  {
    name: 'KVOTA_B24_CLIENT_ID',
    default: '(none)',
    help: 'Bitrix24 application client_id (from the partner or local app settings).',
  },
  { name: 'KVOTA_B24_CLIENT_SECRET', default: '(none)', help: 'Bitrix24 application client_secret.' },
  {
    name: 'KVOTA_B24_ALLOW_HTTP',
    default: '0',
    help: '1 accepts Bitrix24 portals reached over plain http (the local emulator, the demo). Never in production.',
  },
  { name: 'KVOTA_BODY_LIMIT', default: '1048576', help: 'Largest accepted request body in bytes (bigger → 413).' },
  {
    name: 'KVOTA_SYNC_INTERVAL',
    default: '300',
    help: 'Seconds between reconciliation passes (modified-since + deletion sweep) per portal; 0 = webhooks and initial loads only.',
  },
  {
    name: 'KVOTA_LOG_LEVEL',
    default: 'info',
    help: `Log verbosity: ${LOG_LEVELS.join(', ')}. Logs are JSON lines on stderr.`,
  },
];

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0)
  .max(65535, 'must be 0–65535');

const EnvSchema = z.object({
  KVOTA_DATABASE_URL: z.string().min(1, 'must not be empty').default('sqlite:./.kvota/kvota.sqlite'),
  KVOTA_HOST: z.string().min(1).default('127.0.0.1'),
  KVOTA_PORT: port.default(8080),
  KVOTA_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://kvota.example.ru' })
    .optional(),
  KVOTA_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  KVOTA_SESSION_TTL: z.coerce
    .number()
    .int()
    .min(60, 'must be at least 60 seconds')
    .max(86400, 'must be at most 86400 seconds')
    .default(3600),
  KVOTA_B24_CLIENT_ID: z.string().min(1).optional(),
  KVOTA_B24_CLIENT_SECRET: z.string().min(1).optional(),
  KVOTA_B24_ALLOW_HTTP: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  KVOTA_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  KVOTA_SYNC_INTERVAL: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(86400).default(300),
  KVOTA_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export interface ServerConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Null until the port is known; startServer fills it from host:port when not configured. */
  publicUrl: string | null;
  sessionSecret: string;
  /** True when no secret was configured and a random one was made for this process. */
  sessionSecretGenerated: boolean;
  sessionTtlSeconds: number;
  b24: { clientId: string | null; clientSecret: string | null; allowHttp: boolean };
  bodyLimitBytes: number;
  syncIntervalSeconds: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (empty strings count as unset); throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<ServerConfig> {
  const input: Record<string, string> = {};
  for (const { name } of ENV_DOCS) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const value = input[name];
        const shown = value === undefined || /SECRET/.test(name) ? '' : ` (got "${value}")`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.KVOTA_DATABASE_URL,
    host: e.KVOTA_HOST,
    port: e.KVOTA_PORT,
    publicUrl: e.KVOTA_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    sessionSecret: e.KVOTA_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: !e.KVOTA_SESSION_SECRET,
    sessionTtlSeconds: e.KVOTA_SESSION_TTL,
    b24: {
      clientId: e.KVOTA_B24_CLIENT_ID ?? null,
      clientSecret: e.KVOTA_B24_CLIENT_SECRET ?? null,
      allowHttp: e.KVOTA_B24_ALLOW_HTTP === '1',
    },
    bodyLimitBytes: e.KVOTA_BODY_LIMIT,
    syncIntervalSeconds: e.KVOTA_SYNC_INTERVAL,
    logLevel: e.KVOTA_LOG_LEVEL,
  });
}

/** The environment section of `kvota serve --help`. */
export function envHelp(): string {
  const width = Math.max(...ENV_DOCS.map((d) => d.name.length));
  return ENV_DOCS.map((d) => `  ${d.name.padEnd(width)}  ${d.help}\n  ${''.padEnd(width)}  default: ${d.default}`).join(
    '\n',
  );
}
