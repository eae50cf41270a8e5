import { describe, expect, it } from 'vitest';
import { ConfigError, envHelp, loadConfig } from './env';

describe('server configuration', () => {
  it('has working defaults: SQLite under ./.kvota, port 8080, a random session secret', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('sqlite:./.kvota/kvota.sqlite');
    expect(c.port).toBe(8080);
    expect(c.sessionSecretGenerated).toBe(true);
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable in one error, never echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        KVOTA_PORT: 'eighty',
        KVOTA_PUBLIC_URL: 'ftp://x',
        KVOTA_SESSION_SECRET: 'hunter2',
        KVOTA_LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'KVOTA_LOG_LEVEL',
      'KVOTA_PORT',
      'KVOTA_PUBLIC_URL',
      'KVOTA_SESSION_SECRET',
    ]);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toContain('"eighty"');
  });

  it('takes overrides and treats empty strings as unset', () => {
    const c = loadConfig({
      KVOTA_PORT: '0',
      KVOTA_PUBLIC_URL: 'https://kvota.example.ru/',
      KVOTA_LOG_LEVEL: '',
      KVOTA_B24_ALLOW_HTTP: '1',
    });
    expect(c.port).toBe(0);
    expect(c.publicUrl).toBe('https://kvota.example.ru');
    expect(c.logLevel).toBe('info');
    expect(c.b24.allowHttp).toBe(true);
  });

  it('documents every variable it reads', () => {
    const help = envHelp();
    for (const name of [
      'KVOTA_DATABASE_URL',
      'KVOTA_PORT',
      'KVOTA_PUBLIC_URL',
      'KVOTA_SESSION_SECRET',
      'KVOTA_B24_CLIENT_ID',
      'KVOTA_LOG_LEVEL',
    ]) {
      expect(help).toContain(name);
    }
  });
});
