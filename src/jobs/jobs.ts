import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { txQuery, type Database, type Db } from '../db/client.js';
import { jobFailures } from '../lib/metrics.js';

export interface JobDefinition<T extends object = object> {
  name: string;
  /** Re-reads state by id and is idempotent: a job may run more than once. */
  handler: (data: T) => Promise<void>;
  /** A cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  retryLimit?: number;
  batchSize?: number;
  expireInSeconds?: number;
}

export interface Jobs {
  /** Enqueues a job; inside `tx` it commits or rolls back with the caller's rows. */
  send(name: string, data: object, tx?: Db): Promise<void>;
  /** Starts workers for every definition (worker role). */
  work(): Promise<void>;
  stop(): Promise<void>;
}

/** `schedule: false`: no cron clock (it evaluates every schedule periodically) in a process that schedules nothing. */
function bossFor(database: Database, schedule: boolean): PgBoss {
  if (database.kind === 'postgres') {
    return new PgBoss({ connectionString: database.connectionString!, max: 4, schema: 'pgboss', schedule });
  }
  // PGlite: one in-process connection, so pg-boss goes through our adapter.
  const executeSql = async (text: string, values?: unknown[]) =>
    !values || values.length === 0 ? database.exec(text) : database.query(text, values);
  return new PgBoss({ db: { executeSql }, schema: 'pgboss', schedule } as PgBoss.ConstructorOptions);
}

/**
 * Delays after which a queue's worker is woken again when its job was sent inside a transaction:
 * on PostgreSQL a fetch before the commit does not see the job (on PGlite it waits for the commit,
 * the connection being the transaction's). Later than these, the regular poll finds it.
 */
const WAKE_AFTER_TX_MS = [20, 150, 1000];

const RACE_CODES = new Set(['40P01', '23505']); // deadlock, unique violation

/** Creates a queue once; processes starting together may race, so a lost race is retried. */
async function ensureQueue(boss: PgBoss, def: JobDefinition<never>) {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(def.name)) return;
      await boss.createQueue(def.name, {
        name: def.name, retryLimit: def.retryLimit ?? 5, retryBackoff: true, retryDelay: 2, expireInSeconds: def.expireInSeconds ?? 15 * 60,
      });
      return;
    } catch (err) {
      if (attempt >= 8 || !RACE_CODES.has((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
}

export async function startJobs(
  database: Database,
  definitions: JobDefinition<never>[],
  log: Pick<FastifyBaseLogger, 'error' | 'info'>,
  opts: { schedule: boolean; /** each queue's poll interval (ms, ≥ 500); default 500 */ pollMs?: number },
): Promise<Jobs> {
  const boss = bossFor(database, opts.schedule);
  boss.on('error', (err) => log.error({ err }, 'job runner error'));
  await boss.start();
  for (const def of definitions) {
    await ensureQueue(boss, def);
    if (opts.schedule && def.cron) await boss.schedule(def.name, def.cron, {});
  }
  let working = false;
  /** This process's worker per queue (once work() ran): a job sent here wakes it instead of waiting for its next poll. */
  const workers = new Map<string, string>();
  const wake = (name: string) => {
    const id = workers.get(name);
    if (id) boss.notifyWorker(id);
  };
  /** Queues that got a job inside a transaction: woken again when a handler of this process returns (its transaction has committed by then). */
  const sentInTx = new Set<string>();
  return {
    async send(name, data, tx) {
      const db = tx ? { executeSql: txQuery(tx) } : undefined;
      await boss.send(name, data, db ? ({ db } as PgBoss.SendOptions) : {});
      if (!workers.has(name)) return;
      if (!tx) return wake(name);
      sentInTx.add(name);
      for (const ms of WAKE_AFTER_TX_MS) setTimeout(() => wake(name), ms).unref();
    },
    async work() {
      if (working) return;
      working = true;
      for (const def of definitions) {
        const id = await boss.work(def.name, { batchSize: def.batchSize ?? 1, pollingIntervalSeconds: (opts.pollMs ?? 500) / 1000 }, async (jobs) => {
          try {
            for (const job of jobs) await def.handler(job.data as never);
            // pg-boss waits a whole poll interval after every fetch, even one that found jobs: a backlog
            // (jobs queued before this worker started, or by another process) drained one batch per
            // interval. A batch handled, its queue is asked again at once; an empty fetch waits as before.
            wake(def.name);
          } catch (err) {
            jobFailures.inc({ queue: def.name });
            log.error({ err, queue: def.name }, 'job failed');
            throw err;
          } finally {
            // A handler that queued a follow-up (a next page) has committed it now: its worker need not wait for a poll.
            for (const queued of sentInTx) setImmediate(() => wake(queued));
            sentInTx.clear();
          }
        });
        workers.set(def.name, id);
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
