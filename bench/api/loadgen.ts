/**
 * A small HTTP load generator on node:http keep-alive agents, run in a worker thread so that it does not share the
 * event loop of the server it measures. Closed loop: `connections` clients each send the next request as soon as
 * the previous answer is read, for `durationMs`. Open loop: `count` requests at a fixed rate, whatever the answers.
 */
import { Worker } from 'node:worker_threads';

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Why the failed ones failed: HTTP status or socket error code → count. */
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  elapsedMs: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const w = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: w.connections || 64 });
const url = new URL(w.url);
function once(method, headers, body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', (e) => resolve({ ok: false, status: e.code || 'error', ms: performance.now() - started }));
    req.end(body);
  });
}
function pct(arr, p) {
  if (!arr.length) return 0;
  const s = Float64Array.from(arr).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
async function closed() {
  const lat = [];
  let errors = 0;
  const until = performance.now() + w.durationMs;
  const started = performance.now();
  await Promise.all(Array.from({ length: w.connections }, async () => {
    while (performance.now() < until) {
      const r = await once('GET', w.headers, undefined);
      if (r.ok) lat.push(r.ms); else errors++;
    }
  }));
  const elapsed = performance.now() - started;
  return { requests: lat.length + errors, errors, rps: (lat.length / elapsed) * 1000, p50: pct(lat, 50), p99: pct(lat, 99) };
}
async function open() {
  const lat = [];
  let failed = 0;
  const statuses = {};
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < w.count; i++) {
    const due = started + (i * 1000) / w.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = w.bodyTemplate.replace('{i}', String(w.firstId + i));
    pending.push(once('POST', { ...w.headers, 'content-length': Buffer.byteLength(body) }, body).then((r) => {
      if (r.ok) lat.push(r.ms); else { failed++; statuses[r.status] = (statuses[r.status] || 0) + 1; }
    }));
  }
  await Promise.all(pending);
  return { sent: w.count, ok: lat.length, failed, statuses, p50: pct(lat, 50), p99: pct(lat, 99), elapsedMs: performance.now() - started };
}
(w.mode === 'closed' ? closed() : open()).then((r) => { agent.destroy(); parentPort.postMessage(r); });
`;

function runWorker<T>(data: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: data });
    worker.once('message', (m) => {
      resolve(m as T);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export function closedLoop(opts: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
}): Promise<ClosedLoopResult> {
  return runWorker({ mode: 'closed', headers: {}, ...opts });
}

/** `bodyTemplate` has `{i}` replaced by firstId + i for request i. */
export function openLoop(opts: {
  url: string;
  headers: Record<string, string>;
  bodyTemplate: string;
  firstId: number;
  count: number;
  rate: number;
}): Promise<OpenLoopResult> {
  return runWorker({ mode: 'open', connections: 256, ...opts });
}
