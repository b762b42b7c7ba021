/**
 * A writer racing a webhook fan-out that has already read its event: the fan-out is held in its transaction
 * (the `inWebhookFanout` gate, not a clock) while `write` starts; once the writer has committed or waits on a
 * lock it does not get, the fan-out goes on. Answers the writer's result. PostgreSQL (two connections) only.
 */
import { expect } from 'vitest';
import { fanOutOnce } from '../src/modules/webhooks/fanout.service.js';
import type { TestEnv } from './harness.js';

export async function raceHeldFanout<T>(env: TestEnv, write: () => Promise<T>): Promise<T> {
  let arrived = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  env.ctx.testHooks = { ...env.ctx.testHooks, inWebhookFanout: async () => { arrived = true; await gate; } };
  const deadline = Date.now() + 60_000;
  const fan = (async () => {
    while (!arrived && Date.now() < deadline) {
      await fanOutOnce(env.ctx);
      if (!arrived) await new Promise((r) => setTimeout(r, 50)); // the outbox is read below the server's oldest open transaction: polled
    }
  })();
  try {
    while (!arrived && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(arrived, 'the fan-out reached the event').toBe(true);
    let done = false;
    const writing = write().then((r) => { done = true; return r; });
    // Either the writer commits meanwhile, or it waits for the fan-out (a lock it does not get).
    const waiting = async () => Number((await env.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())`)).rows[0].n) > 0;
    while (!done && !(await waiting()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    release();
    await fan;
    return await writing;
  } finally {
    release();
    env.ctx.testHooks = { ...env.ctx.testHooks, inWebhookFanout: undefined };
  }
}
