/**
 * Live updates. One hub per process holds the open event streams (per portal). Publishing goes through a bus:
 *  - in-process (SQLite, single process): straight to the local hub;
 *  - PostgreSQL: NOTIFY on a channel every `kvota serve` process LISTENs on, so a widget connected to any process
 *    hears a deal won in the process that happens to run that portal's sync.
 * Events carry ids and periods only, never amounts: what a viewer may see is fetched through the guarded API.
 */

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { LiveEvent } from '../../../contract/api/org';
import type { DB } from '../db/schema';
import type { LivePublisher } from './deps';
import type { Logger } from './logger';

export type LiveListener = (event: LiveEvent) => void;

export class LiveHub {
  private readonly portals = new Map<string, Set<LiveListener>>();
  /** Called for every event this process delivers (e.g. to drop cached boards on statements_changed). */
  onEvent: ((portalId: string, event: LiveEvent, remote: boolean) => void) | null = null;

  subscribe(portalId: string, listener: LiveListener): () => void {
    let set = this.portals.get(portalId);
    if (!set) {
      set = new Set();
      this.portals.set(portalId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.portals.delete(portalId);
    };
  }

  deliver(portalId: string, event: LiveEvent, remote = false): void {
    this.onEvent?.(portalId, event, remote);
    for (const listener of this.portals.get(portalId) ?? []) listener(event);
  }

  connections(): number {
    let n = 0;
    for (const set of this.portals.values()) n += set.size;
    return n;
  }
}

/** Single process: publish = deliver. */
export class LocalBus implements LivePublisher {
  constructor(private readonly hub: LiveHub) {}
  async publish(portalId: string, event: LiveEvent): Promise<void> {
    this.hub.deliver(portalId, event);
  }
  async close(): Promise<void> {}
}

const MAX_PAYLOAD = 7000; // PostgreSQL caps NOTIFY payloads at 8000 bytes

/** Several processes on one PostgreSQL: NOTIFY to publish, one LISTEN connection per process to receive. */
export class PgBus implements LivePublisher {
  private client: pg.Client | null = null;
  private closed = false;
  private readonly origin = Math.random().toString(36).slice(2);
  readonly channel: string;

  constructor(
    private readonly hub: LiveHub,
    private readonly db: Kysely<DB>,
    private readonly connection: { url: string; schema?: string },
    private readonly log: Logger,
  ) {
    this.channel = `kvota_live_${connection.schema ?? 'public'}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connection.url });
    client.on('notification', (msg) => this.receive(msg.payload));
    client.on('error', (error) => {
      this.log.warn('live LISTEN connection lost; reconnecting', { error: error.message });
      this.client = null;
      if (!this.closed) setTimeout(() => void this.start().catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  private receive(payload: string | undefined): void {
    if (!payload) return;
    try {
      const msg = JSON.parse(payload) as { o: string; p: string; e: unknown };
      const event = LiveEvent.safeParse(msg.e);
      if (!event.success || typeof msg.p !== 'string') return;
      // Our own notifications come back too; they were delivered locally already.
      if (msg.o === this.origin) return;
      this.hub.deliver(msg.p, event.data, true);
    } catch {
      this.log.warn('ignored a malformed live notification');
    }
  }

  async publish(portalId: string, event: LiveEvent): Promise<void> {
    this.hub.deliver(portalId, event);
    let body = JSON.stringify({ o: this.origin, p: portalId, e: event });
    if (body.length > MAX_PAYLOAD && event.type === 'statements_changed') {
      // Too many reps to list: an empty list means "anyone may have changed".
      body = JSON.stringify({ o: this.origin, p: portalId, e: { ...event, repIds: [] } });
    }
    await sql`select pg_notify(${this.channel}, ${body})`.execute(this.db);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
