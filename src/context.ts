import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Jobs } from './jobs/jobs.js';
import type { CarrierKinds } from './providers/kinds.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { SimulatorProvider } from './providers/simulator/simulator.js';

/** What every service receives: configuration, the database and the job queue. */
export interface Ctx {
  config: Config;
  database: Database;
  db: Db;
  jobs: Jobs;
  now: () => Date;
  providers: ProviderRegistry;
  /** Carrier kinds (provider interface v2): connection tests, and later sends and webhooks. */
  carriers: CarrierKinds;
  /** The simulated carrier (always registered: the embedded default and the tests use it). */
  simulator: SimulatorProvider;
}
