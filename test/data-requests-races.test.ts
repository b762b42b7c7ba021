import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';
import { withTx } from '../src/db/tx.js';
import { lockAccountForErasure } from '../src/db/erasure-lock.js';
import { fromPublicId } from '../src/lib/ids.js';

let phoneSeq = 6000;
const nextPhone = () => `+1 212 555 ${String(phoneSeq++)}`;

async function business(env: TestEnv) {
  const owner = await signUp(env.app);
  const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
  /** A customer who texted the business (a contact with a message). */
  const customer = async (body = 'Hello there') => {
    const phone = nextPhone();
    const r = (await owner.client.post('/v1/simulator/inbound', { from: phone, to: number.phoneNumber, body })).json();
    return { phone, contactId: r.contactId as string };
  };
  return { ...owner, owner: owner.client, accountId: fromPublicId('account', owner.accountId)!, customer };
}

/** Transactions of this database waiting for a lock (advisory or a row's). */
const waiting = async (env: TestEnv) => Number((await env.ctx.database.query<{ n: number }>(
  `select count(*) n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n);

async function untilWaiting(env: TestEnv, n: number, what: string) {
  const deadline = Date.now() + 60_000;
  while ((await waiting(env)) < n) {
    if (Date.now() > deadline) throw new Error(`never ${n} waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Completing a deletion request and erasing the same person another way at the same moment. The
 * interleaving is made certain, not lucky: the test holds the account's erasure lock, lets the
 * other erasure queue for it first and the completion second, then lets go — the other erasure
 * runs first and reaches the person's requests while the completion is under way.
 */
describeEachDb('data requests: a completion racing an erasure of the same person', (use) => {
  it('a deletion completed while the contact is deleted (DELETE /v1/contacts/:id): both answer, never a 500 (deadlock)', async () => {
    const env = use();
    const b = await business(env);
    for (let i = 0; i < 3; i++) {
      const a = await b.customer('Forget me');
      const r = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone, verified: true })).json();
      const both = await withTx(env.ctx.db, async (tx) => {
        await lockAccountForErasure(tx, b.accountId);
        const erase = b.owner.delete(`/v1/contacts/${a.contactId}`);
        await untilWaiting(env, 1, 'the contact erasure');
        const complete = b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
        await untilWaiting(env, 2, 'the completion');
        return { all: Promise.all([erase, complete]) }; // not awaited here: they run once this transaction lets go
      });
      const [erased, completed] = await both.all;
      expect([erased.statusCode, completed.statusCode], JSON.stringify(completed.json())).toEqual([204, 200]);
      expect(completed.json().status).toBe('completed');
      expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode).toBe(404);
    }
  }, 60_000);
}, {}, { only: 'postgres', simulator: true });
