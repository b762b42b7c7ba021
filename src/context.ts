import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Jobs } from './jobs/jobs.js';
import type { CarrierKinds } from './providers/kinds.js';

/** What every service receives: configuration, the database and the job queue. */
export interface Ctx {
  config: Config;
  database: Database;
  db: Db;
  jobs: Jobs;
  now: () => Date;
  /** Carrier kinds (provider interface v2): connections, sends, webhooks — the simulator among them. */
  carriers: CarrierKinds;
  /** Tests only: gates in the dispatcher (not clocks, so a loaded machine cannot outrun them). */
  testHooks?: {
    /** Awaited between a claim's commit and its hand-over. */
    afterClaim?: (claimed: ReadonlyArray<{ account_id: string }>) => Promise<void>;
    /** Awaited inside the hand-over's transaction, before its first statement (a test throws from it, as a lock timeout or serialization failure would). */
    inHandOver?: (batch: ReadonlyArray<{ account_id: string }>) => Promise<void>;
    /** Awaited inside the hand-over's transaction after its give-backs, right before the opt-out locks (a test throws from it, as a lock timeout there would). */
    beforeOptOutLocks?: (batch: ReadonlyArray<{ account_id: string }>) => Promise<void>;
    /** Awaited in the webhook fan-out's transaction once it has read the messages of its events, before it stores their deliveries. */
    inWebhookFanout?: () => Promise<void>;
    /** Awaited by an import runner before it writes a batch it has read and prepared. */
    beforeImportCommit?: () => Promise<void>;
  };
}
