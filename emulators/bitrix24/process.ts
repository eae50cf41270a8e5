import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Bitrix24Control, Bitrix24Emulator, Bitrix24EmulatorOptions, Bitrix24Store } from './types';

/** Every method of T, answered asynchronously over HTTP. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export interface RemoteBitrix24Emulator
  extends Pick<Bitrix24Emulator, 'baseUrl' | 'domain' | 'memberId' | 'webhookUrl' | 'oauth' | 'controlUrl'> {
  pid: number;
  control: Remote<Bitrix24Control>;
  store: Remote<Bitrix24Store>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./process-main.ts', import.meta.url));

/**
 * Runs the emulator in a child process (so a benchmark's RSS or a SIGKILL test measures only the sync), with the
 * control API and store reachable over HTTP. `now` cannot cross the process boundary; use `control.advanceClock`.
 */
export async function startBitrix24EmulatorProcess(
  options: Omit<Bitrix24EmulatorOptions, 'now'> = {},
): Promise<RemoteBitrix24Emulator> {
  if (typeof options.limits === 'object' && options.limits.costPerCall)
    throw new Error('costPerCall cannot cross a process boundary; pass limits without it or run in-process');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, JSON.stringify(options)], {
    // stdin stays open as a lifeline: when this process dies, the pipe closes and the child exits.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code} before it was ready`)));
    child.once('error', reject);
  });
  const controlUrl = String(info.controlUrl);
  const call = async (op: string, args: unknown[]) => {
    const res = await fetch(`${controlUrl}${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { result?: unknown; error?: string };
    if (!res.ok) throw new Error(body.error ?? `control ${op} failed with HTTP ${res.status}`);
    return body.result;
  };
  const proxy = <T extends object>(prefix: string) =>
    new Proxy({} as Remote<T>, {
      get: (_t, name) =>
        typeof name === 'string' ? (...args: unknown[]) => call(`${prefix}${name}`, args) : undefined,
    });
  return {
    ...(info as Pick<Bitrix24Emulator, 'baseUrl' | 'domain' | 'memberId' | 'webhookUrl' | 'oauth' | 'controlUrl'>),
    pid: child.pid!,
    control: proxy<Bitrix24Control>(''),
    store: proxy<Bitrix24Store>('store.'),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
