import { beforeEach, expect, it } from 'vitest';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { applyReceipts } from '../src/modules/messaging/receipts.js';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { Client, signUp } from './factories.js';

describeEachDb('texting', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });
  async function account(mps = 100) {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps })).json();
    return { client, number };
  }
  const msg = async (c: Client, id: string) => (await c.get(`/v1/messages/${id}`)).json();
  /** Dispatches until nothing is due, no receipt is pending, and none waits as "early". */
  async function drain(env: TestEnv) {
    for (let i = 0; i < 50; i++) {
      await settle(env);
      const early = Number((await env.ctx.database.query<{ n: number }>('select count(*) n from early_receipts where provider_message_id <> $1', ['SM-unknown'])).rows[0].n);
      if (early === 0 && (await env.sim.flush()).pending === 0) return;
    }
    throw new Error('dispatch did not settle');
  }
  const count = async (env: TestEnv, sql: string, params: unknown[] = []) => Number((await env.ctx.database.query<{ n: number }>(sql, params)).rows[0].n);

  it('provisions a simulator number with the default throughput of its type', async () => {
    const { client } = await signUp(use().app);
    const r = await client.post('/v1/numbers', { provider: 'simulator' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ id: expect.stringMatching(/^pn_/), phoneNumber: expect.stringMatching(/^\+1\d{10}$/), type: 'long_code', mps: 1 });
    // A simulator number of an older install (no connection: it cannot send) joins the simulator connection at the next provisioning.
    await use().ctx.database.query(`update phone_numbers set connection_id = null where id = $1`, [fromPublicId('number', r.json().id)]);
    const tollFree = (await client.post('/v1/numbers', { provider: 'simulator', type: 'toll_free' })).json();
    expect(tollFree.mps).toBe(3);
    expect((await client.get('/v1/numbers')).json().data.find((n: { id: string }) => n.id === r.json().id).connectionId).toBe(tollFree.connectionId);
    expect((await client.post('/v1/numbers', { provider: 'nope' })).json().error.code).toBe('unknown_provider');
    expect((await client.patch(`/v1/numbers/${r.json().id}`, { mps: 10, keywordReplies: { help: 'Acme help: call 555.' } })).json()).toMatchObject({ mps: 10, keywordReplies: { help: 'Acme help: call 555.' } });
    expect((await client.patch(`/v1/numbers/${r.json().id}`, { keywordReplies: { help: null } })).json().keywordReplies).toEqual({});
  });

  it('previews encoding and segments', async () => {
    const { client } = await account();
    expect((await client.post('/v1/messages/preview', { body: 'Hello €' })).json()).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 8 });
    expect((await client.post('/v1/messages/preview', { body: '“Hi” — ok…', smartEncoding: true })).json()).toMatchObject({ encoding: 'GSM-7', body: '"Hi" - ok...' });
    expect((await client.post('/v1/messages/preview', { body: 'Hi 😀' })).json()).toMatchObject({ encoding: 'UCS-2', units: 5 });
    // A misspelt option is refused, not ignored (the preview would silently not compose).
    const typo = await client.post('/v1/messages/preview', { body: 'Hi {{first_name}}', mergeField: true });
    expect([typo.statusCode, typo.json().error.code]).toEqual([expect.any(Number), 'validation_failed']);
    expect(typo.statusCode).toBeGreaterThanOrEqual(400);
    expect(typo.statusCode).toBeLessThan(500);
  });

  it('sends: queued → sent → delivered, with every step in the history (one outbox row per status)', async () => {
    const env = use();
    const { client, number } = await account();
    const r = await client.post('/v1/messages', { to: '(415) 555-0171', body: 'Your order is ready.' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ id: expect.stringMatching(/^msg_/), status: 'queued', from: number.phoneNumber, to: '+14155550171', encoding: 'GSM-7', segments: 1 });
    await drain(env);
    const m = await msg(client, r.json().id);
    expect(m.status).toBe('delivered');
    expect(m.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    expect(m.history.map((h: { source: string }) => h.source)).toEqual(['api', 'provider', 'carrier']);
    const ledger = (await env.sim.ledger()).messages;
    expect(ledger.filter((l) => l.reference === fromPublicId('message', m.id))).toEqual([expect.objectContaining({ submissions: 1, reported: true, to: '+14155550171' })]);
    const id = fromPublicId('message', m.id);
    expect(await count(env, `select count(*) n from outbox where subject_id = $1`, [id])).toBe(3);
    expect(await count(env, `select count(*) n from outbox where subject_id = $1 and type = 'message.status_changed'`, [id])).toBe(2);
  });

  it.each([
    [{ to: '12', body: 'x' }, 'invalid_phone'],
    [{ to: '+44 20 7946 0958', body: 'x' }, 'landline_number'],
    [{ to: '+1 415 555 0172', body: '   ' }, 'empty_body'],
    [{ to: '+1 415 555 0172', body: 'x'.repeat(1531) }, 'body_too_long'],
    [{ to: '+1 415 555 0172', body: 'a\uD800b' }, 'invalid_characters'],
    [{ to: '+1 415 555 0172', body: 'a\u0000b' }, 'invalid_characters'],
    [{ to: '+1 415 555 0172', body: 'x', sendAt: '2020-01-01T00:00:00Z' }, 'send_at_in_past'],
    [{ to: '+1 415 555 0172', body: 'x', sendAt: new Date(Date.now() + 40 * 86_400_000).toISOString() }, 'send_at_too_far'],
    [{ to: '+1 415 555 0172', body: 'x', from: '+19999999999' }, 'unknown_sender'],
  ])('refuses %o with %s and writes nothing', async (body, code) => {
    const env = use();
    const { client } = await account();
    const before = await count(env, 'select count(*) n from messages');
    const r = await client.post('/v1/messages', body);
    // NUL and lone surrogates are refused by the input guard (src/http/input-guard.ts) before validation: 400.
    expect(r.statusCode).toBe(code === 'invalid_characters' ? 400 : 422);
    expect(r.json().error.code).toBe(code);
    expect(await count(env, 'select count(*) n from messages')).toBe(before);
  });

  it('two first sends to the same new recipient at once both succeed and share one contact and conversation', async () => {
    const { client, number } = await account();
    const to = '+14155550177';
    const sends = await Promise.all(Array.from({ length: 6 }, (_, i) => client.post('/v1/messages', { from: number.phoneNumber, to, body: `hello ${i}` })));
    expect(sends.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const env = use();
    const accountId = (await env.ctx.database.query<{ account_id: string }>('select account_id from phone_numbers where id = $1', [fromPublicId('number', number.id)])).rows[0].account_id;
    expect(await count(env, 'select count(*) n from contacts where account_id = $1 and phone = $2', [accountId, to])).toBe(1);
    expect(await count(env, "select count(*) n from conversations where account_id = $1 and status = 'open'", [accountId])).toBe(1);
  });

  it('refuses to send without a number, and from another account\'s number', async () => {
    const { client } = await signUp(use().app);
    expect((await client.post('/v1/messages', { to: '+1 415 555 0173', body: 'x' })).json().error.code).toBe('no_sender_number');
    const other = await account();
    await client.post('/v1/numbers', { provider: 'simulator' });
    expect((await client.post('/v1/messages', { to: '+1 415 555 0173', body: 'x', from: other.number.id })).json().error.code).toBe('unknown_sender');
  });

  it('honours Idempotency-Key: same request → same message; different body → 422', async () => {
    const env = use();
    const { client } = await account();
    const a = await client.post('/v1/messages', { to: '+1 415 555 0174', body: 'Once' }, { 'idempotency-key': 'order-42' });
    const b = await client.post('/v1/messages', { to: '+1 415 555 0174', body: 'Once' }, { 'idempotency-key': 'order-42' });
    expect(b.json().id).toBe(a.json().id);
    const c = await client.post('/v1/messages', { to: '+1 415 555 0174', body: 'Twice' }, { 'idempotency-key': 'order-42' });
    expect(c.json().error.code).toBe('idempotency_key_reused');
    expect(await count(env, `select count(*) n from messages where idempotency_key = 'order-42'`)).toBe(1);
  });

  it('keeps to the sender\'s throughput: a 1 msg/s number sends one message per second', async () => {
    const env = use();
    const { client } = await account(1);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await client.post('/v1/messages', { to: `+1 415 555 018${i}`, body: `n${i}` })).json().id);
    await dispatchOnce(env.ctx);
    const statuses = await Promise.all(ids.map(async (id) => (await msg(client, id)).status));
    expect(statuses.filter((s) => s !== 'queued')).toHaveLength(1);
  });

  it('cancels at claim time a queued message whose recipient opted out, and refuses new sends to them', async () => {
    const env = use();
    const { client } = await account();
    const m = (await client.post('/v1/messages', { to: '+1 415 555 0190', body: 'Sale!' })).json();
    await client.post(`/v1/contacts/${m.contactId}/consent`, { kind: 'opt_out', source: 'agent', evidence: {} });
    await drain(env);
    expect(await msg(client, m.id)).toMatchObject({ status: 'canceled', errorCode: 'recipient_opted_out' });
    expect((await env.sim.ledger()).messages.map((l) => l.reference)).not.toContain(fromPublicId('message', m.id));
    const again = await client.post('/v1/messages', { to: '+1 415 555 0190', body: 'Sale!' });
    expect(again.json().error).toMatchObject({ code: 'recipient_opted_out', details: { twilioCode: 21610 } });
  });

  it('retries transient carrier errors with backoff and records permanent failure on the message', async () => {
    const env = use();
    const { client } = await account();
    await env.sim.settings({ latencyMs: 0, throttleRate: 1 });
    const m = (await client.post('/v1/messages', { to: '+1 415 555 0191', body: 'Retry me' })).json();
    await dispatchOnce(env.ctx);
    const after = await msg(client, m.id);
    expect(after).toMatchObject({ status: 'queued', errorCode: 'throttled' });
    const { rows: [row] } = await env.ctx.database.query<{ attempts: number; next: boolean }>(`select attempts, next_attempt_at > now() as next from messages where "to" = '+14155550191'`);
    expect(row).toEqual({ attempts: 1, next: true });
    for (let i = 0; i < 6; i++) {
      await env.ctx.database.query(`update messages set next_attempt_at = now() where "to" = '+14155550191' and status = 'queued'`);
      await dispatchOnce(env.ctx);
    }
    expect(await msg(client, m.id)).toMatchObject({ status: 'failed', errorCode: 'throttled' });
  });

  it('takes over a claim whose worker died, sending it once with the same reference', async () => {
    const env = use();
    const { client } = await account();
    const m = (await client.post('/v1/messages', { to: '+1 415 555 0192', body: 'Survive' })).json();
    // A worker claimed it (a lease on the queued message) and died before recording anything.
    await env.ctx.database.query(`update messages set claimed_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second', attempts = 1 where "to" = '+14155550192'`);
    await drain(env);
    expect((await msg(client, m.id)).status).toBe('delivered');
  });

  it('moves statuses forward only: a late or repeated receipt changes nothing; an early one waits', async () => {
    const env = use();
    const { client } = await account();
    const m = (await client.post('/v1/messages', { to: '+1 415 555 0193', body: 'Receipts' })).json();
    await drain(env);
    const { rows: [row] } = await env.ctx.database.query<{ pid: string; account_id: string }>(`select provider_message_id pid, account_id from messages where "to" = '+14155550193'`);
    const accountId = row.account_id;
    const r1 = await applyReceipts(env.ctx, [{ accountId, provider: 'simulator', providerMessageId: row.pid, status: 'sent' }, { accountId, provider: 'simulator', providerMessageId: row.pid, status: 'delivered' }]);
    expect(r1.applied).toBe(0);
    expect((await msg(client, m.id)).history).toHaveLength(3);
    const r2 = await applyReceipts(env.ctx, [{ accountId, provider: 'simulator', providerMessageId: 'SM-unknown', status: 'delivered' }]);
    expect(r2).toEqual({ applied: 0, early: 1 });
  });

  it('schedules a send for later: it waits in the queue until sendAt', async () => {
    const env = use();
    const { client } = await account();
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const m = (await client.post('/v1/messages', { to: '+1 415 555 0194', body: 'Later', sendAt: at })).json();
    expect(m.status).toBe('scheduled');
    await drain(env);
    expect((await msg(client, m.id)).status).toBe('scheduled');
  });
}, { CONNECTION_FAILURE_THRESHOLD: "1000" }, { simulator: true });

describeEachDb('receiving', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });
  async function account() {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    return { client, number };
  }
  const inbound = (c: Client, to: string, body: string, id?: string) => c.post('/v1/simulator/inbound', { from: '+1 212 555 0150', to, body, id });

  it('stores a reply in the open conversation of a new contact (consent unknown)', async () => {
    const { client, number } = await account();
    const r = await inbound(client, number.phoneNumber, 'Is the shop open today?');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ direction: 'inbound', status: 'received', keyword: null, conversationId: expect.stringMatching(/^cv_/) });
    const again = await inbound(client, number.phoneNumber, 'Hello?');
    expect(again.json().conversationId).toBe(r.json().conversationId);
    const contact = (await client.get(`/v1/contacts/${r.json().contactId}`)).json();
    expect(contact).toMatchObject({ phone: '+12125550150', consent: { state: 'unknown' } });
    expect(contact.lastMessageAt).not.toBeNull();
  });

  it('STOP opts out at once with keyword evidence and replies exactly once, even to a suppressed number', async () => {
    const env = use();
    const { client, number } = await account();
    const stop = await inbound(client, number.phoneNumber, ' stop! ', 'SMIN-stop-1');
    expect(stop.json().keyword).toEqual({ kind: 'opt_out', word: 'STOP' });
    const dup = await inbound(client, number.phoneNumber, ' stop! ', 'SMIN-stop-1'); // the carrier delivers it twice
    expect(dup.json().id).toBe(stop.json().id);
    const tl = (await client.get(`/v1/contacts/${stop.json().contactId}/consent`)).json();
    expect(tl).toMatchObject({ state: 'opted_out', suppressed: true });
    expect(tl.data[0]).toMatchObject({ kind: 'opt_out', source: 'keyword', evidence: { messageId: stop.json().id } });
    const replies = await env.ctx.database.query<{ body: string; kind: string }>(`select body, kind from messages where kind = 'keyword_reply' and "to" = '+12125550150' and "from" = $1`, [number.phoneNumber]);
    expect(replies.rows).toHaveLength(1);
    expect(replies.rows[0].body).toMatch(/unsubscribed/i);
    for (let i = 0; i < 8; i++) {
      await settle(env);
    }
    const { rows: [reply] } = await env.ctx.database.query<{ status: string }>(`select status from messages where kind = 'keyword_reply' and "from" = $1`, [number.phoneNumber]);
    expect(reply.status).toBe('delivered');
    expect((await client.post('/v1/messages', { to: '+1 212 555 0150', body: 'Come back!' })).json().error.code).toBe('recipient_opted_out');
    const events = (await env.ctx.database.query<{ type: string }>(`select type from outbox where type in ('contact.opted_out', 'message.received')`)).rows.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['contact.opted_out', 'message.received']));
  });

  it('START opts back in; HELP gets the help text with the business name; custom keywords work', async () => {
    const env = use();
    const { client, number } = await account();
    await inbound(client, number.phoneNumber, 'STOP');
    const start = await inbound(client, number.phoneNumber, 'Start');
    expect(start.json().keyword).toEqual({ kind: 'opt_in', word: 'START' });
    expect((await client.get(`/v1/contacts/${start.json().contactId}/consent`)).json()).toMatchObject({ state: 'opted_in', suppressed: false });
    await inbound(client, number.phoneNumber, 'help');
    const me = (await client.get('/v1/me')).json();
    const { rows } = await env.ctx.database.query<{ body: string }>(`select body from messages where kind = 'keyword_reply' and "from" = $1 order by created_at`, [number.phoneNumber]);
    expect(rows).toHaveLength(3);
    expect(rows[2].body).toContain(me.account.name);
    await client.patch(`/v1/numbers/${number.id}`, { customKeywords: [{ word: 'join', kind: 'opt_in', reply: 'Welcome to Acme texts!' }] });
    expect((await inbound(client, number.phoneNumber, 'JOIN')).json().keyword).toEqual({ kind: 'opt_in', word: 'JOIN' });
    expect((await inbound(client, number.phoneNumber, 'please stop texting me')).json().keyword).toBeNull();
  });

  it('refuses an inbound to a number nobody (of this account) owns', async () => {
    const { client } = await account();
    const r = await inbound(client, '+1 999 555 0100', 'hi');
    expect(r.statusCode).toBe(404);
  });
}, { CONNECTION_FAILURE_THRESHOLD: "1000" }, { simulator: true });
