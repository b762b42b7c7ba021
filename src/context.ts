import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Jobs } from './jobs/jobs.js';

/** What every service receives: configuration, the database and the job queue. */
export interface Ctx {
  config: Config;
  database: Database;
  db: Db;
  jobs: Jobs;
  now: () => Date;
}
