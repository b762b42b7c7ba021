import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'wm-config-'));

describe('config', () => {
  it('defaults to the embedded database and generates secrets kept in DATA_DIR', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c).toMatchObject({ port: 3000, host: 'localhost', role: 'all', databaseUrl: undefined, publicUrl: 'http://localhost:3000' });
    expect(c.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(d, 'secret.key'), 'utf8').trim()).toBe(c.secretKey);
    expect(loadConfig({ DATA_DIR: d }).secretKey).toBe(c.secretKey); // stable across restarts
    expect(existsSync(join(d, 'operator.token'))).toBe(true);
  });

  it('puts short links under PUBLIC_URL/l unless SHORT_LINK_BASE_URL says otherwise', () => {
    expect(loadConfig({ DATA_DIR: dir(), PUBLIC_URL: 'https://sms.example.com/' }).shortLinkBaseUrl).toBe('https://sms.example.com/l');
    expect(loadConfig({ DATA_DIR: dir(), SHORT_LINK_BASE_URL: 'https://wm.link/go/' }).shortLinkBaseUrl).toBe('https://wm.link/go');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ DATA_DIR: dir(), PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'PUBLIC_URL']) expect(problems).toContain(key);
    }
  });

  const cases: Array<[string, Record<string, string>, string]> = [
    ['PostgreSQL without SECRET_KEY', { DATABASE_URL: 'postgres://x/y', OPERATOR_TOKEN: 'o'.repeat(30) }, 'SECRET_KEY'],
    ['PostgreSQL without OPERATOR_TOKEN', { DATABASE_URL: 'postgres://x/y', SECRET_KEY: 's'.repeat(40) }, 'OPERATOR_TOKEN'],
    ['a split role on PGlite', { ROLE: 'worker' }, 'ROLE'],
    ['a short SECRET_KEY', { SECRET_KEY: 'short' }, 'SECRET_KEY'],
    ['a short-link base with a long path', { SHORT_LINK_BASE_URL: 'https://wm.link/campaigns' }, 'SHORT_LINK_BASE_URL'],
    ['a short-link base without a path', { SHORT_LINK_BASE_URL: 'https://wm.link/' }, 'SHORT_LINK_BASE_URL'],
  ];
  for (const [label, env, key] of cases) {
    it(`refuses ${label}`, () => {
      expect(() => loadConfig({ DATA_DIR: dir(), ...env })).toThrow(key);
    });
  }

  it('configures the simulated carrier and refuses rates outside 0–1', () => {
    expect(loadConfig({ DATA_DIR: dir(), SIMULATOR_LATENCY_MS: '50', SIMULATOR_FAILED_RATE: '0.1' }).simulator).toMatchObject({ latencyMs: 50, failedRate: 0.1, undeliveredRate: 0 });
    expect(() => loadConfig({ DATA_DIR: dir(), SIMULATOR_THROTTLE_RATE: '2' })).toThrow('SIMULATOR_THROTTLE_RATE');
    // Embedded by default; a simulator process of its own needs its URL and the shared main-account token.
    expect(loadConfig({ DATA_DIR: dir() }).simulator).toMatchObject({ url: null, authToken: null });
    expect(loadConfig({ DATA_DIR: dir(), SIMULATOR_URL: 'http://127.0.0.1:3100/', SIMULATOR_AUTH_TOKEN: 'x'.repeat(16) }).simulator).toMatchObject({ url: 'http://127.0.0.1:3100', authToken: 'x'.repeat(16) });
    expect(() => loadConfig({ DATA_DIR: dir(), SIMULATOR_URL: 'http://127.0.0.1:3100' })).toThrow('SIMULATOR_AUTH_TOKEN');
    expect(() => loadConfig({ DATA_DIR: dir(), SIMULATOR_URL: 'ftp://h', SIMULATOR_AUTH_TOKEN: 'x'.repeat(16) })).toThrow('SIMULATOR_URL');
  });

  it("sets the dispatcher's claim time (30 s by default) and refuses one under half a second", () => {
    expect(loadConfig({ DATA_DIR: dir() }).dispatchClaimMs).toBe(30_000);
    expect(loadConfig({ DATA_DIR: dir(), DISPATCH_CLAIM_MS: '2000' }).dispatchClaimMs).toBe(2000);
    expect(() => loadConfig({ DATA_DIR: dir(), DISPATCH_CLAIM_MS: '10' })).toThrow('DISPATCH_CLAIM_MS');
  });

  it('bounds how long a turn renews its claims (15 minutes by default), never below one claim', () => {
    expect(loadConfig({ DATA_DIR: dir() }).dispatchClaimMaxMs).toBe(900_000);
    expect(loadConfig({ DATA_DIR: dir(), DISPATCH_CLAIM_MS: '2000', DISPATCH_CLAIM_MAX_MS: '2000' }).dispatchClaimMaxMs).toBe(2000);
    expect(() => loadConfig({ DATA_DIR: dir(), DISPATCH_CLAIM_MAX_MS: '10000' })).toThrow('DISPATCH_CLAIM_MAX_MS: must be at least DISPATCH_CLAIM_MS');
    expect(() => loadConfig({ DATA_DIR: dir(), DISPATCH_CLAIM_MAX_MS: 'soon' })).toThrow('DISPATCH_CLAIM_MAX_MS');
  });

  it("sets the dispatcher's concurrency per carrier (4) and the tests-only hand-over pause (0)", () => {
    expect(loadConfig({ DATA_DIR: dir() })).toMatchObject({ dispatchConcurrency: 4, dispatchTestHandoverDelayMs: 0 });
    expect(loadConfig({ DATA_DIR: dir(), DISPATCH_CONCURRENCY: '8' }).dispatchConcurrency).toBe(8);
    expect(() => loadConfig({ DATA_DIR: dir(), DISPATCH_CONCURRENCY: '0' })).toThrow('DISPATCH_CONCURRENCY');
  });

  it('turns /metrics on only with a METRICS_TOKEN of 24+ characters, and limits sign-ups per IP (10 an hour; 0 = off)', () => {
    expect(loadConfig({ DATA_DIR: dir() })).toMatchObject({ metricsToken: null, signupPerIpPerHour: 10 });
    expect(loadConfig({ DATA_DIR: dir(), METRICS_TOKEN: 'm'.repeat(24), SIGNUP_PER_IP_PER_HOUR: '0' })).toMatchObject({ metricsToken: 'm'.repeat(24), signupPerIpPerHour: 0 });
    expect(() => loadConfig({ DATA_DIR: dir(), METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN');
    expect(() => loadConfig({ DATA_DIR: dir(), SIGNUP_PER_IP_PER_HOUR: '-1' })).toThrow('SIGNUP_PER_IP_PER_HOUR');
  });

  it('keeps the email log 30 days by default; EMAIL_LOG_DAYS takes 1–3650 (no "forever")', () => {
    expect(loadConfig({ DATA_DIR: dir() }).emailLogDays).toBe(30);
    expect(loadConfig({ DATA_DIR: dir(), EMAIL_LOG_DAYS: '7' }).emailLogDays).toBe(7);
    for (const bad of ['0', '3651', 'x']) expect(() => loadConfig({ DATA_DIR: dir(), EMAIL_LOG_DAYS: bad })).toThrow('EMAIL_LOG_DAYS');
  });

  it('accepts a complete PostgreSQL configuration with a split role', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://u@h/db', SECRET_KEY: 's'.repeat(40), OPERATOR_TOKEN: 'o'.repeat(30), ROLE: 'api', PUBLIC_URL: 'https://sms.example.com/' });
    expect(c).toMatchObject({ role: 'api', publicUrl: 'https://sms.example.com' });
  });
});
