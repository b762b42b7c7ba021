import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { migrateDatabase, openDatabase, type PgliteFs } from './db/client.js';
import { startJobs, type Jobs } from './jobs/jobs.js';
import { jobDefinitions } from './job-registry.js';
import { createLogger } from './lib/logger.js';
import { deriveAuditKey, useAuditKey } from './modules/audit/audit-key.js';
import { useFastPasswordHashing } from './modules/accounts/passwords.js';
import { createHmac } from 'node:crypto';
import { carrierKinds } from './providers/kinds.js';
import type { SimulatorEndpoint } from './providers/simulator/kind.js';
import { SimulatorServer } from './providers/simulator/server.js';

/**
 * Opens the database, applies migrations and starts the job runner: everything a process
 * needs before it serves requests or works jobs. Tests call this with their own config.
 */
export async function startServices(config: Config, opts: { dataDir?: string | null; schedule?: boolean; loadDataDir?: Blob; pgliteFs?: PgliteFs } = {}) {
  const log = createLogger(config.logLevel);
  useAuditKey(deriveAuditKey(config));
  useFastPasswordHashing(config.testFastPasswordHash);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDir === undefined ? `${config.dataDir}/pglite` : opts.dataDir,
    poolSize: config.databasePoolSize,
    loadDataDir: opts.loadDataDir, // PGlite: start from a data folder's tarball (tests)
    pgliteFs: opts.pgliteFs, // PGlite: or from an in-memory filesystem that holds one (tests)
  });
  await migrateDatabase(database);
  const { endpoint, embedded } = await startSimulator(config, opts.dataDir === null);
  if (!endpoint) log.warn('No simulator: with ROLE api or worker, run src/providers/simulator/main.ts and set SIMULATOR_URL and SIMULATOR_AUTH_TOKEN');
  const ctx: Ctx = { config, database, db: database.db, jobs: null as unknown as Jobs, now: () => new Date(), carriers: carrierKinds({ simulator: endpoint }) };
  ctx.jobs = await startJobs(database, jobDefinitions(ctx), log, { schedule: opts.schedule ?? config.role !== 'api', pollMs: config.jobsPollMs });
  /** The in-process simulator server (embedded default), if this process started one: close it on shutdown. */
  return { ctx, log, embeddedSimulator: embedded };
}

/**
 * The simulated carrier this process talks to: SIMULATOR_URL, else (ROLE=all) a simulator server
 * started here on a loopback port — a separate HTTP server that our code reaches only through its
 * protocol, its ledger in DATA_DIR/simulator (in memory with an in-memory database).
 */
async function startSimulator(config: Config, inMemory: boolean): Promise<{ endpoint: SimulatorEndpoint | null; embedded: SimulatorServer | null }> {
  if (config.simulator.url) return { endpoint: { url: config.simulator.url, authToken: config.simulator.authToken! }, embedded: null };
  if (config.role !== 'all') return { endpoint: null, embedded: null };
  const authToken = config.simulator.authToken ?? createHmac('sha256', config.secretKey).update('simulator.main-account').digest('base64url');
  const { url: _u, authToken: _t, ...settings } = config.simulator;
  const embedded = new SimulatorServer({ dataDir: inMemory ? null : `${config.dataDir}/simulator`, authToken, settings });
  const url = await embedded.listen(0, '127.0.0.1');
  embedded.unref();
  return { endpoint: { url, authToken }, embedded };
}
