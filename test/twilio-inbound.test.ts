import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { twilioCredentialsOf } from '../src/modules/twilio-compat/credentials.service.js';
import { deliverInboundDue, fanOutInboundAll } from '../src/modules/twilio-compat/inbound-hooks.service.js';
import { sidOf } from '../src/modules/twilio-compat/sids.js';
import { signUp, type Client } from './factories.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';

/** One request the receiver got: its form, headers, and whether the official twilio package accepted the signature. */
interface Received { params: Record<string, string>; headers: Record<string, string | undefined>; verified: boolean }
type Answer = { status: number; body?: string; contentType?: string };

describeEachDb('Twilio-compatible inbound webhooks (signed form, TwiML replies)', (use) => {
  const received = new Map<string, Received[]>();
  const tokens = new Map<string, string>();
  const answers = new Map<string, Answer[]>();
  let receiver: http.Server;
  let base = '';

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        const token = tokens.get(path) ?? '';
        const verified = !!token && validateRequest(token, signature, `${base}${path}`, params);
        if (!received.has(path)) received.set(path, []);
        received.get(path)!.push({ params, headers: req.headers as Record<string, string | undefined>, verified });
        const queue = answers.get(path) ?? [];
        const a = queue.length > 1 ? queue.shift()! : queue[0] ?? { status: 200, body: '<Response/>' };
        res.writeHead(a.status, { 'content-type': a.contentType ?? 'text/xml' });
        res.end(a.body ?? '');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });
  const realNow = () => new Date();
  afterEach(() => {
    use().ctx.now = realNow;
    use().ctx.config.webhooks.allowedHosts = ['127.0.0.1'];
  });

  let tag = 0;
  /** An account with a simulator number whose Twilio SMS URL is a fresh path of the receiver answering `answer` (in turn; the last one repeats). */
  async function setup(env: TestEnv, ...answer: Answer[]) {
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const path = `/sms-${++tag}`;
    answers.set(path, answer);
    const r = await client.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}${path}` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().twilioSmsUrl).toBe(`${base}${path}`);
    const account = fromPublicId('account', accountId)!;
    const creds = await twilioCredentialsOf(env.ctx, account);
    tokens.set(path, creds.authToken);
    return { client, account, number, path, creds, got: () => received.get(path) ?? [] };
  }
  const text = async (client: Client, to: string, body: string, from = '+1 212 555 0170') => {
    const r = await client.post('/v1/simulator/inbound', { from, to, body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; conversationId: string };
  };
  /**
   * Fans out and delivers until `done` holds. The outbox is read below the oldest running
   * transaction of the whole database server (other test files share it), so this polls, bounded.
   */
  async function pump(env: TestEnv, done: () => boolean | Promise<boolean>) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await fanOutInboundAll(env.ctx);
      await deliverInboundDue(env.ctx);
      if ((await done()) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await settle(env);
  }
  const log = async (client: Client, numberId?: string) => {
    const r = await client.get(`/v1/twilio-inbound-deliveries${numberId ? `?numberId=${numberId}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().data as Array<Record<string, any>>;
  };
  const ledgerTo = async (env: TestEnv, from: string, to: string) => (await env.sim.ledger()).messages.filter((m) => m.from === from && m.to === to);

  it("posts Twilio's inbound form signed with the account's token (twilio.validateRequest), and sends each TwiML <Message> as a reply", async () => {
    const env = use();
    const s = await setup(env, { status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks, we got it.</Message><Message><Body>Open 9-5.</Body></Message></Response>' });
    const inbound = await text(s.client, s.number.phoneNumber, 'Is my order ready?');
    await pump(env, () => s.got().length >= 1);
    const [req] = s.got();
    expect(req.verified).toBe(true);
    expect(validateRequest(s.creds.authToken, req.headers['x-twilio-signature']!, `${base}${s.path}`, { ...req.params, Body: 'forged' })).toBe(false);
    const sid = sidOf('SM', fromPublicId('message', inbound.id)!);
    expect(req.params).toMatchObject({
      MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: s.creds.accountSid, From: '+12125550170', To: s.number.phoneNumber,
      Body: 'Is my order ready?', NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01', FromCountry: 'US', FromState: 'NY',
    });
    expect(s.creds.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The replies went through the send path to the carrier, from the number to the customer, in order.
    const sent = await ledgerTo(env, s.number.phoneNumber, '+12125550170');
    expect(sent.map((m) => m.body)).toEqual(['Thanks, we got it.', 'Open 9-5.']);
    const [d] = await log(s.client, s.number.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, messageSid: sid, lastStatusCode: 200, twiml: { messages: 2, error: null } });
    expect(d.twiml.replies.every((r: { messageId: string | null }) => r.messageId?.startsWith('msg_'))).toBe(true);
    expect(d.attemptLog[0]).toMatchObject({ statusCode: 200, responseExcerpt: expect.stringContaining('<Message>Thanks') });
    // The replies are in the customer's conversation.
    const thread = (await s.client.get(`/v1/conversations/${inbound.conversationId}/messages`)).json().data as Array<{ body: string; direction: string }>;
    expect(thread.filter((m) => m.direction === 'outbound').map((m) => m.body).sort()).toEqual(['Open 9-5.', 'Thanks, we got it.']);

    // At least once: the same delivery posted again (a worker that died before recording the answer) sends no reply twice.
    await env.ctx.database.query(`update twilio_inbound_deliveries set status = 'pending', next_attempt_at = now() - interval '1 second' where account_id = $1`, [s.account]);
    await env.ctx.database.query(`update twilio_inbound_deliveries set attempts = 0 where account_id = $1`, [s.account]);
    await pump(env, () => s.got().length >= 2);
    expect(s.got()).toHaveLength(2);
    expect((await ledgerTo(env, s.number.phoneNumber, '+12125550170')).map((m) => m.body)).toEqual(['Thanks, we got it.', 'Open 9-5.']);
  });

  it('an empty <Response/> sends nothing; malformed TwiML is recorded in the log (12100), no reply, nothing breaks', async () => {
    const env = use();
    const empty = await setup(env, { status: 200, body: '<Response/>' });
    await text(empty.client, empty.number.phoneNumber, 'hello');
    await pump(env, () => empty.got().length >= 1);
    expect((await log(empty.client))[0]).toMatchObject({ status: 'succeeded', twiml: { messages: 0, replies: [], error: null } });
    expect(await ledgerTo(env, empty.number.phoneNumber, '+12125550170')).toEqual([]);

    const bad = await setup(env, { status: 200, body: '<Response><Message>oops</Response>' });
    await text(bad.client, bad.number.phoneNumber, 'hello');
    await pump(env, () => bad.got().length >= 1);
    const [d] = await log(bad.client);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, lastError: 'TwiML 12100', twiml: { messages: 0, replies: [], error: { code: 12100, message: expect.stringContaining('not well-formed XML') } } });
    expect(await ledgerTo(env, bad.number.phoneNumber, '+12125550170')).toEqual([]);
    expect(bad.got()).toHaveLength(1); // not retried: the answer was read, it is the receiver's TwiML that is wrong
  });

  it("an answer with hundreds of <Message> verbs sends Twilio's 10 replies per incoming text, and the log records the refusal (14109)", async () => {
    const env = use();
    const verbs = Array.from({ length: 300 }, (_, i) => `<Message>r${i}</Message>`).join('');
    const s = await setup(env, { status: 200, body: `<Response>${verbs}</Response>` });
    await text(s.client, s.number.phoneNumber, 'flood?');
    await pump(env, () => s.got().length >= 1);
    const sent = await ledgerTo(env, s.number.phoneNumber, '+12125550170');
    expect(sent.map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`).sort());
    const [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, lastError: 'TwiML 14109', twiml: { messages: 300, error: { code: 14109, message: expect.stringContaining('first 10') } } });
    expect(d.twiml.replies).toHaveLength(10);
    expect(d.twiml.replies.every((r: { messageId: string | null }) => r.messageId?.startsWith('msg_'))).toBe(true);
  });

  it('TwiML to/from attributes are honoured; <Media> on a carrier without MMS is not sent, and why is recorded', async () => {
    const env = use();
    const s = await setup(env, {
      status: 200,
      body: '<Response><Message to="+12125550199">New lead texted us</Message><Message><Body>Our menu</Body><Media>https://example.com/menu.jpg</Media></Message><Message from="+19995550100">x</Message></Response>',
    });
    await text(s.client, s.number.phoneNumber, 'menu?');
    await pump(env, () => s.got().length >= 1);
    const [d] = await log(s.client);
    expect(d.twiml).toMatchObject({ messages: 3, error: null });
    expect(d.twiml.replies.map((r: { reason: string | null }) => r.reason)).toEqual([null, 'mms_not_supported', 'unknown_sender']);
    expect((await ledgerTo(env, s.number.phoneNumber, '+12125550199')).map((m) => m.body)).toEqual(['New lead texted us']);
    expect(await ledgerTo(env, s.number.phoneNumber, '+12125550170')).toEqual([]);
  });

  it('texts received before the URL was set are not posted to it (no backlog, no late replies)', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    await text(client, number.phoneNumber, 'before');
    const path = `/sms-${++tag}`;
    answers.set(path, [{ status: 200, body: '<Response><Message>hi</Message></Response>' }]);
    expect((await client.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}${path}` })).statusCode).toBe(200);
    await text(client, number.phoneNumber, 'after');
    const got = () => received.get(path) ?? [];
    await pump(env, () => got().length >= 1); // the outbox is read in order: 'before' was read first
    expect(got().map((r) => r.params.Body)).toEqual(['after']);
    expect((await log(client)).length).toBe(1);
  });

  it('a receiver that is down is tried again on the retry schedule (controlled clock); the reply goes out once', async () => {
    const env = use();
    const s = await setup(env, { status: 503, body: 'down' }, { status: 500 }, { status: 200, body: '<Response><Message>Back up.</Message></Response>' });
    const t0 = Date.now();
    env.ctx.now = () => new Date(t0);
    await text(s.client, s.number.phoneNumber, 'anyone there?');
    await pump(env, () => s.got().length >= 1);
    let [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, nextAttemptAt: new Date(t0 + 5_000).toISOString() });
    await deliverInboundDue(env.ctx); // not due yet
    expect(s.got()).toHaveLength(1);
    env.ctx.now = () => new Date(t0 + 5_000);
    await pump(env, () => s.got().length >= 2);
    [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 500, nextAttemptAt: new Date(t0 + 5_000 + 300_000).toISOString() });
    env.ctx.now = () => new Date(t0 + 305_000);
    await pump(env, () => s.got().length >= 3);
    [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, twiml: { messages: 1 } });
    expect(d.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 500, 200]);
    expect(s.got().every((r) => r.verified)).toBe(true);
    expect(new Set(s.got().map((r) => r.params.MessageSid)).size).toBe(1);
    await pump(env, () => true);
    expect(s.got()).toHaveLength(3);
    // The reply was queued once (the message rows; its send time is on the moved clock, so the carrier is not asked here).
    const { rows } = await env.ctx.database.query<{ body: string }>(`select body from messages where account_id = $1 and direction = 'outbound'`, [s.account]);
    expect(rows.map((r) => r.body)).toEqual(['Back up.']);
  });

  it('STOP is still ours (opt-out and its reply) and still forwarded; a TwiML reply to the opted-out sender is not sent, and why is recorded', async () => {
    const env = use();
    const s = await setup(env, { status: 200, body: '<Response><Message>Sorry to see you go</Message></Response>' });
    await text(s.client, s.number.phoneNumber, 'STOP');
    await pump(env, () => s.got().length >= 1);
    expect(s.got()[0]).toMatchObject({ verified: true, params: expect.objectContaining({ Body: 'STOP' }) });
    const { rows } = await env.ctx.database.query<{ n: number }>(`select count(*)::int n from suppressions where account_id = $1`, [s.account]);
    expect(Number(rows[0].n)).toBe(1);
    const sent = await ledgerTo(env, s.number.phoneNumber, '+12125550170');
    expect(sent).toHaveLength(1); // our STOP confirmation only
    expect(sent[0].body).not.toBe('Sorry to see you go');
    const [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'succeeded', twiml: { messages: 1, replies: [{ messageId: null, reason: 'recipient_opted_out' }] } });
  });

  it("isolation: another account cannot set this number's URL nor read its log", async () => {
    const env = use();
    const a = await setup(env, { status: 200, body: '<Response/>' });
    await text(a.client, a.number.phoneNumber, 'hi');
    await pump(env, () => a.got().length >= 1);
    const b = await signUp(env.app);
    const r = await b.client.patch(`/v1/numbers/${a.number.id}`, { twilioSmsUrl: 'https://example.com/steal' });
    expect(r.statusCode).toBe(404);
    expect((await b.client.get(`/v1/twilio-inbound-deliveries?numberId=${a.number.id}`)).statusCode).toBe(404);
    expect(await log(b.client)).toEqual([]);
    expect((await a.client.get('/v1/numbers')).json().data[0].twilioSmsUrl).toBe(`${base}${a.path}`);
    expect(await log(a.client)).toHaveLength(1);
    // A forged cursor is a 400, never a 500 (found by the fuzz test: a year PostgreSQL refuses).
    for (const c of [Buffer.from('-271821-04-20T00:00:00.000Z|01900000-0000-7000-8000-000000000000').toString('base64url'), 'garbage']) {
      const r = await a.client.get(`/v1/twilio-inbound-deliveries?cursor=${c}`);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe('invalid_cursor');
    }
  });

  it('the SSRF guard: private, loopback and metadata URLs are refused when set, and at delivery time when the allow-list no longer covers them', async () => {
    const env = use();
    const s = await setup(env, { status: 200, body: '<Response><Message>x</Message></Response>' });
    env.ctx.config.webhooks.allowedHosts = [];
    for (const url of ['http://127.0.0.1:9/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/x', 'http://localhost/x']) {
      const r = await s.client.patch(`/v1/numbers/${s.number.id}`, { twilioSmsUrl: url });
      expect(r.statusCode, url).toBe(422);
      expect(r.json().error.code, url).toBe('url_not_allowed');
    }
    for (const url of ['ftp://example.com/x', 'not a url']) {
      const r = await s.client.patch(`/v1/numbers/${s.number.id}`, { twilioSmsUrl: url });
      expect(r.statusCode, url).toBe(422);
      expect(r.json().error.details, url).toBeDefined();
    }
    // Set while allowed, then the operator narrows the list: the attempt is refused before any connection.
    await text(s.client, s.number.phoneNumber, 'hi');
    await pump(env, async () => (await log(s.client)).some((x) => x.attempts >= 1));
    expect(s.got()).toEqual([]);
    const [d] = await log(s.client);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/^address_not_allowed/) });
    // null switches it off.
    const off = await s.client.patch(`/v1/numbers/${s.number.id}`, { twilioSmsUrl: null });
    expect(off.json().twilioSmsUrl).toBeNull();
  });
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '3000' }, { simulator: true });
