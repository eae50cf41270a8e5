/**
 * @module The composition root: configuration → database (+ migrations) → CRM adapters → services → sync scheduler →
 * HTTP app → listening server. `startServer(options)` is what `kvota serve`, the demo and the integration tests run;
 * options override the environment.
 *
 * @example
 * const server = await startServer({ databaseUrl: ':memory:', port: 0, bitrix24: { clientId, clientSecret, allowHttp: true } });
 * await fetch(`${server.url}/api/health`);
 * await server.close();
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppDeps } from './app/deps';
import { LiveHub, LocalBus, PgBus } from './app/live';
import { createLogger, type Logger, type LogLevel } from './app/logger';
import { OrgCache } from './app/org';
import { StatementsService } from './app/statements.service';
import { SyncScheduler } from './app/sync-scheduler';
import { loadConfig, type ServerConfig } from './config/env';
import type { PacerLimits } from './crm/bitrix24/pacer';
import { Bitrix24Port } from './crm/bitrix24/port';
import { bitrix24Routes } from './crm/bitrix24/routes';
import { loadCursor } from './db/crm/sync-state';
import { type Database, migrateToLatest, openDatabase } from './db/database';
import { createApp } from './http/app';
import type { AppEnv } from './http/context';
import { adminRoutes } from './http/routes/admin/index';
import { financeRoutes } from './http/routes/finance/index';
import { registerFramePages } from './http/routes/frame';
import type { CrmKind, CrmPort } from './ports/crm';
import { CrmSync } from './sync/crm-sync';

export interface StartServerOptions {
  /** Environment to read (default process.env); every option below overrides its variable. */
  env?: Record<string, string | undefined>;
  databaseUrl?: string;
  /** PostgreSQL: work inside this schema (tests isolate themselves this way). */
  databaseSchema?: string;
  /** An already opened and migrated database (the caller keeps ownership: close() leaves it open). */
  database?: Database;
  host?: string;
  /** 0 = a free port. */
  port?: number;
  publicUrl?: string;
  sessionSecret?: string;
  sessionTtlSeconds?: number;
  bitrix24?: { clientId: string; clientSecret: string; allowHttp?: boolean; limits?: PacerLimits };
  /** Seconds between reconciliation passes; 0 = only dirty deals and initial loads. */
  syncIntervalSeconds?: number;
  /** false: no sync scheduler in this process (serve the API only). */
  sync?: boolean;
  logLevel?: LogLevel;
  log?: Logger;
  /** The server's clock (tests pin it). */
  clock?: () => Date;
  /** Where the built widget lives (default dist/widget). */
  widgetDir?: string;
  bodyLimitBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The public URL the CRM is told about (handler and event URLs). */
  publicUrl: string;
  deps: AppDeps;
  app: Hono<AppEnv>;
  scheduler: SyncScheduler | null;
  /** Bitrix24 install handler URL (what the portal's app settings point to). */
  bitrix24InstallUrl: string;
  close(): Promise<void>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function configFrom(options: StartServerOptions): ServerConfig {
  const base = loadConfig(options.env ?? process.env);
  return {
    ...base,
    databaseUrl: options.databaseUrl ?? base.databaseUrl,
    host: options.host ?? base.host,
    port: options.port ?? base.port,
    publicUrl: options.publicUrl ?? base.publicUrl,
    sessionSecret: options.sessionSecret ?? base.sessionSecret,
    sessionSecretGenerated: options.sessionSecret ? false : base.sessionSecretGenerated,
    sessionTtlSeconds: options.sessionTtlSeconds ?? base.sessionTtlSeconds,
    b24: {
      clientId: options.bitrix24?.clientId ?? base.b24.clientId,
      clientSecret: options.bitrix24?.clientSecret ?? base.b24.clientSecret,
      allowHttp: options.bitrix24?.allowHttp ?? base.b24.allowHttp,
    },
    syncIntervalSeconds: options.syncIntervalSeconds ?? base.syncIntervalSeconds,
    logLevel: options.logLevel ?? base.logLevel,
    bodyLimitBytes: options.bodyLimitBytes ?? base.bodyLimitBytes,
  };
}

function openStore(config: ServerConfig, schema: string | undefined): Database {
  const url = config.databaseUrl;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    const file = url.replace(/^sqlite:/, '');
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  }
  return openDatabase(url, schema ? { schema } : {});
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = configFrom(options);
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const store = options.database ?? openStore(config, options.databaseSchema);
  if (!options.database) await migrateToLatest(store.db);
  if (config.sessionSecretGenerated) {
    log.warn('KVOTA_SESSION_SECRET is not set: sessions end on restart and do not work across processes');
  }

  const hub = new LiveHub();
  const bus =
    store.dialect === 'postgres'
      ? new PgBus(
          hub,
          store.db,
          { url: config.databaseUrl, ...(options.databaseSchema ? { schema: options.databaseSchema } : {}) },
          log,
        )
      : new LocalBus(hub);
  if (bus instanceof PgBus) await bus.start();

  const orgs = new OrgCache(store.db);
  const statements = new StatementsService(store.db, orgs, bus, log, clock);
  // Another process recomputed a portal: its boards here are stale.
  hub.onEvent = (portalId, event, remote) => {
    if (remote && event.type === 'statements_changed') statements.invalidate(portalId);
  };

  const crm: Partial<Record<CrmKind, CrmPort>> = {};
  const syncs: Partial<Record<CrmKind, CrmSync>> = {};
  let b24Port: Bitrix24Port | null = null;
  if (config.b24.clientId && config.b24.clientSecret) {
    const oauth = { clientId: config.b24.clientId, clientSecret: config.b24.clientSecret };
    b24Port = new Bitrix24Port({
      db: store.db,
      oauth,
      ...(options.bitrix24?.limits ? { limits: options.bitrix24.limits } : {}),
    });
    crm.bitrix24 = b24Port;
    syncs.bitrix24 = new CrmSync({
      db: store.db,
      port: b24Port,
      now: clock,
      onDealsChanged: async (portalId, changes) => {
        // During the initial load pages arrive by thousands; one full recompute follows it instead (afterRun).
        const full = await loadCursor<{ done?: boolean }>(store.db, portalId, 'deals.full');
        if (!full?.done) return;
        await statements.onDealsChanged(portalId, changes);
      },
    });
  } else {
    log.warn('Bitrix24 is not configured (KVOTA_B24_CLIENT_ID / KVOTA_B24_CLIENT_SECRET): sessions cannot be verified');
  }

  const runSync = options.sync ?? true;
  const scheduler =
    runSync && Object.keys(syncs).length
      ? new SyncScheduler({
          db: store.db,
          syncs,
          log,
          reconcileMs: config.syncIntervalSeconds * 1000,
          afterRun: async (portalId, fullLoadFinished) => {
            orgs.invalidate(portalId);
            if (fullLoadFinished) {
              await statements.recomputePortal(portalId).catch(() => {});
            }
          },
        })
      : null;

  const deps: AppDeps = {
    db: store.db,
    dialect: store.dialect,
    clock,
    log,
    sessionSecret: config.sessionSecret,
    sessionTtlSeconds: config.sessionTtlSeconds,
    org: orgs,
    orgs,
    statements,
    store: statements,
    live: bus,
    hub,
    crm,
  };

  // The public URL is needed by the install handler before we listen; a port of 0 is resolved after listen.
  let publicUrl = config.publicUrl ?? '';
  const mounts: Hono<AppEnv>[] = [adminRoutes(), financeRoutes()];
  const plain: { path: string; app: Hono }[] = [];
  const b24Mount = '/b24';

  const app = createApp(deps, { bodyLimitBytes: config.bodyLimitBytes, mounts, plain });
  registerFramePages(app, {
    widgetDir: options.widgetDir ?? resolve(repoRoot, 'dist/widget'),
    allowHttp: config.b24.allowHttp,
  });

  if (b24Port && config.b24.clientId && config.b24.clientSecret) {
    const sub = bitrix24Routes({
      db: store.db,
      port: b24Port,
      oauth: { clientId: config.b24.clientId, clientSecret: config.b24.clientSecret },
      mountPath: b24Mount,
      // Read at request time: with port 0 the public URL is known only after listen.
      get publicUrl() {
        return publicUrl;
      },
      get appPageUrl() {
        return `${publicUrl}/widget/app.html`;
      },
      get dealTabUrl() {
        return `${publicUrl}/widget/deal-tab.html`;
      },
      allowHttp: config.b24.allowHttp,
      now: clock,
      onInstalled: (portalId) => scheduler?.kick(portalId),
      onDirty: (portalId) => scheduler?.kick(portalId),
      onUninstalled: (portalId) => {
        orgs.invalidate(portalId);
        statements.invalidate(portalId);
      },
    });
    app.route(b24Mount, sub as unknown as Hono<AppEnv>);
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolveListen, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveListen(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (!publicUrl) publicUrl = url;

  scheduler?.start();
  log.info('kvota serving', { url, publicUrl, database: store.dialect, sync: !!scheduler });

  let closed = false;
  return {
    url,
    port,
    publicUrl,
    deps,
    app,
    scheduler,
    bitrix24InstallUrl: `${publicUrl}${b24Mount}/install`,
    close: async () => {
      if (closed) return;
      closed = true;
      await scheduler?.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await bus.close();
      if (!options.database) await store.close();
    },
  };
}
