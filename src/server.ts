import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { startJobs, type Jobs } from './jobs/jobs.js';
import { jobDefinitions } from './job-registry.js';
import { createLogger } from './lib/logger.js';
import { deriveAuditKey, useAuditKey } from './modules/audit/audit-key.js';
import { applyReceipts } from './modules/messaging/receipts.js';
import { carrierKinds } from './providers/kinds.js';
import { ProviderRegistry } from './providers/registry.js';
import { SimulatorProvider } from './providers/simulator/simulator.js';

/**
 * Opens the database, applies migrations and starts the job runner: everything a process
 * needs before it serves requests or works jobs. Tests call this with their own config.
 */
export async function startServices(config: Config, opts: { dataDir?: string | null; schedule?: boolean; loadDataDir?: Blob } = {}) {
  const log = createLogger(config.logLevel);
  useAuditKey(deriveAuditKey(config));
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDir === undefined ? `${config.dataDir}/pglite` : opts.dataDir,
    poolSize: config.databasePoolSize,
    loadDataDir: opts.loadDataDir, // PGlite: start from a data folder's tarball (tests)
  });
  await migrateDatabase(database);
  const providers = new ProviderRegistry();
  const ctx: Ctx = { config, database, db: database.db, jobs: null as unknown as Jobs, now: () => new Date(), providers, carriers: carrierKinds(), simulator: null as unknown as SimulatorProvider };
  ctx.simulator = new SimulatorProvider(database.db, () => ({ receipts: async (r) => void (await applyReceipts(ctx, r)) }));
  ctx.simulator.settings = { ...config.simulator };
  providers.register(ctx.simulator);
  ctx.jobs = await startJobs(database, jobDefinitions(ctx), log, { schedule: opts.schedule ?? config.role !== 'api' });
  return { ctx, log };
}
