import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { STRONG_PASSWORD, signUp } from './factories.js';
import { eraseAccount } from '../src/modules/privacy/account-deletion.service.js';
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

  it('a deletion completed while the whole account is erased: the account erasure waits for the completion under the same locks (200), never a 500', async () => {
    const env = use();
    const b = await business(env);
    const a = await b.customer('Forget me');
    const r = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone, verified: true })).json();
    expect((await b.owner.post('/v1/account/deletion', { password: STRONG_PASSWORD })).statusCode).toBe(202);
    await env.ctx.database.query(`update account_deletions set scheduled_for = now() - interval '1 day' where account_id = $1`, [b.accountId]);
    let accountErased: Promise<unknown> | null = null;
    const both = await withTx(env.ctx.db, async (tx) => {
      await lockAccountForErasure(tx, b.accountId);
      const complete = b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
      await untilWaiting(env, 1, 'the completion');
      let settled = false;
      accountErased = eraseAccount(env.ctx, b.accountId).finally(() => { settled = true; });
      // The account's erasure takes the erasure locks first too (lockForErasure): it queues behind the completion. One that
      // took none ran to its end here, past a completion holding its request row — the order that can deadlock.
      const deadline = Date.now() + 60_000;
      while (!settled && (await waiting(env)) < 2) {
        if (Date.now() > deadline) throw new Error('the account erasure neither waited nor ended');
        await new Promise((res) => setTimeout(res, 5));
      }
      expect(settled, 'the account erasure ran while a completion waited for the erasure lock').toBe(false);
      return { complete };
    });
    const completed = await both.complete;
    expect(completed.statusCode, completed.body).toBe(200);
    expect(await accountErased).toMatchObject({ accountId: b.accountId });
  }, 60_000);
}, {}, { only: 'postgres', simulator: true });

describeEachDb('data requests: staff log a request already open', (use) => {
  it('a second open request of the same type for the same number (any format) or email, logged at once, is a 409 naming the open one', async () => {
    const env = use();
    const b = await business(env);
    const digits = 7000 + Math.floor(Math.random() * 900);
    const email = `twice.${digits}@example.com`;
    for (const [first, second] of [
      [{ phone: `+1 212 555 ${digits}` }, { phone: `(212) 555-${digits}` }],
      [{ email }, { email: email.toUpperCase() }],
    ] as const) {
      const rs = await Promise.all([first, second].map((who) => b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', ...who })));
      expect(rs.map((r) => r.statusCode).sort(), rs.map((r) => r.body).join('\n')).toEqual([201, 409]);
      const [made, refused] = rs[0].statusCode === 201 ? rs : [rs[1], rs[0]];
      expect(refused.json().error).toMatchObject({ code: 'request_open', details: { id: made.json().id, status: 'received' } });
      // Another type for the same person is its own request; once the open one is closed, a new one may be logged.
      expect((await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', ...first })).statusCode).toBe(201);
      expect((await b.owner.patch(`/v1/data-requests/${made.json().id}`, { status: 'denied', reason: 'Asked twice' })).statusCode).toBe(200);
      expect((await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', ...second })).statusCode).toBe(201);
    }
    // Another account's open request for the same number is not this account's.
    const other = await business(env);
    expect((await other.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', phone: `+1 212 555 ${digits}` })).statusCode).toBe(201);
  });
});
