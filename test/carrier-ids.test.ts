import { beforeEach, expect, it } from 'vitest';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { applyReceipts } from '../src/modules/messaging/receipts.js';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp, type Client } from './factories.js';

/**
 * Issue 7, finding 1: a carrier's message id is scoped by the connection (account) that received
 * it. Another account supplying the same id — through the inbound webhook or a receipt — can
 * neither read nor change this account's rows.
 */
describeEachDb('carrier message ids belong to one account', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });
  async function tenant() {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const { rows: [row] } = await use().ctx.database.query<{ account_id: string }>(`select account_id from phone_numbers where phone_number = $1`, [number.phoneNumber]);
    return { client, number, accountId: row.account_id };
  }
  const inbound = (c: Client, to: string, body: string, id: string) => c.post('/v1/simulator/inbound', { from: '+1 212 555 0177', to, body, id });
  const message = async (env: TestEnv, publicId: string) =>
    (await env.ctx.database.query<{ status: string; body: string; account_id: string; provider_message_id: string | null }>(
      `select status, body, account_id, provider_message_id from messages where id = $1`, [fromPublicId('message', publicId)])).rows[0];
  /** Dispatches A's queue without letting the carrier report yet. */
  async function sendHeld(env: TestEnv, c: Client, body: string) {
    await env.sim.settings({ latencyMs: 3_600_000 });
    const m = (await c.post('/v1/messages', { to: '+1 415 555 0166', body })).json();
    await dispatchOnce(env.ctx);
    const row = await message(env, m.id);
    expect(row.status).toBe('sent');
    return { id: m.id as string, pid: row.provider_message_id! };
  }

  it('an inbound text with another account\'s carrier id returns the injector\'s own message, never the other\'s', async () => {
    const env = use();
    const a = await tenant();
    const b = await tenant();
    const sent = await sendHeld(env, a.client, 'Private note for A\'s customer');
    expect(sent.pid).toMatch(/^SM[0-9a-f]{32}$/); // predictable: 'SM' + md5 of the message id

    const r = await inbound(b.client, b.number.phoneNumber, 'hello', sent.pid);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ direction: 'inbound', body: 'hello', to: b.number.phoneNumber });
    expect(r.json().id).not.toBe(sent.id);
    expect(r.body).not.toContain('Private note');
    expect(await message(env, r.json().id)).toMatchObject({ account_id: b.accountId });
    expect(await message(env, sent.id)).toMatchObject({ status: 'sent', account_id: a.accountId, body: 'Private note for A\'s customer' });
  });

  it('another account using a carrier id first does not make this account\'s later text with it vanish', async () => {
    const env = use();
    const a = await tenant();
    const b = await tenant();
    const id = `SMIN-shared-${Date.now()}`;
    const first = await inbound(b.client, b.number.phoneNumber, 'from B', id);
    expect(first.statusCode).toBe(201);
    const real = await inbound(a.client, a.number.phoneNumber, 'Is my order ready?', id);
    expect(real.statusCode).toBe(201);
    expect(real.json()).toMatchObject({ body: 'Is my order ready?', to: a.number.phoneNumber, conversationId: expect.stringMatching(/^cv_/) });
    expect(real.json().id).not.toBe(first.json().id);
    const thread = (await a.client.get(`/v1/conversations/${real.json().conversationId}/messages`)).json().data;
    expect(thread.map((m: { body: string }) => m.body)).toEqual(['Is my order ready?']);
    // Within one account the carrier's duplicate delivery is still recognised.
    expect((await inbound(a.client, a.number.phoneNumber, 'Is my order ready?', id)).json().id).toBe(real.json().id);
  });

  it('a receipt naming another account\'s carrier id changes nothing there, before or after the message is sent', async () => {
    const env = use();
    const a = await tenant();
    const b = await tenant();
    // B reports a failure for A's next message id ahead of time (it is parked as B's early receipt)…
    const sent = await sendHeld(env, a.client, 'Your table is booked');
    expect(await applyReceipts(env.ctx, [{ accountId: b.accountId, provider: 'simulator', providerMessageId: sent.pid, status: 'failed', errorCode: '30008' }]))
      .toEqual({ applied: 0, early: 1 });
    await dispatchOnce(env.ctx); // reconciles parked receipts: B's never matches A's message
    expect(await message(env, sent.id)).toMatchObject({ status: 'sent' });
    // …and A's own receipt, arriving on A's connection, still applies.
    await env.sim.settings({ latencyMs: 0 });
    await settle(env);
    expect(await message(env, sent.id)).toMatchObject({ status: 'delivered' });
    const history = (await a.client.get(`/v1/messages/${sent.id}`)).json().history.map((h: { status: string }) => h.status);
    expect(history).toEqual(['queued', 'sent', 'delivered']);
  });

  it('a receipt parked before the message is sent applies only for the same account', async () => {
    const env = use();
    const a = await tenant();
    const b = await tenant();
    await env.sim.settings({ latencyMs: 3_600_000 });
    const m = (await a.client.post('/v1/messages', { to: '+1 415 555 0167', body: 'Ready at 5' })).json();
    const pid = `SM${(await env.ctx.database.query<{ h: string }>(`select md5($1) h`, [fromPublicId('message', m.id)])).rows[0].h}`;
    await applyReceipts(env.ctx, [{ accountId: b.accountId, provider: 'simulator', providerMessageId: pid, status: 'undelivered', errorCode: '30003' }]);
    await applyReceipts(env.ctx, [{ accountId: a.accountId, provider: 'simulator', providerMessageId: pid, status: 'delivered' }]);
    await dispatchOnce(env.ctx); // sent, and A's early receipt taken in the same transaction
    expect(await message(env, m.id)).toMatchObject({ status: 'delivered' });
    const { rows } = await env.ctx.database.query<{ account_id: string }>(`select account_id from early_receipts where provider_message_id = $1`, [pid]);
    expect(rows).toEqual([{ account_id: b.accountId }]); // B's stays parked for B, touching nothing
  });

  it('routes inbound texts through number_routes, written with the number', async () => {
    const env = use();
    const a = await tenant();
    const { rows } = await env.ctx.database.query<{ account_id: string; number_id: string }>(`select account_id, number_id from number_routes where phone_number = $1`, [a.number.phoneNumber]);
    expect(rows).toEqual([{ account_id: a.accountId, number_id: fromPublicId('number', a.number.id) }]);
    const b = await tenant();
    expect((await inbound(b.client, a.number.phoneNumber, 'hi', 'SMIN-x')).statusCode).toBe(404); // not B's number
  });
}, {}, { simulator: true });
