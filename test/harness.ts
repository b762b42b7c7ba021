import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { closePhonePool } from '../src/modules/imports/phone-pool.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { startSimulatorProcess, type SimulatorControl } from '../src/providers/simulator/process.js';
import { startServices } from '../src/server.js';
import { freePort } from './proc.js';
import { claimReadyDatabase, databaseTag, pgliteSnapshotFs, postgresTemplate } from './db-snapshot.js';
import { SIMULATOR_MAIN, nodeArgs } from './compiled.js';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export type DbKind = 'pglite' | 'postgres';

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const pgReachable = await canReachPostgres();
if (!pgReachable && process.env.REQUIRE_POSTGRES === '1') {
  throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${TEST_PG_URL}`);
}
/** The databases every database test runs on. */
export const DB_KINDS: DbKind[] = pgReachable ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh PostgreSQL database, copied from this run's migrated template (test/db-snapshot.ts): one
 * the global setup copied ahead when there is one, else copied now; `empty: true` gives one
 * without even the migrations. Returns its URL and `drop`, which leaves it to the global teardown
 * (it drops every database of the run by the run's tag in the name). Dropping one during the run
 * is a forced checkpoint that holds a transaction id for as long as it takes — 13 s seen on a
 * loaded server — and the outbox's readers read only below the oldest running transaction of the
 * whole server: every drop stalled the event readers of every other test (a CI run's outbox test
 * timed out waiting for its own events).
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `wm_test_${databaseTag()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    if (opts.empty) await admin.query(`create database ${name}`);
    else if (!(await claimReadyDatabase(admin, name))) await admin.query(`create database ${name} template ${await postgresTemplate(TEST_PG_URL)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => undefined };
}

/**
 * One `start()` per database kind for the file's tests, started before them and stopped after (process-level tests run
 * the kinds at once, each against its own peer: an SMSC, a Twilio-shaped server).
 */
export function perDbKind<P extends { stop: () => unknown }>(start: () => Promise<P>): Map<DbKind, P> {
  const made = new Map<DbKind, P>();
  beforeAll(async () => {
    await Promise.all(DB_KINDS.map(async (kind) => made.set(kind, await start())));
  }, 30_000);
  afterAll(() => { for (const p of made.values()) p.stop(); });
  return made;
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-test-')),
    SECRET_KEY: 'test-secret-key-0123456789-abcdefghijklmnop',
    OPERATOR_TOKEN: 'test-operator-token-0123456789',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    // No test may reach a carrier outside this machine.
    CARRIER_HOSTS_ALLOWED: '127.0.0.1,localhost,::1',
    // Nor fetch media (MMS) from one: fuzzed or test URLs naming any other host are refused before resolution.
    MEDIA_HOSTS_ONLY: '127.0.0.1,localhost,::1',
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
    // Cheap argon2id parameters (1 MiB, one pass): a sign-up or sign-in costs ~0.4 ms of CPU, not ~20.
    TEST_PASSWORD_HASH: 'fast',
    // Suites sign up many accounts from one address (inject's 127.0.0.1): no sign-up velocity limit unless a test sets one.
    SIGNUP_PER_IP_PER_HOUR: '0',
    // Job queues polled every 5 s, not 500 ms (26 queues × 2 fetches/s: an idle browser-test server used 1.4 s of CPU
    // per 10 s, now 0.6 s); a job sent by the test's own process wakes its queue at once (src/jobs/jobs.ts).
    JOBS_POLL_MS: '5000',
    // Rate limits stay on (their headers on every answer) but far above what any test sends; test/rate-limits.test.ts sets its own.
    API_RATE_LIMIT_PER_SECOND: '1000000', API_RATE_LIMIT_BURST: '1000000', API_RATE_LIMIT_IP_PER_SECOND: '1000000', API_RATE_LIMIT_IP_BURST: '1000000',
    ...overrides,
  });
}

export interface TestEnv {
  kind: DbKind;
  ctx: Ctx;
  app: FastifyInstance;
  config: Config;
  /** With `{simulator: true}`: the simulated carrier's test controls (its own process; the app listens at PUBLIC_URL for its callbacks). */
  sim: SimulatorControl;
}

export interface TestEnvOptions {
  /**
   * Start the simulator in a process of its own (test control on, in memory, no latency) and let
   * the app listen on a loopback port (PUBLIC_URL) so the simulator's signed callbacks reach it.
   */
  simulator?: boolean;
  /** Only this database (a behaviour the other cannot show, e.g. two connections racing); the suite is absent when it is unreachable. */
  only?: DbKind;
}

/**
 * With TEST_PHASES=<file>, the start and stop of every test environment is timed, phase by phase:
 * one line each (worker pid, phase, wall ms, this process's CPU ms), to see where setup time goes.
 */
const PHASES = process.env.TEST_PHASES;
function phase(name: string): () => void {
  if (!PHASES) return () => {};
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    appendFileSync(PHASES, `${process.pid}\t${name}\t${(performance.now() - t0).toFixed(0)}\t${((c.user + c.system) / 1000).toFixed(0)}\n`);
  };
}
async function timed<T>(name: string, work: Promise<T>): Promise<T> {
  const done = phase(name);
  const result = await work;
  done();
  return result;
}

/**
 * Starts the real services (migrations, job runner) and the app on one database kind, from this
 * run's migrated snapshot (in-memory PGlite) or template (PostgreSQL): the migrations run and
 * find nothing to do.
 */
export async function startTestEnv(kind: DbKind, overrides: Record<string, string | undefined> = {}, opts: TestEnvOptions = {}) {
  const all = phase(`env.${kind}`);
  const [db, sim, port] = await Promise.all([
    kind === 'postgres' ? timed('database', createTestDatabase()) : null,
    opts.simulator ? timed('simulator', startSimulatorProcess({ nodeArgs: nodeArgs(SIMULATOR_MAIN) })) : null,
    opts.simulator ? freePort() : 0,
  ]);
  const config = testConfig({
    DATABASE_URL: db?.url,
    ...(sim ? { SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    ...overrides,
  });
  const pgliteFs = kind === 'pglite' ? await pgliteSnapshotFs() : undefined;
  const { ctx, embeddedSimulator } = await timed(`services.${kind}`, startServices(config, { dataDir: null, schedule: false, pgliteFs }));
  const app = await timed('app', buildApp(ctx, { logger: false }));
  if (sim) await app.listen({ port, host: '127.0.0.1' });
  else await app.ready();
  all();
  const noSim = new Proxy({}, { get: () => { throw new Error('this test environment has no simulator process: describeEachDb(…, {simulator: true})'); } }) as SimulatorControl;
  const env: TestEnv = { kind, ctx, app, config, sim: sim?.control ?? noSim };
  const stop = async () => {
    const p = phase(`stop.${kind}`);
    await app.close();
    await sim?.stop();
    await embeddedSimulator?.close();
    await ctx.jobs.stop();
    await closePhonePool();
    await ctx.database.close();
    await db?.drop();
    p();
  };
  return { env, stop };
}

/**
 * Declares the suite once per database kind. `use()` gives the running environment inside
 * tests; it is started once per kind and file.
 */
export function describeEachDb(name: string, body: (use: () => TestEnv) => void, overrides: Record<string, string> = {}, opts: TestEnvOptions = {}) {
  for (const kind of DB_KINDS.filter((k) => !opts.only || k === opts.only)) {
    describe(`${name} [${kind}]`, () => {
      let env: TestEnv | null = null;
      let stop: (() => Promise<void>) | null = null;
      beforeAll(async () => {
        ({ env, stop } = await startTestEnv(kind, overrides, opts));
      }, 120_000); // the first may wait for the run's migrated snapshot (an initdb) on a loaded machine
      afterAll(async () => {
        await stop?.();
      }, 60_000);
      body(() => {
        if (!env) throw new Error('test environment not started');
        return env;
      });
    });
  }
}

/**
 * Dispatches and lets the simulator report until nothing moves: every due message sent, every due
 * receipt delivered to our webhook and applied (no sleeps: the simulator's flush waits for them).
 */
export async function settle(env: TestEnv, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const n = await dispatchOnce(env.ctx);
    const f = await env.sim.flush();
    if (n === 0 && f.reported === 0 && f.pending === 0) return;
  }
}

/**
 * The statements PostgreSQL received while `work` ran (every pg query of this process, BEGIN/COMMIT
 * included); null on PGlite (the work still runs).
 */
export async function statementsOf(env: TestEnv, work: () => Promise<unknown>): Promise<number | null> {
  if (env.ctx.database.kind !== 'postgres') return (await work(), null);
  let n = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    n++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return n;
}
