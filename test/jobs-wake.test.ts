import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { startJobs, type Jobs } from '../src/jobs/jobs.js';
import { describeEachDb } from './harness.js';

/**
 * Job queues are polled every JOBS_POLL_MS (500 ms by default; the tests' 5 s), and a job sent by
 * the process itself wakes its queue's worker at once: outside a transaction right away, inside
 * one shortly after it commits. With a poll interval far longer than the wait here, only the wake
 * can have run these jobs.
 */
describeEachDb('jobs sent by this process wake their queue', (use) => {
  it('runs a job sent alone, and one sent inside a transaction once it committed, long before the next poll', async () => {
    const { ctx } = use();
    const ran: string[] = [];
    const log = { error: (o: object) => ran.push(`error ${JSON.stringify(o)}`), info: () => {} };
    const jobs: Jobs = await startJobs(ctx.database, [{ name: 'test.wake', handler: async (data: { tag: string }) => void ran.push(data.tag) }], log, { schedule: false, pollMs: 600_000 });
    try {
      await jobs.work();
      await jobs.send('test.wake', { tag: 'alone' });
      await expect.poll(() => ran, { timeout: 10_000 }).toContain('alone');
      await ctx.db.transaction(async (tx) => {
        await jobs.send('test.wake', { tag: 'in a transaction' }, tx);
        await tx.execute(sql`select 1`);
      });
      await expect.poll(() => ran, { timeout: 10_000 }).toContain('in a transaction');
      expect(ran).toEqual(['alone', 'in a transaction']);
    } finally {
      await jobs.stop();
    }
  });

  it('drains a backlog at once: jobs queued before the worker started all run long before the next poll', async () => {
    const { ctx } = use();
    const ran: string[] = [];
    const log = { error: (o: object) => ran.push(`error ${JSON.stringify(o)}`), info: () => {} };
    const jobs: Jobs = await startJobs(ctx.database, [{ name: 'test.backlog', handler: async (data: { tag: string }) => void ran.push(data.tag) }], log, { schedule: false, pollMs: 600_000 });
    try {
      // No worker yet: these wake nothing; the worker's first fetch takes one, the rest only the wake after each batch can fetch.
      for (const tag of ['first', 'second', 'third']) await jobs.send('test.backlog', { tag });
      await jobs.work();
      await expect.poll(() => ran.length, { timeout: 10_000 }).toBe(3);
      expect(ran.sort()).toEqual(['first', 'second', 'third']);
    } finally {
      await jobs.stop();
    }
  });
});
