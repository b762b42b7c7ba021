// A hostile review of the Twilio-compatible API (issue 12): what a developer porting Twilio code
// sees through the official `twilio` package, and what an attacker sends by hand. Every answer is a
// Twilio-shaped 4xx (never a 500), and a key may do through this API only what /v1 lets it do.
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { uuidOfSid } from '../src/modules/twilio-compat/sids.js';
import { callbacksOf, flushStatusCallbacks } from '../src/modules/twilio-compat/status-callbacks.service.js';
import { describeEachDb, settle } from './harness.js';
import { signUp } from './factories.js';

/** The official SDK, pointed at our server (its documented httpClient option). */
class Redirected extends twilio.RequestClient {
  constructor(private base: string) { super(); }
  request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
    return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', this.base) });
  }
}

describeEachDb('Twilio-compatible API, hostile review', (use) => {
  let base = '';
  beforeAll(async () => {
    const env = use();
    if (!env.app.server.address()) await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  });

  async function account() {
    const { client, accountId } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const key = (await client.post('/v1/api-keys', { name: 'twilio sdk' })).json();
    const acct = (await client.get('/v1/account')).json().account;
    const sdk = twilio(acct.twilioAccountSid, key.key, { httpClient: new Redirected(base) });
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const raw = (path: string, init: { method?: string; body?: string; type?: string; auth?: string } = {}) =>
      fetch(`${base}/2010-04-01/Accounts/${acct.twilioAccountSid}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: init.auth ?? basic(acct.twilioAccountSid, key.key), ...(init.body !== undefined ? { 'content-type': init.type ?? 'application/x-www-form-urlencoded' } : {}) },
        body: init.body,
      });
    return { client, accountUuid: fromPublicId('account', accountId)!, number, key, accountSid: acct.twilioAccountSid as string, sdk, raw, basic };
  }
  async function twilioError(p: Promise<unknown>) {
    try { await p; } catch (e) { const x = e as { status: number; code: number }; return { status: x.status, code: x.code }; }
    throw new Error('expected a Twilio error');
  }
  /** A Twilio error answer: a 4xx with Twilio's four fields. */
  async function expectTwilio4xx(r: Response, code?: number) {
    const body = await r.json();
    expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(r.status, JSON.stringify(body)).toBeLessThan(500);
    expect(body).toEqual({ code: code ?? expect.any(Number), message: expect.any(String), more_info: expect.any(String), status: r.status });
  }

  it("a key's scopes hold here as on /v1: a read-only key cannot send, cancel, redact or delete; a key without messages scopes cannot read", async () => {
    const a = await account();
    const sent = await a.sdk.messages.create({ to: '+12125550101', from: a.number.phoneNumber, body: 'hi' });
    const readOnly = (await a.client.post('/v1/api-keys', { name: 'reader', scopes: ['messages:read'] })).json();
    const reader = twilio(a.accountSid, readOnly.key, { httpClient: new Redirected(base) });
    expect((await reader.messages(sent.sid).fetch()).sid).toBe(sent.sid);
    expect(await twilioError(reader.messages.create({ to: '+12125550102', from: a.number.phoneNumber, body: 'not allowed' }))).toEqual({ status: 403, code: 20003 });
    expect(await twilioError(reader.messages(sent.sid).update({ body: '' }))).toEqual({ status: 403, code: 20003 });
    expect(await twilioError(reader.messages(sent.sid).remove())).toEqual({ status: 403, code: 20003 });
    const contactsOnly = (await a.client.post('/v1/api-keys', { name: 'contacts', scopes: ['contacts:read'] })).json();
    const other = twilio(a.accountSid, contactsOnly.key, { httpClient: new Redirected(base) });
    expect(await twilioError(other.messages.list())).toEqual({ status: 403, code: 20003 });
    expect(await twilioError(other.messages(sent.sid).fetch())).toEqual({ status: 403, code: 20003 });
    expect((await a.sdk.messages.list()).map((m) => m.body)).toEqual(['hi']);
  });

  it('a revoked key is 401 20003', async () => {
    const a = await account();
    const k = (await a.client.post('/v1/api-keys', { name: 'soon revoked' })).json();
    const sdk = twilio(a.accountSid, k.key, { httpClient: new Redirected(base) });
    expect(await sdk.messages.list()).toEqual([]);
    expect((await a.client.delete(`/v1/api-keys/${k.id}`)).statusCode).toBe(204);
    expect(await twilioError(sdk.messages.list())).toEqual({ status: 401, code: 20003 });
    const viaSk = twilio(k.twilioSid, k.key, { accountSid: a.accountSid, httpClient: new Redirected(base) });
    expect(await twilioError(viaSk.messages.list())).toEqual({ status: 401, code: 20003 });
    // Twilio's 401 carries the Basic challenge: HTTP clients that send credentials only when challenged (curl --anyauth, .NET's NetworkCredential) need it.
    const r = await a.raw('/Messages.json', { auth: a.basic(a.accountSid, k.key) });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
  });

  it('NUL characters and other hostile values are a Twilio 4xx, never a 500', async () => {
    const a = await account();
    const from = encodeURIComponent(a.number.phoneNumber);
    const form = (extra: string) => ({ method: 'POST', body: `To=%2B12125550111&From=${from}&Body=hi&${extra}` });
    await expectTwilio4xx(await a.raw('/Messages.json', form('StatusCallback=http%3A%2F%2Fexample.com%2F%00x')));
    await expectTwilio4xx(await a.raw('/Messages.json', { method: 'POST', body: `To=%2B12125550111&From=${from}&Body=a%00b` }));
    await expectTwilio4xx(await a.raw('/Messages.json', { method: 'POST', body: `To=%2B12125550111&From=%2B1202555%0001&Body=x` }));
    await expectTwilio4xx(await a.raw('/Messages.json', { method: 'POST', body: `To=%2B1212555%0011&From=${from}&Body=x` }));
    await expectTwilio4xx(await a.raw('/Messages.json', form('MediaUrl=http%3A%2F%2Fexample.com%2F%00.jpg')));
    await expectTwilio4xx(await a.raw('/Messages.json?To=%2B1212%00'));
    await expectTwilio4xx(await a.raw('/Messages.json?From=%00'));
    // A forged PageToken whose id has the right characters but is no uuid; dates out of any range.
    const forged = 'PA' + Buffer.from(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url');
    await expectTwilio4xx(await a.raw(`/Messages.json?PageToken=${forged}`), 20001);
    await expectTwilio4xx(await a.raw('/Messages.json?PageToken=PA'), 20001);
    for (const q of ['DateSent=0000-01-01', 'DateSent%3E=9999-99-99', 'DateSent%3C=275760-09-13', 'DateSent=2026-02-31', 'DateSent=9999-12-31', 'DateSent%3C=9999-12-31', 'DateSent%3E=1969-12-31']) {
      const r = await a.raw(`/Messages.json?${q}`);
      expect(r.status, `${q}: ${await r.clone().text()}`).toBeLessThan(500);
    }
    // Repeated fields, a huge body, unicode, a non-form body.
    const rep = await a.raw('/Messages.json', { method: 'POST', body: `To=%2B12125550112&To=%2B12125550113&From=${from}&Body=one&Body=two` });
    expect(rep.status).toBeLessThan(500);
    await expectTwilio4xx(await a.raw('/Messages.json', { method: 'POST', body: `To=%2B12125550111&From=${from}&Body=${'x'.repeat(200_000)}` }));
    const uni = await a.sdk.messages.create({ to: '+12125550114', from: a.number.phoneNumber, body: 'héllo 👋 \u{1F468}\u200D\u{1F469}' });
    expect(uni.numSegments).toBe('1');
    await expectTwilio4xx(await a.raw('/Messages.json', { method: 'POST', body: 'To=%E0%A4%A', type: 'application/x-www-form-urlencoded' }));
    await expectTwilio4xx(await a.raw(`/Messages/SM${'0'.repeat(32)}.json`, { method: 'POST', body: 'Status=canceled' }), 20404);
    await expectTwilio4xx(await a.raw('/Messages/not-a-sid.json', { method: 'DELETE' }), 20404);
  });

  it("an address that does not decode or a path segment over the limit is Twilio's error shape here, not /v1's", async () => {
    const a = await account();
    await expectTwilio4xx(await a.raw('/Messages/%E0%A4%A.json'), 20001);
    await expectTwilio4xx(await fetch(`${base}/2010-04-01/Accounts/%E0%A4%A/Messages.json`), 20001);
    const long = await a.raw(`/Messages/SM${'0'.repeat(600)}.json`);
    expect(long.status).toBe(414);
    await expectTwilio4xx(long, 20001);
    // /v1 keeps its own shape.
    const v1 = await fetch(`${base}/v1/contacts/%E0%A4%A`);
    expect(await v1.json()).toMatchObject({ error: { code: 'bad_url', message: expect.any(String), details: {} } });
  });

  it('an unknown resource or subresource under the account is a Twilio-shaped 404 (20404)', async () => {
    const a = await account();
    const sent = await a.sdk.messages.create({ to: '+12125550121', from: a.number.phoneNumber, body: 'media?' });
    await expectTwilio4xx(await a.raw(`/Messages/${sent.sid}/Media.json`), 20404);
    await expectTwilio4xx(await a.raw('/Calls.json'), 20404);
    // Unauthenticated first: no hint whether the resource exists.
    const r = await fetch(`${base}/2010-04-01/Accounts/${a.accountSid}/Calls.json`);
    await expectTwilio4xx(r);
  });

  it("the SDK's list({limit}) and each() walk several pages; the message JSON has Twilio's fields and types", async () => {
    const a = await account();
    for (let i = 0; i < 7; i++) await a.sdk.messages.create({ to: `+1212555030${i}`, from: a.number.phoneNumber, body: `m${i}` });
    expect((await a.sdk.messages.list({ limit: 5, pageSize: 2 })).map((m) => m.body)).toEqual(['m6', 'm5', 'm4', 'm3', 'm2']);
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      a.sdk.messages.each({ pageSize: 3, done: (err?: Error) => (err ? reject(err) : resolve()) }, (m) => { seen.push(m.body); });
    });
    expect(seen).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
    const r = await a.raw('/Messages.json?PageSize=2');
    const page = await r.json();
    expect(page).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, first_page_uri: expect.stringMatching(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json\?/) });
    expect(page.next_page_uri).toMatch(/PageToken=PA/);
    const m = page.messages[0];
    expect(Object.keys(m).sort()).toEqual(['account_sid', 'api_version', 'body', 'date_created', 'date_sent', 'date_updated', 'direction', 'error_code', 'error_message', 'from', 'messaging_service_sid', 'num_media', 'num_segments', 'price', 'price_unit', 'sid', 'status', 'subresource_uris', 'to', 'uri']);
    expect(m.date_created).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect([typeof m.num_segments, typeof m.num_media, m.error_code, m.price]).toEqual(['string', 'string', null, null]);
    expect(m.uri).toBe(`/2010-04-01/Accounts/${a.accountSid}/Messages/${m.sid}.json`);
  });

  it('MediaUrl to a private or metadata address is refused with 21620 (never fetched), not a 500', async () => {
    const a = await account();
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[::1]/a.jpg', 'http://127.0.0.1:1/a.jpg']) {
      const e = await twilioError(a.sdk.messages.create({ to: '+12125550131', from: a.number.phoneNumber, body: 'pic', mediaUrl: [url] }));
      expect(e.status).toBeLessThan(500);
    }
  });

  it('an inbound text and a reply in a conversation can be fetched, redacted and deleted (never a 500); the inbox still opens', async () => {
    const env = use();
    const a = await account();
    expect((await a.client.post('/v1/simulator/inbound', { from: '+12125550151', to: a.number.phoneNumber, body: 'hello there' })).statusCode).toBeLessThan(300);
    await settle(env);
    const [inbound] = await a.sdk.messages.list({ from: '+12125550151' });
    expect(inbound).toMatchObject({ direction: 'inbound', status: 'received', body: 'hello there', to: a.number.phoneNumber });
    const reply = await a.sdk.messages.create({ to: '+12125550151', from: a.number.phoneNumber, body: 'hi back' });
    await settle(env);
    expect((await a.sdk.messages(inbound.sid).update({ body: '' })).body).toBe('');
    expect(await a.sdk.messages(inbound.sid).remove()).toBe(true);
    expect(await a.sdk.messages(reply.sid).remove()).toBe(true);
    const convs = await a.client.get('/v1/conversations');
    expect(convs.statusCode, convs.body).toBe(200);
    for (const c of convs.json().data) {
      const one = await a.client.get(`/v1/conversations/${c.id}`);
      expect(one.statusCode, one.body).toBe(200);
      const msgs = await a.client.get(`/v1/conversations/${c.id}/messages`);
      expect(msgs.statusCode, msgs.body).toBe(200);
    }
    expect(await a.sdk.messages.list()).toEqual([]);
  });

  it('Twilio parameters that would change what is sent are refused (30700), not ignored; harmless ones are accepted', async () => {
    const a = await account();
    const base_ = { to: '+12125550801', from: a.number.phoneNumber, body: 'Your code is 1234' };
    const refused = async (extra: Record<string, unknown>) => twilioError(a.sdk.messages.create({ ...base_, ...extra } as Parameters<typeof a.sdk.messages.create>[0]));
    for (const extra of [
      { contentSid: `HX${'a'.repeat(32)}` }, { contentVariables: '{"1":"x"}' }, { shortenUrls: true }, { sendAsMms: true },
      { persistentAction: ['geo:37.78,-122.39'] }, { fallbackFrom: '+12125550999' }, { contentRetention: 'discard' }, { addressRetention: 'obfuscate' },
      { validityPeriod: 60 }, { applicationSid: `AP${'b'.repeat(32)}` },
    ]) {
      expect(await refused(extra), JSON.stringify(extra)).toEqual({ status: 400, code: 30700 });
    }
    // A template send has no Body: it hears why it is refused, not that a body is missing.
    expect(await twilioError(a.sdk.messages.create({ to: '+12125550801', from: a.number.phoneNumber, contentSid: `HX${'a'.repeat(32)}` }))).toEqual({ status: 400, code: 30700 });
    // Nothing was sent, nor recorded, for any of them.
    expect(await a.sdk.messages.list()).toEqual([]);
    // Harmless ones change nothing we send: accepted (and documented as ignored).
    const ok = await a.sdk.messages.create({
      ...base_, attempt: 2, maxPrice: 0.5, provideFeedback: true, forceDelivery: true, messageIntent: 'otp', trafficType: 'free', riskCheck: 'disable',
      shortenUrls: false, sendAsMms: false, contentRetention: 'retain', addressRetention: 'retain', validityPeriod: 36000,
      applicationSid: `AP${'b'.repeat(32)}`, statusCallback: 'https://example.com/cb',
    });
    expect(ok).toMatchObject({ status: 'queued', body: 'Your code is 1234' });
    // By hand: an empty ContentSid is no template; a boolean is read as Twilio reads it (any case).
    const raw = await a.raw('/Messages.json', { method: 'POST', body: new URLSearchParams({ To: '+12125550802', From: a.number.phoneNumber, Body: 'x', ContentSid: '', ShortenUrls: 'false' }).toString() });
    expect(raw.status).toBe(201);
    const message = await a.raw('/Messages.json', { method: 'POST', body: new URLSearchParams({ To: '+12125550803', From: a.number.phoneNumber, Body: 'x', ShortenUrls: 'True' }).toString() });
    await expectTwilio4xx(message, 30700);
  });

  it("SendAt is checked against Twilio's window (15 minutes to 35 days ahead) and needs ScheduleType=fixed and a messaging service", async () => {
    const a = await account();
    const p = (await a.client.post('/v1/number-pools', { name: 'svc', numberIds: [a.number.id] })).json();
    const mg = `MG${fromPublicId('pool', p.id)!.replace(/-/g, '')}`;
    const at = (ms: number) => new Date(Date.now() + ms);
    const schedule = (sendAt: Date, extra: Record<string, unknown> = {}) =>
      a.sdk.messages.create({ to: '+12125550161', messagingServiceSid: mg, body: 'later', sendAt, scheduleType: 'fixed', ...extra });
    expect((await twilioError(schedule(at(-60_000)))).code).toBe(35114);
    expect((await twilioError(schedule(at(14 * 60_000)))).code).toBe(35114);
    expect((await twilioError(schedule(at(35 * 86_400_000 + 60_000)))).code).toBe(35114);
    expect((await schedule(at(34 * 86_400_000))).status).toBe('scheduled');
    expect((await schedule(at(20 * 60_000))).status).toBe('scheduled');
    expect((await twilioError(schedule(at(3_600_000), { scheduleType: 'sometime' }))).code).toBe(35126);
    expect((await twilioError(a.sdk.messages.create({ to: '+12125550161', messagingServiceSid: mg, body: 'x', sendAt: at(3_600_000) }))).code).toBe(35111);
    const garbage = await a.raw('/Messages.json', { method: 'POST', body: `To=%2B12125550161&MessagingServiceSid=${mg}&Body=x&ScheduleType=fixed&SendAt=not-a-date` });
    await expectTwilio4xx(garbage, 35114);
    // MG in From is a messaging service, as Twilio reads it.
    expect((await a.sdk.messages.create({ to: '+12125550162', from: mg, body: 'via From' })).messagingServiceSid).toBe(mg);
  });

  it("the SDK's credential check (client.api.accounts(sid).fetch()) answers the caller's own account, never its auth token", async () => {
    const a = await account();
    const acct = await a.sdk.api.v2010.accounts(a.accountSid).fetch();
    expect(acct).toMatchObject({ sid: a.accountSid, ownerAccountSid: a.accountSid, status: 'active', type: 'Full', uri: `/2010-04-01/Accounts/${a.accountSid}.json` });
    expect(typeof acct.friendlyName).toBe('string');
    expect(acct.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(acct.dateCreated.getTime())).toBe(false);
    expect(acct.authToken ?? null).toBeNull();
    const b = await account();
    expect(await twilioError(a.sdk.api.v2010.accounts(b.accountSid).fetch())).toEqual({ status: 401, code: 20003 });
    const wrong = twilio(a.accountSid, 'wm_nope', { httpClient: new Redirected(base) });
    expect(await twilioError(wrong.api.v2010.accounts(a.accountSid).fetch())).toEqual({ status: 401, code: 20003 });
  });

  it('a StatusCallback to ::1, another loopback address, a private or the metadata address is refused at once (only 127.0.0.1 is allowed here)', async () => {
    const env = use();
    const a = await account();
    const urls = ['http://[::1]:9/cb', 'http://127.0.0.2:9/cb', 'http://10.0.0.1/cb', 'http://169.254.169.254/latest', 'http://[::ffff:169.254.169.254]/x', 'http://2852039166/x'];
    const sids: string[] = [];
    for (const url of urls) sids.push((await a.sdk.messages.create({ to: '+12125550141', from: a.number.phoneNumber, body: 'cb', statusCallback: url })).sid);
    const rows = async (sid: string) => callbacksOf(env.ctx, a.accountUuid, uuidOfSid('SM', sid)!);
    for (let i = 0; i < 200; i++) {
      await flushStatusCallbacks(env.ctx);
      if ((await Promise.all(sids.map(rows))).every((r) => r.length > 0)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const [i, sid] of sids.entries()) {
      const [first] = await rows(sid);
      expect(first, urls[i]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    }
  });
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { simulator: true });
