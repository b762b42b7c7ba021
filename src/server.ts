import pino from 'pino';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { startJobs, type Jobs } from './jobs/jobs.js';
import { jobDefinitions } from './jobs/registry.js';

/**
 * Opens the database, applies migrations and starts the job runner: everything a process
 * needs before it serves requests or works jobs. Tests call this with their own config.
 */
export async function startServices(config: Config, opts: { dataDir?: string | null; schedule?: boolean } = {}) {
  const log = pino({ level: config.logLevel });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.dataDir === undefined ? `${config.dataDir}/pglite` : opts.dataDir,
    poolSize: config.databasePoolSize,
  });
  await migrateDatabase(database);
  const ctx: Ctx = { config, database, db: database.db, jobs: null as unknown as Jobs, now: () => new Date() };
  ctx.jobs = await startJobs(database, jobDefinitions(ctx), log, { schedule: opts.schedule ?? config.role !== 'api' });
  return { ctx, log };
}
