import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { applyRetention } from '../src/modules/retention/retention.service.js';
import { deliverInboundDue, fanOutInboundAll } from '../src/modules/twilio-compat/inbound-hooks.service.js';
import { sidOf } from '../src/modules/twilio-compat/sids.js';
import { deliverDue } from '../src/modules/webhooks/delivery.service.js';
import { signUp } from './factories.js';
import { fanOutOnce } from '../src/modules/webhooks/fanout.service.js';
import { raceHeldFanout } from './fanout-race.js';
import { describeEachDb, type TestEnv } from './harness.js';

const DAY = 86_400_000;

/**
 * Copies of a message kept outside the messages table — webhook delivery bodies (the 30-day log and its
 * replays) and the receiver's answers — follow the message when it is redacted (Twilio-compatible API,
 * the retention job) or deleted: neither the log nor a replay gives back what the message no longer holds.
 */
describeEachDb('stored copies of a redacted or deleted message', (use) => {
  let receiver: http.Server;
  let base = '';
  beforeAll(async () => {
    // The receiver answers with what it got (an echo): the log keeps the answer's first KB.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });

  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;

  async function account() {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const hook = await client.post('/v1/webhook-endpoints', { url: `${base}/hook` });
    expect(hook.statusCode, hook.body).toBe(201);
    // The number's Twilio SMS URL gets each text too (its log keeps the first 64 KB of the answer: here, the echo).
    expect((await client.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}/sms` })).statusCode).toBe(200);
    const key = (await client.post('/v1/api-keys', { name: 'twilio' })).json();
    const sid = (await client.get('/v1/account')).json().account.twilioAccountSid as string;
    const twilio = (method: 'POST' | 'DELETE', messageId: string, form?: string) => env.app.inject({
      method, url: `/2010-04-01/Accounts/${sid}/Messages/${sidOf('SM', messageId)}.json`, payload: form,
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${key.key}`).toString('base64')}`, ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    return { client, id: fromPublicId('account', accountId)!, number, endpoint: hook.json().id as string, twilio };
  }

  /** A customer's text, fanned out to the endpoint and the SMS URL and delivered (the receiver's echoes are in the logs). */
  async function inbound(env: TestEnv, a: Awaited<ReturnType<typeof account>>, from: string, body: string) {
    const { message } = await receiveInbound(env.ctx, { from, to: a.number.phoneNumber, body, providerMessageId: `sim-${from}-${Date.now()}` }, 'simulator');
    // The outbox is read below the server's oldest open transaction: polled until the event is fanned out.
    const deadline = Date.now() + 30_000;
    const inboundAnswers = async () => (await q(`select a.id from twilio_inbound_attempts a join twilio_inbound_deliveries d on d.account_id = a.account_id and d.id = a.delivery_id
      where d.account_id = $1 and d.message_id = $2`, [a.id, message.id])).length;
    while (((await copies(a.id, message.id)).length === 0 || (await inboundAnswers()) === 0) && Date.now() < deadline) {
      await fanOutOnce(env.ctx);
      await fanOutInboundAll(env.ctx);
      await deliverInboundDue(env.ctx);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await copies(a.id, message.id)).length).toBeGreaterThan(0);
    expect(await inboundAnswers()).toBe(1);
    while ((await deliverDue(env.ctx)) > 0);
    return message.id;
  }
  /** Every stored trace of the deliveries about a message: bodies, and the answers to them. */
  const copies = (accountId: string, messageId: string) => q<{ event_type: string; payload: { data: Record<string, unknown> }; excerpts: string }>(
    `select d.event_type, d.payload, coalesce((select string_agg(coalesce(a.response_excerpt, ''), '|') from webhook_attempts a where a.account_id = d.account_id and a.delivery_id = d.id), '') as excerpts
     from webhook_deliveries d where d.account_id = $1 and d.subject_id = $2`, [accountId, messageId]);
  /** How many stored rows of the account's webhook logs (bodies, answers; the Twilio inbound webhook's answers) hold `needle`. */
  const traces = async (accountId: string, needle: string) =>
    (await q(`select d.id from webhook_deliveries d left join webhook_attempts a on a.account_id = d.account_id and a.delivery_id = d.id
              where d.account_id = $1 and (d.payload::text like $2 or a.response_excerpt like $2)
              union all
              select a.id from twilio_inbound_attempts a where a.account_id = $1 and a.response_excerpt like $2`, [accountId, `%${needle}%`])).length;

  it('a Twilio-compatible redaction empties the body in the delivery log, its replays and the echoed answers (the numbers stay, as on the message)', async () => {
    const env = use();
    const a = await account();
    const secret = 'Quokka-Redact-gate-code-4471';
    const id = await inbound(env, a, '+13125550711', secret);
    expect(await traces(a.id, secret), 'the log holds the body before').toBeGreaterThan(0);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect((await a.client.post(`/v1/webhook-endpoints/${a.endpoint}/replay`, { since })).statusCode).toBe(202);

    const r = await a.twilio('POST', id, 'Body=');
    expect(r.statusCode, r.body).toBe(200);
    expect(await traces(a.id, secret)).toBe(0);
    const received = (await copies(a.id, id)).filter((c) => c.event_type === 'message.received');
    expect(received.length, 'the original and its replay').toBe(2);
    for (const c of received) expect(c.payload.data).toMatchObject({ body: '', from: '+13125550711' });
    // A replay asked for after the redaction copies the redacted body.
    expect((await a.client.post(`/v1/webhook-endpoints/${a.endpoint}/replay`, { since })).statusCode).toBe(202);
    expect(await traces(a.id, secret)).toBe(0);
  });

  it('a Twilio-compatible deletion leaves no body or number of the message in the delivery log or its replays; its message.deleted still goes', async () => {
    const env = use();
    const a = await account();
    const secret = 'Quokka-Delete-locker-9913';
    const from = '+13125550722';
    const id = await inbound(env, a, from, secret);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect((await a.client.post(`/v1/webhook-endpoints/${a.endpoint}/replay`, { since })).statusCode).toBe(202);
    expect(await traces(a.id, '3125550722')).toBeGreaterThan(0);

    const r = await a.twilio('DELETE', id);
    expect(r.statusCode, r.body).toBe(204);
    expect(await traces(a.id, secret)).toBe(0);
    expect(await traces(a.id, '3125550722')).toBe(0);
    expect(await q(`select id from twilio_inbound_deliveries where account_id = $1 and message_id = $2`, [a.id, id])).toEqual([]);
    const left = await copies(a.id, id);
    expect(left.length, 'the log keeps that deliveries were made').toBeGreaterThan(1);
    for (const c of left) expect(c.payload.data).toEqual({ messageId: expect.stringMatching(/^msg_/), deleted: true });
    // The deletion's own event is fanned out afterwards, intact.
    const deadline = Date.now() + 30_000;
    while (!(await copies(a.id, id)).some((c) => c.event_type === 'message.deleted') && Date.now() < deadline) {
      await fanOutOnce(env.ctx);
      await new Promise((res) => setTimeout(res, 20));
    }
    const deleted = (await copies(a.id, id)).find((c) => c.event_type === 'message.deleted');
    expect(deleted?.payload.data).toMatchObject({ status: 'received', direction: 'inbound', source: 'api' });
  });

  it("the retention job's redaction writes '[redacted]' into the delivery log's bodies too, set-based over the batch", async () => {
    const env = use();
    const a = await account();
    const secrets = ['Quokka-Retain-first-1201', 'Quokka-Retain-second-1202', 'Quokka-Retain-third-1203'];
    const ids = [];
    for (const [i, s] of secrets.entries()) ids.push(await inbound(env, a, `+1312555073${i}`, s));
    expect((await a.client.request('PUT', '/v1/retention', { messageBodyDays: 1, uploadDays: 30, inactiveContactMonths: null, exportDays: 7 })).statusCode).toBe(200);
    const real = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + 2 * DAY);
    try {
      expect((await applyRetention(env.ctx, a.id)).messageBodies).toBe(3);
    } finally {
      env.ctx.now = real;
    }
    for (const s of secrets) expect(await traces(a.id, s), s).toBe(0);
    for (const id of ids) {
      const received = (await copies(a.id, id)).filter((c) => c.event_type === 'message.received');
      expect(received.length).toBe(1);
      expect(received[0].payload.data.body).toBe('[redacted]');
    }
  });
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '3000' });

describeEachDb('a Twilio-compatible redaction and a webhook fan-out in flight', (use) => {
  it('a fan-out that read the body before the redaction committed stores no delivery with it', async () => {
    const env = use();
    const secret = 'Quokka-Race-pin-5521';
    const { client } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await client.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' })).statusCode).toBe(201);
    const key = (await client.post('/v1/api-keys', { name: 'twilio' })).json();
    const sid = (await client.get('/v1/account')).json().account.twilioAccountSid as string;
    const { message } = await receiveInbound(env.ctx, { from: '+13125550741', to: number.phoneNumber, body: secret, providerMessageId: `race-${Date.now()}` }, 'simulator');

    // The fan-out stops in its transaction once it has read the message; the redaction commits meanwhile or waits for it.
    const redaction = await raceHeldFanout(env, () => env.app.inject({
      method: 'POST', url: `/2010-04-01/Accounts/${sid}/Messages/${sidOf('SM', message.id)}.json`, payload: 'Body=',
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${key.key}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    }));
    expect(redaction.statusCode).toBe(200);
    const rows = (await env.ctx.database.query<{ payload: { data: Record<string, unknown> } }>(
      `select payload from webhook_deliveries where subject_id = $1 and event_type = 'message.received'`, [message.id])).rows;
    expect(rows.length, 'the fan-out stored its delivery').toBe(1);
    expect(rows[0].payload.data.body).toBe('');
  }, 180_000);
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { only: 'postgres' });
