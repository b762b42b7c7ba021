import http, { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId, toPublicId } from '../src/lib/ids.js';
import { deliverDue } from '../src/modules/webhooks/delivery.service.js';
import { fanOutAll } from '../src/modules/webhooks/fanout.service.js';
import { twilioCredentialsOf } from '../src/modules/twilio-compat/credentials.service.js';
import { uuidOfSid } from '../src/modules/twilio-compat/sids.js';
import { callbacksOf, flushStatusCallbacks } from '../src/modules/twilio-compat/status-callbacks.service.js';
import { describeEachDb, settle } from './harness.js';
import { signUp, type Client } from './factories.js';

/** The official SDK, pointed at our server: its requests to https://api.twilio.com go to `base` instead (a custom httpClient). */
class Redirected extends twilio.RequestClient {
  constructor(private base: string) { super(); }
  request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
    return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', this.base) });
  }
}

interface Received { url: string; signature: string; params: Record<string, string> }

describeEachDb('Twilio-compatible API (official twilio SDK)', (use) => {
  let base = '';
  let receiver: Server;
  let callbackUrl = '';
  const received: Received[] = [];
  let failing = true;

  beforeAll(async () => {
    const env = use();
    const addr = env.app.server.address() as AddressInfo | null;
    if (!addr) await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ url: `${callbackUrl}${req.url!.slice('/cb'.length)}`, signature: String(req.headers['x-twilio-signature'] ?? ''), params: Object.fromEntries(new URLSearchParams(body)) });
        res.writeHead(req.url!.startsWith('/cb/fail') && failing ? 503 : 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
  });
  afterAll(async () => { await new Promise((r) => receiver?.close(r)); });

  async function account() {
    const { client, accountId } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const key = (await client.post('/v1/api-keys', { name: 'twilio sdk' })).json();
    const acct = (await client.get('/v1/account')).json().account;
    const token = (await client.post('/v1/twilio-compat/auth-token')).json();
    const sdk = twilio(acct.twilioAccountSid, key.key, { httpClient: new Redirected(base) });
    return { client, accountId, number, key, accountSid: acct.twilioAccountSid as string, authToken: token.authToken as string, sdk };
  }
  const pool = async (client: Client, numberId: string) => (await client.post('/v1/number-pools', { name: `p${Math.random()}`, numberIds: [numberId] })).json();
  const historyOf = async (client: Client, sid: string) => (await client.get(`/v1/messages/${toPublicId('message', uuidOfSid('SM', sid)!)}`)).json().history as Array<{ status: string }>;
  async function twilioError(p: Promise<unknown>) {
    try { await p; } catch (e) { const x = e as { status: number; code: number; moreInfo: string }; return { status: x.status, code: x.code, moreInfo: x.moreInfo }; }
    throw new Error('expected a Twilio error');
  }

  it('GET /v1/account and the settings card give the AC sid; API keys have SK sids; twilioCredentialsOf gives the same token', async () => {
    const a = await account();
    expect(a.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(a.key.twilioSid).toMatch(/^SK[0-9a-f]{32}$/);
    const card = (await a.client.get('/v1/twilio-compat')).json();
    expect(card).toMatchObject({ accountSid: a.accountSid, baseUrl: expect.any(String), authTokenIssuedAt: expect.any(String) });
    expect(JSON.stringify(card)).not.toContain(a.authToken);
    expect(await twilioCredentialsOf(use().ctx, toUuid(a.accountId))).toEqual({ accountSid: a.accountSid, authToken: a.authToken });
    const b = await account();
    expect(b.accountSid).not.toBe(a.accountSid);
  });

  it('an auth token the system issues to sign a callback before anyone issued one is audited (twilio.auth_token.issued by the system), once', async () => {
    const { client, accountId } = await signUp(use().app);
    const audit = async () => ((await client.get('/v1/audit-events?action=twilio.auth_token.')).json().data as Array<{ action: string; actor: { type: string } }>)
      .map((e) => `${e.action} by ${e.actor.type}`);
    expect((await client.get('/v1/twilio-compat')).json().authTokenIssuedAt).toBeNull();
    // What the status-callback and inbound workers call to sign: two at once issue one token.
    const [one, two] = await Promise.all([twilioCredentialsOf(use().ctx, toUuid(accountId)), twilioCredentialsOf(use().ctx, toUuid(accountId))]);
    expect(one.authToken).toBe(two.authToken);
    expect((await client.get('/v1/twilio-compat')).json().authTokenIssuedAt).toEqual(expect.any(String));
    expect(await audit()).toEqual(['twilio.auth_token.issued by system']);
    await twilioCredentialsOf(use().ctx, toUuid(accountId));
    expect(await client.post('/v1/twilio-compat/auth-token')).toMatchObject({ statusCode: 201 });
    expect(await audit()).toEqual(['twilio.auth_token.rotated by user', 'twilio.auth_token.issued by system']);
  });

  it('creates, fetches and lists (several pages, filters) through the SDK; all three credential forms work', async () => {
    const a = await account();
    const sent = await a.sdk.messages.create({ to: '+12125550101', from: a.number.phoneNumber, body: 'Hello from Twilio code' });
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent).toMatchObject({ accountSid: a.accountSid, apiVersion: '2010-04-01', body: 'Hello from Twilio code', direction: 'outbound-api', status: 'queued', to: '+12125550101', from: a.number.phoneNumber, numSegments: '1', numMedia: '0', errorCode: null });
    expect(sent.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(sent.dateCreated.getTime())).toBe(false);
    const fetched = await a.sdk.messages(sent.sid).fetch();
    expect(fetched.sid).toBe(sent.sid);
    // The same API with an SK sid + its key, and with the AC sid + the auth token.
    const viaSk = twilio(a.key.twilioSid, a.key.key, { accountSid: a.accountSid, httpClient: new Redirected(base) });
    expect((await viaSk.messages(sent.sid).fetch()).sid).toBe(sent.sid);
    const viaToken = twilio(a.accountSid, a.authToken, { httpClient: new Redirected(base) });
    expect((await viaToken.messages(sent.sid).fetch()).sid).toBe(sent.sid);

    for (let i = 0; i < 6; i++) await a.sdk.messages.create({ to: `+1212555020${i}`, from: a.number.phoneNumber, body: `n${i}` });
    const all = await a.sdk.messages.list({ pageSize: 3 });
    expect(all).toHaveLength(7);
    expect(new Set(all.map((m) => m.sid)).size).toBe(7);
    expect(all.map((m) => m.body).slice(0, 2)).toEqual(['n5', 'n4']);
    const first = await a.sdk.messages.page({ pageSize: 3 });
    expect(first.instances).toHaveLength(3);
    const second = await first.nextPage();
    expect(second!.instances.map((m) => m.body)).toEqual(['n2', 'n1', 'n0']);
    const third = await second!.nextPage();
    expect(third!.instances.map((m) => m.sid)).toEqual([sent.sid]);
    expect(await third!.nextPage()).toBeUndefined();
    expect((await a.sdk.messages.list({ to: '+12125550203' })).map((m) => m.body)).toEqual(['n3']);
    expect(await a.sdk.messages.list({ dateSentAfter: new Date(Date.now() + 86_400_000) })).toEqual([]);
    expect(await a.sdk.messages.list({ dateSentBefore: new Date(Date.now() + 86_400_000), pageSize: 1000 })).toHaveLength(7);
  });

  it('pages forward and back with PageToken while new texts arrive: none skipped, none repeated (SDK nextPage / previousPage)', async () => {
    const a = await account();
    const send = (body: string) => a.sdk.messages.create({ to: '+12125550601', from: a.number.phoneNumber, body });
    for (let i = 0; i < 7; i++) await send(`n${i}`);
    const bodies = (p: { instances: Array<{ body: string }> } | undefined) => p?.instances.map((m) => m.body);
    const p1 = await a.sdk.messages.page({ pageSize: 3 });
    expect(bodies(p1)).toEqual(['n6', 'n5', 'n4']);
    expect(await p1.previousPage()).toBeUndefined();
    const p2 = (await p1.nextPage())!;
    expect(bodies(p2)).toEqual(['n3', 'n2', 'n1']);
    // Two texts arrive while the caller reads: the pages it already has do not shift.
    await send('x0');
    await send('x1');
    const p3 = (await p2.nextPage())!;
    expect(bodies(p3)).toEqual(['n0']);
    expect(await p3.nextPage()).toBeUndefined();
    const back2 = (await p3.previousPage())!;
    expect(bodies(back2)).toEqual(['n3', 'n2', 'n1']);
    const back1 = (await back2.previousPage())!;
    expect(bodies(back1)).toEqual(['n6', 'n5', 'n4']);
    // Before the first page: the texts that arrived since, then nothing more.
    const back0 = (await back1.previousPage())!;
    expect(bodies(back0)).toEqual(['x1', 'x0']);
    expect(await back0.previousPage()).toBeUndefined();
    // And forward again from there.
    expect(bodies(await back0.nextPage())).toEqual(['n6', 'n5', 'n4']);
    expect(bodies(await (await back2.nextPage())!)).toEqual(['n0']);
    // Texts created within one millisecond (as a batch or a fan-out writes them): the token holds the position to the microsecond.
    await use().ctx.database.query(
      `update messages m set created_at = '2026-01-01T00:00:00.000100Z'::timestamptz + x.k * interval '1 microsecond'
         from (select id, row_number() over (order by id) as k from messages where account_id = $1) x where m.account_id = $1 and m.id = x.id`, [toUuid(a.accountId)]);
    const whole = (await a.sdk.messages.list({ pageSize: 1000 })).map((m) => m.sid);
    expect(whole).toHaveLength(9);
    expect((await a.sdk.messages.list({ pageSize: 1 })).map((m) => m.sid)).toEqual(whole);
    type Walk = { instances: Array<{ sid: string }>; nextPage: () => Promise<Walk | undefined>; previousPage: () => Promise<Walk | undefined> };
    let page = (await a.sdk.messages.page({ pageSize: 2 })) as unknown as Walk;
    for (let n = 0; n < 4; n++) page = (await page.nextPage())!;
    const backwards: string[] = page.instances.map((m) => m.sid);
    for (let p = await page.previousPage(); p; p = await p.previousPage()) backwards.unshift(...p.instances.map((m) => m.sid));
    expect(backwards).toEqual(whole);
    // A DateSent window read in two parts (texts sent more than a day after their creation are found apart): the same both ways.
    await use().ctx.database.query(
      `update messages set created_at = created_at - interval '200 days', sent_at = '2026-01-02T00:00:00Z' where account_id = $1 and body in ('n1', 'n3', 'n5', 'x0')`, [toUuid(a.accountId)]);
    const window = { dateSentAfter: new Date('2026-01-01T00:00:00Z') };
    const inWindow = (await a.sdk.messages.list({ ...window, pageSize: 1000 })).map((m) => m.body);
    expect(inWindow).toEqual(['x1', 'n6', 'n4', 'n2', 'n0', 'x0', 'n5', 'n3', 'n1']);
    let w = (await a.sdk.messages.page({ ...window, pageSize: 2 })) as unknown as Walk;
    const forward = [...w.instances];
    while (true) { const n = await w.nextPage(); if (!n) break; w = n; forward.push(...n.instances); }
    expect(forward.map((m) => (m as unknown as { body: string }).body)).toEqual(inWindow);
    const back = [...w.instances];
    for (let p = await w.previousPage(); p; p = await p.previousPage()) back.unshift(...p.instances);
    expect(back.map((m) => (m as unknown as { body: string }).body)).toEqual(inWindow);
  });

  it('DateSent filters walk an index over their window only, both bounds, texts sent days after they were created included (PostgreSQL plan)', async () => {
    const env = use();
    const a = await account();
    const account_ = toUuid(a.accountId);
    const DAY = 86_400_000;
    const now = Date.now();
    const dayOf = (t: number) => new Date(`${new Date(t).toISOString().slice(0, 10)}T00:00:00Z`);
    // 'late' was created three days ago and sent today (scheduled, or held); 'old' was created and sent three days ago.
    const late = await a.sdk.messages.create({ to: '+12125550910', from: a.number.phoneNumber, body: 'late' });
    const old = await a.sdk.messages.create({ to: '+12125550911', from: a.number.phoneNumber, body: 'old' });
    await settle(env);
    const back = new Date(now - 3 * DAY);
    await env.ctx.database.query(`update messages set created_at = $3 where account_id = $1 and id = $2`, [account_, uuidOfSid('SM', late.sid), back]);
    await env.ctx.database.query(`update messages set created_at = $3, sent_at = $3 where account_id = $1 and id = $2`, [account_, uuidOfSid('SM', old.sid), back]);
    for (let i = 0; i < 3; i++) await a.sdk.messages.create({ to: `+1212555090${i}`, from: a.number.phoneNumber, body: `d${i}` });
    const bodies = async (p: Promise<Array<{ body: string }>>) => (await p).map((m) => m.body).sort();
    // The results (both databases): a day, after, before; each page's keyset token carries on.
    expect(await bodies(a.sdk.messages.list({ dateSent: dayOf(now) }))).toEqual(['d0', 'd1', 'd2', 'late']);
    expect(await bodies(a.sdk.messages.list({ dateSent: dayOf(now - 3 * DAY) }))).toEqual(['old']);
    expect(await bodies(a.sdk.messages.list({ dateSentAfter: new Date(now - DAY) }))).toEqual(['d0', 'd1', 'd2', 'late']);
    expect(await bodies(a.sdk.messages.list({ dateSentAfter: new Date(now - DAY), pageSize: 1 }))).toEqual(['d0', 'd1', 'd2', 'late']);
    expect(await bodies(a.sdk.messages.list({ dateSentBefore: new Date(now - DAY) }))).toEqual(['old']);
    expect(await a.sdk.messages.list({ dateSentBefore: new Date('2001-01-01T00:00:00Z') })).toEqual([]);
    expect(await a.sdk.messages.list({ dateSentAfter: new Date(now + DAY) })).toEqual([]);
    if (env.ctx.database.kind !== 'postgres') return;
    // The statements the lists run, as PostgreSQL plans them.
    const seen: Array<{ text: string; values: unknown[] }> = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string; values?: unknown[] };
      const text = typeof q === 'string' ? q : q.text;
      if (/from "messages"/.test(text) && /"created_at" desc/.test(text)) seen.push({ text, values: ((typeof q === 'string' ? undefined : q.values) ?? args[1] ?? []) as unknown[] });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      await a.sdk.messages.list({ dateSentBefore: new Date('2001-01-01T00:00:00Z') });
      await a.sdk.messages.list({ dateSent: dayOf(now) });
      await a.sdk.messages.list({ dateSentAfter: new Date(now + DAY) });
    } finally {
      pg.Client.prototype.query = query;
    }
    const c = new pg.Client({ connectionString: env.ctx.database.connectionString });
    await c.connect();
    try {
      await c.query('begin');
      await c.query('set local enable_seqscan = off');
      const plans: string[] = [];
      for (const s of seen) plans.push((await c.query<Record<string, string>>(`explain ${s.text}`, s.values)).rows.map((r) => Object.values(r)[0]).join('\n'));
      await c.query('rollback');
      // DateSent< is one walk of the log index from the window's end down (a text is sent at or after it was
      // created); a window with a lower bound is two: the log index over created_at from a day before the window,
      // and the log of texts sent more than a day after they were created (a partial index) below that.
      expect(plans).toHaveLength(5);
      for (const plan of plans) {
        const cond = /Index Cond: (.+)/.exec(plan)?.[1] ?? '';
        expect(plan, plan).toMatch(/using messages_(log|sent_late)_idx/);
        expect(cond, plan).toMatch(/created_at/);
      }
      expect(plans.filter((p) => /messages_sent_late_idx/.test(p))).toHaveLength(2);
    } finally {
      await c.end();
    }
  });

  it("answers with Twilio's error codes", async () => {
    const a = await account();
    const from = a.number.phoneNumber;
    expect(await twilioError(a.sdk.messages.create({ to: '12345', from, body: 'x' }))).toMatchObject({ status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
    expect(await twilioError(a.sdk.messages.create({ to: '+442079460958', from, body: 'x' }))).toMatchObject({ status: 400, code: 21614 });
    // Fraud at the door: a destination country the account has not allowed (only its own, US, by default).
    expect(await twilioError(a.sdk.messages.create({ to: '+33612345678', from, body: 'x' }))).toMatchObject({ status: 400, code: 21408 });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', from, body: '' }))).toMatchObject({ code: 21602 });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', from: '+12025550123', body: 'x' }))).toMatchObject({ code: 21606 });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', from, body: 'x', mediaUrl: ['ftp://example.com/a.jpg'] }))).toMatchObject({ code: 21620 });
    expect(await twilioError(a.sdk.messages.create({ to: '', from, body: 'x' }))).toMatchObject({ code: 21604 });
    // Bad input is a Twilio 4xx, never a 500: a JSON body with non-string values, a body that is not a form.
    const auth = { authorization: `Basic ${Buffer.from(`${a.accountSid}:${a.key.key}`).toString('base64')}` };
    const json = await fetch(`${base}/2010-04-01/Accounts/${a.accountSid}/Messages.json`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ To: 5, Body: ['x', 1] }) });
    expect([json.status, (await json.json()).code]).toEqual([400, 21604]);
    const text = await fetch(`${base}/2010-04-01/Accounts/${a.accountSid}/Messages.json`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'To=1' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    const badPage = await fetch(`${base}/2010-04-01/Accounts/${a.accountSid}/Messages.json?PageSize=0&PageToken=PAnope`, { headers: auth });
    expect([badPage.status, (await badPage.json()).code]).toEqual([400, 20001]);
    // An opted-out recipient (STOP to the number).
    await a.client.post('/v1/simulator/inbound', { from: '+12125550150', to: from, body: 'STOP' });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550150', from, body: 'x' }))).toMatchObject({ status: 400, code: 21610 });
    expect(await twilioError(a.sdk.messages(`SM${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
    const wrong = twilio(a.accountSid, 'wm_not-a-key', { httpClient: new Redirected(base) });
    expect(await twilioError(wrong.messages.list())).toMatchObject({ status: 401, code: 20003 });
    const raw = await fetch(`${base}/2010-04-01/Accounts/${a.accountSid}/Messages.json`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', from, body: 'x', sendAt: new Date(Date.now() + 3_600_000), scheduleType: 'fixed' }))).toMatchObject({ code: 35118 });
    const smart = await a.sdk.messages.create({ to: '+12125550198', from, body: '\u201cHi\u201d \u2014 it\u2019s fine', smartEncoded: true });
    expect([smart.body, smart.numSegments]).toEqual(['"Hi" - it\'s fine', '1']);
    const p = await pool(a.client, a.number.id);
    const mg = `MG${uuidHex(p.id)}`;
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', messagingServiceSid: mg, body: 'x', scheduleType: 'fixed' }))).toMatchObject({ code: 35111 });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550199', messagingServiceSid: `MG${'f'.repeat(32)}`, body: 'x' }))).toMatchObject({ status: 404, code: 20404 });
  });

  it('schedules through a messaging service, cancels it, refuses to cancel twice; deletes a sent message, refuses one in flight; redacts', async () => {
    const env = use();
    const a = await account();
    const p = await pool(a.client, a.number.id);
    const mg = `MG${uuidHex(p.id)}`;
    const scheduled = await a.sdk.messages.create({ to: '+12125550301', messagingServiceSid: mg, body: 'later', sendAt: new Date(Date.now() + 3_600_000), scheduleType: 'fixed' });
    expect(scheduled).toMatchObject({ status: 'scheduled', messagingServiceSid: mg, from: a.number.phoneNumber });
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550301', messagingServiceSid: mg, body: 'soon', sendAt: new Date(Date.now() + 60_000), scheduleType: 'fixed' }))).toMatchObject({ code: 35114 });
    const canceled = await a.sdk.messages(scheduled.sid).update({ status: 'canceled' });
    expect(canceled.status).toBe('canceled');
    expect(await twilioError(a.sdk.messages(scheduled.sid).update({ status: 'canceled' }))).toMatchObject({ code: 30409 });

    const queued = await a.sdk.messages.create({ to: '+12125550302', from: a.number.phoneNumber, body: 'now' });
    expect(await twilioError(a.sdk.messages(queued.sid).remove())).toMatchObject({ code: 20009 });
    await settle(env);
    expect((await a.sdk.messages(queued.sid).fetch()).status).toBe('delivered');
    expect((await a.sdk.messages(queued.sid).update({ body: '' })).body).toBe('');
    expect(await a.sdk.messages(queued.sid).remove()).toBe(true);
    expect(await twilioError(a.sdk.messages(queued.sid).fetch())).toMatchObject({ code: 20404 });
    // A deletion (and a redaction) of personal data through the API lands in the audit log (DESIGN), naming the key.
    const audit = ((await a.client.get('/v1/audit-events?action=message.')).json().data as Array<{ action: string; actor: { type: string; id: string }; target: { type: string; id: string } | null }>);
    const publicId = toPublicId('message', uuidOfSid('SM', queued.sid)!);
    expect(audit.map((e) => [e.action, e.actor.type, e.target?.id])).toEqual([['message.deleted', 'api_key', publicId], ['message.redacted', 'api_key', publicId]]);
    expect(audit[0].actor.id).toBe(a.key.id);
  });

  /** The account's inbox stream (server-sent events) as the web app opens it: the names and data of the events it sends. */
  async function inboxStream(c: Client) {
    const cookie = Object.entries(c.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    const req = http.get({ host: '127.0.0.1', port: Number(new URL(base).port), path: '/v1/conversations/stream', headers: { cookie } });
    await new Promise<void>((resolve, reject) => req.on('error', reject).on('response', (res) => {
      expect(res.statusCode).toBe(200);
      let buffered = '';
      res.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const frames = buffered.split('\n\n');
        buffered = frames.pop()!;
        for (const f of frames) {
          const type = /^event: (.+)$/m.exec(f)?.[1];
          const data = /^data: (.+)$/m.exec(f)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      });
      resolve();
    }));
    return { events, close: () => req.destroy() };
  }

  it('deleting and redacting through the API tell subscribed webhook endpoints and the live inbox; the inbox no longer shows the body', async () => {
    const env = use();
    const a = await account();
    // A Standard Webhooks endpoint subscribed to both events; every delivery verified with the standardwebhooks package.
    const got: Array<{ type: string; data: Record<string, unknown>; verified: boolean }> = [];
    let secret = '';
    const hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        let verified = true;
        try { new Webhook(secret).verify(body, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))); } catch { verified = false; }
        const json = JSON.parse(body) as { type: string; data: Record<string, unknown> };
        got.push({ type: json.type, data: json.data, verified });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    const stream = await inboxStream(a.client);
    try {
      const endpoint = await a.client.post('/v1/webhook-endpoints', { url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`, events: ['message.redacted', 'message.deleted'] });
      expect(endpoint.statusCode, endpoint.body).toBe(201);
      secret = endpoint.json().secret;
      // A text received: a conversation whose last message is its body.
      expect((await a.client.post('/v1/simulator/inbound', { from: '+12125550701', to: a.number.phoneNumber, body: 'my code is 4711' })).statusCode).toBeLessThan(300);
      const [inbound] = await a.sdk.messages.list({ from: '+12125550701' });
      const messageId = toPublicId('message', uuidOfSid('SM', inbound.sid)!);
      const [conversation] = (await a.client.get('/v1/conversations')).json().data as Array<{ id: string; lastMessage: { body: string } | null }>;
      expect(conversation.lastMessage?.body).toBe('my code is 4711');
      const thread = async () => (await a.client.get(`/v1/conversations/${conversation.id}/messages`)).json().data as Array<{ id: string; body: string }>;
      expect((await thread()).map((m) => [m.id, m.body])).toEqual([[messageId, 'my code is 4711']]);
      const named = (type: string) => stream.events.filter((e) => e.type === type && e.data.messageId === messageId && e.data.conversationId === conversation.id);

      // Redacted: the inbox's viewers are told (their thread and list refetch) and see no body.
      expect((await a.sdk.messages(inbound.sid).update({ body: '' })).body).toBe('');
      await expect.poll(() => named('message.redacted').length, { timeout: 15_000 }).toBe(1);
      expect((await thread()).map((m) => [m.id, m.body])).toEqual([[messageId, '']]);
      expect(JSON.stringify((await a.client.get('/v1/conversations')).json())).not.toContain('4711');
      // Deleted: the same, and the message is gone from the thread.
      expect(await a.sdk.messages(inbound.sid).remove()).toBe(true);
      await expect.poll(() => named('message.deleted').length, { timeout: 15_000 }).toBe(1);
      expect(await thread()).toEqual([]);
      expect(JSON.stringify(stream.events)).not.toContain('4711');

      // The webhook endpoint gets both, signed, with public ids and no body (bounded poll: the outbox is read below running transactions).
      for (const deadline = Date.now() + 60_000; got.length < 2 && Date.now() < deadline;) {
        await fanOutAll(env.ctx);
        if (!(await deliverDue(env.ctx))) await new Promise((r) => setTimeout(r, 50));
      }
      expect(got.every((g) => g.verified)).toBe(true);
      expect(got.map((g) => g.type).sort()).toEqual(['message.deleted', 'message.redacted']);
      for (const g of got) expect(g.data).toMatchObject({ messageId, conversationId: conversation.id, direction: 'inbound', source: 'api' });
      expect(JSON.stringify(got)).not.toContain('4711');
    } finally {
      stream.close();
      await new Promise((r) => hooks.close(r));
    }
  }, 120_000);

  it('posts every status change to StatusCallback, signed so that twilio.validateRequest accepts it', async () => {
    const env = use();
    const a = await account();
    const m = await a.sdk.messages.create({ to: '+12125550401', from: a.number.phoneNumber, body: 'track me', statusCallback: `${callbackUrl}?tag=1` });
    await settle(env);
    const history = await historyOf(a.client, m.sid);
    // The consumer reads an event once its transaction is below every running one's (PostgreSQL): poll, bounded.
    for (let i = 0; i < 200 && received.filter((r) => r.params.MessageSid === m.sid).length < history.length; i++) {
      await flushStatusCallbacks(env.ctx);
      if (i) await new Promise((r) => setTimeout(r, 25));
    }
    const mine = received.filter((r) => r.params.MessageSid === m.sid);
    expect(mine.map((r) => r.params.MessageStatus)).toEqual(history.map((h) => h.status));
    expect(mine.map((r) => r.params.MessageStatus)).toContain('delivered');
    for (const r of mine) {
      expect(twilio.validateRequest(a.authToken, r.signature, r.url, r.params)).toBe(true);
      expect(twilio.validateRequest('wrong-token', r.signature, r.url, r.params)).toBe(false);
      expect(r.params).toMatchObject({ SmsSid: m.sid, AccountSid: a.accountSid, From: a.number.phoneNumber, To: '+12125550401', ApiVersion: '2010-04-01' });
      expect(r.params.SmsStatus).toBe(r.params.MessageStatus);
    }
    const rows = await callbacksOf(env.ctx, toUuid(a.accountId), uuidOfSid('SM', m.sid)!);
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
  });

  it('retries a failing StatusCallback on the schedule (controlled clock); refuses a private address without retrying', async () => {
    const env = use();
    const realNow = env.ctx.now;
    try {
      const a = await account();
      const m = await a.sdk.messages.create({ to: '+12125550601', from: a.number.phoneNumber, body: 'retry me', statusCallback: `${callbackUrl}/fail` });
      const blocked = await a.sdk.messages.create({ to: '+12125550602', from: a.number.phoneNumber, body: 'ssrf', statusCallback: 'http://169.254.169.254/latest' });
      const t0 = Date.now();
      env.ctx.now = () => new Date(t0);
      for (let i = 0; i < 200 && (await callbacksOf(env.ctx, toUuid(a.accountId), uuidOfSid('SM', m.sid)!)).length === 0; i++) {
        await flushStatusCallbacks(env.ctx);
        if (i) await new Promise((r) => setTimeout(r, 25));
      }
      const rows = async (sid: string) => callbacksOf(env.ctx, toUuid(a.accountId), uuidOfSid('SM', sid)!);
      const [first] = await rows(m.sid);
      expect(first).toMatchObject({ messageStatus: 'queued', status: 'pending', attempts: 1, lastStatusCode: 503 });
      expect(first.nextAttemptAt!.getTime()).toBe(t0 + 5_000);
      await flushStatusCallbacks(env.ctx); // not due yet
      expect((await rows(m.sid))[0].attempts).toBe(1);
      env.ctx.now = () => new Date(t0 + 5_000);
      await flushStatusCallbacks(env.ctx);
      const [second] = await rows(m.sid);
      expect(second).toMatchObject({ attempts: 2, status: 'pending' });
      expect(second.nextAttemptAt!.getTime()).toBe(t0 + 5_000 + 300_000);
      failing = false;
      env.ctx.now = () => new Date(t0 + 305_000);
      await flushStatusCallbacks(env.ctx);
      expect((await rows(m.sid))[0]).toMatchObject({ attempts: 3, status: 'succeeded', lastStatusCode: 204 });
      const tries = received.filter((r) => r.params.MessageSid === m.sid && r.params.MessageStatus === 'queued');
      expect(tries).toHaveLength(3);
      for (const r of tries) expect(twilio.validateRequest(a.authToken, r.signature, r.url, r.params)).toBe(true);
      for (let i = 0; i < 200 && (await rows(blocked.sid)).length === 0; i++) await flushStatusCallbacks(env.ctx);
      expect((await rows(blocked.sid))[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    } finally {
      env.ctx.now = realNow;
      failing = true;
    }
  });

  it("isolation: account A's credentials cannot read, list, cancel or delete account B's messages", async () => {
    const a = await account();
    const b = await account();
    const p = await pool(b.client, b.number.id);
    const bMsg = await b.sdk.messages.create({ to: '+12125550501', messagingServiceSid: `MG${uuidHex(p.id)}`, body: 'b', sendAt: new Date(Date.now() + 3_600_000), scheduleType: 'fixed' });
    // A's credentials on B's account path: 20003.
    const aOnB = twilio(b.accountSid, a.key.key, { httpClient: new Redirected(base) });
    expect(await twilioError(aOnB.messages.list())).toMatchObject({ status: 401, code: 20003 });
    expect(await twilioError(aOnB.messages(bMsg.sid).update({ status: 'canceled' }))).toMatchObject({ code: 20003 });
    const aTokenOnB = twilio(b.accountSid, a.authToken, { httpClient: new Redirected(base) });
    expect(await twilioError(aTokenOnB.messages(bMsg.sid).fetch())).toMatchObject({ code: 20003 });
    const aSkOnB = twilio(a.key.twilioSid, a.key.key, { accountSid: b.accountSid, httpClient: new Redirected(base) });
    expect(await twilioError(aSkOnB.messages(bMsg.sid).remove())).toMatchObject({ code: 20003 });
    // B's message SID on A's own path: not found.
    expect(await twilioError(a.sdk.messages(bMsg.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await twilioError(a.sdk.messages(bMsg.sid).update({ status: 'canceled' }))).toMatchObject({ code: 20404 });
    expect(await twilioError(a.sdk.messages(bMsg.sid).remove())).toMatchObject({ code: 20404 });
    expect(await a.sdk.messages.list()).toEqual([]);
    expect((await b.sdk.messages(bMsg.sid).fetch()).status).toBe('scheduled');
  });
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { simulator: true });

function uuidHex(publicId: string) {
  return toUuid(publicId).replace(/-/g, '');
}
function toUuid(publicId: string): string {
  const kind = publicId.startsWith('acct_') ? 'account' : publicId.startsWith('pool_') ? 'pool' : 'message';
  return fromPublicId(kind, publicId)!;
}
