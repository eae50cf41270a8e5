import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { controlRoutes, createControl } from './control';
import { Portal } from './portal';
import { createApp } from './server';
import { createStore } from './store';
import type { Bitrix24Emulator, Bitrix24EmulatorOptions } from './types';

export type { CostFunction, CostInfo, LimitSettings, LimitsOption } from './limits';
export { ceilingRowsPerSecond, defaultCost, resolveLimits } from './limits';
export type { Category, Currency, Deal, Department, Stage, StageHistoryRow, User } from './model';
export type * from './types';

/** Starts an emulated Bitrix24 portal on 127.0.0.1. See README.md. */
export async function startBitrix24Emulator(options: Bitrix24EmulatorOptions = {}): Promise<Bitrix24Emulator> {
  const portal = new Portal(options.now ?? Date.now, {
    seed: options.seed ?? 1,
    reps: options.reps ?? 12,
    deals: options.deals ?? 1200,
    limits: options.limits,
    now: options.now ?? Date.now,
    app: options.app,
  });
  const control = createControl(portal);
  const store = createStore(portal);
  const controlSecret = randomBytes(12).toString('hex');
  let pages: { fetch(request: Request): Response | Promise<Response> } | null = null;
  const app = createApp(portal, (a) => {
    control.routes(a);
    controlRoutes(control.api, store, controlSecret)(a);
    a.all('*', (c) => (pages ? pages.fetch(c.req.raw) : c.notFound()));
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  portal.domain = `127.0.0.1:${port}`;
  portal.baseUrl = baseUrl;
  return {
    baseUrl,
    domain: portal.domain,
    memberId: portal.memberId,
    webhookUrl: `${baseUrl}/rest/${portal.webhook.userId}/${portal.webhook.secret}/`,
    oauth: {
      clientId: portal.app.clientId,
      clientSecret: portal.app.clientSecret,
      tokenUrl: `${baseUrl}/oauth/token/`,
      authorizeUrl: `${baseUrl}/oauth/authorize/`,
      clientEndpoint: `${baseUrl}/rest/`,
    },
    controlUrl: `${baseUrl}/_emulator/${controlSecret}/`,
    control: control.api,
    store,
    mountPages: (p) => {
      pages = p;
    },
    close: async () => {
      control.api.stopChurn();
      await control.api.flushEvents();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (the SDK's axios agent) would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
export { type RemoteBitrix24Emulator, startBitrix24EmulatorProcess } from './process';
