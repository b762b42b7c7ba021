import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { fromPublicId } from '../src/lib/ids.js';
import { WebhookRejected, type CarrierKindImpl, type WebhookEvent } from '../src/providers/carrier.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

/** A number no other test of this run uses (random ones collided with the simulator's). */
let numberSeq = 0;
const exchange = 200 + (process.pid % 700);
const uniqueNumber = (area: string) => `+1${area}${exchange}${String((numberSeq += 1) + Math.floor(Math.random() * 100) * 100).padStart(4, '0').slice(-4)}`;

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const sign = (secret: string, url: string, body: string) => createHmac('sha256', secret).update(`${url}\n${body}`).digest('base64');

/** A carrier kind whose webhooks are signed with the connection's auth token over the URL and raw body. */
const signedKind: CarrierKindImpl = {
  kind: 'twilio',
  connect: () => ({ kind: 'twilio', capabilities: { mms: false, provision: false, sessions: false }, test: async () => ({ ok: true }), send: async () => [] }),
  parseWebhook(req, cc, which): WebhookEvent[] {
    const got = req.headers['x-test-signature'];
    if (!got) throw new WebhookRejected('missing_signature', 'No signature.');
    if (got !== sign(cc.credentials.authToken, req.url, req.rawBody.toString('utf8'))) throw new WebhookRejected('bad_signature', 'The signature does not match.');
    const b = JSON.parse(req.rawBody.toString('utf8')) as { id: string; from?: string; to?: string; body?: string; status?: 'delivered' };
    return which === 'inbound'
      ? [{ kind: 'inbound', message: { accountId: 'forged-by-the-kind', connectionId: cc.connectionId, from: b.from!, to: b.to!, body: b.body!, providerMessageId: b.id } }]
      : [{ kind: 'receipt', receipt: { accountId: 'forged-by-the-kind', connectionId: cc.connectionId, provider: 'x', providerMessageId: b.id, status: b.status ?? 'delivered' } }];
  },
};

describeEachDb('carrier webhooks', (use) => {
  async function setup(authToken: string) {
    const { app, ctx } = use();
    ctx.carriers.set('twilio', signedKind);
    const a = await signUp(app);
    const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'T', credentials: { accountSid: SID, authToken } })).json();
    const phone = uniqueNumber('628');
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: phone })).statusCode).toBe(201);
    return { a, conn, phone };
  }
  const post = (url: string, body: string, headers: Record<string, string>) =>
    use().app.inject({ method: 'POST', url: new URL(url).pathname, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

  it('accepts a signed inbound text at the connection\'s URL and refuses altered, unsigned or misdirected ones', async () => {
    const { ctx } = use();
    const { a, conn, phone } = await setup('tok-a');
    const url = conn.webhookUrls.inbound;
    const body = JSON.stringify({ id: `SM${Date.now()}`, from: '+14155550177', to: phone, body: 'Hello there' });
    const ok = await post(url, body, { 'x-test-signature': sign('tok-a', url, body) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers['content-type']).toMatch(/text\/xml/);
    const count = async () => Number((await ctx.database.query<{ n: string }>("select count(*) as n from messages where account_id = $1 and direction = 'inbound'", [fromPublicId('account', a.accountId)])).rows[0].n);
    expect(await count()).toBe(1);
    const conversations = (await a.client.get('/v1/conversations')).json().data;
    expect(conversations).toHaveLength(1);

    const altered = body.replace('Hello there', 'Hello thera');
    for (const [u, b, sig] of [
      [url, altered, sign('tok-a', url, body)], // body changed after signing
      [url, body, sign('tok-b', url, body)], // signed with another token
      [url, body, ''], // unsigned
      [url.replace(/\/webhooks\/twilio\/[^/]+\//, '/webhooks/twilio/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/'), body, sign('tok-a', url, body)], // unknown token
      [url.replace('/twilio/', '/simulator/'), body, sign('tok-a', url, body)], // another kind
    ] as const) {
      const res = await post(u, b, sig ? { 'x-test-signature': sig } : {});
      expect(res.statusCode, `${u} ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe('webhook_rejected');
    }
    expect(await count()).toBe(1);
  });

  it('ignores an inbound text for a number that is not on the connection, and keeps receipts within the connection\'s account', async () => {
    const { ctx } = use();
    const { a, conn } = await setup('tok-c');
    const other = await setup('tok-d'); // another account's number
    const url = conn.webhookUrls.inbound;
    const body = JSON.stringify({ id: `SM${Date.now()}x`, from: '+14155550178', to: other.phone, body: 'Sneaky' });
    expect((await post(url, body, { 'x-test-signature': sign('tok-c', url, body) })).statusCode).toBe(200);
    const n = await ctx.database.query<{ n: string }>("select count(*) as n from messages where direction = 'inbound' and body = 'Sneaky'");
    expect(Number(n.rows[0].n)).toBe(0);

    const status = conn.webhookUrls.status;
    const receipt = JSON.stringify({ id: `SMunknown${Date.now()}`, status: 'delivered' });
    expect((await post(status, receipt, { 'x-test-signature': sign('tok-c', status, receipt) })).statusCode).toBe(200);
    const parked = await ctx.database.query<{ account_id: string; provider: string }>('select account_id, provider from early_receipts where provider_message_id = $1', [JSON.parse(receipt).id]);
    expect(parked.rows).toEqual([{ account_id: fromPublicId('account', a.accountId), provider: 'twilio' }]);
  });

  it('refuses at once a callback signed with rotated-away credentials, and every callback to a deleted connection', async () => {
    const { app } = use();
    use().ctx.carriers.set('twilio', signedKind);
    const a = await signUp(app);
    const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'R', credentials: { accountSid: SID, authToken: 'tok-old' } })).json();
    const url = conn.webhookUrls.status;
    const receipt = (n: number) => JSON.stringify({ id: `SMrotated${Date.now()}${n}`, status: 'delivered' });
    const b1 = receipt(1);
    expect((await post(url, b1, { 'x-test-signature': sign('tok-old', url, b1) })).statusCode).toBe(200);
    const rotated = await a.client.patch(`/v1/provider-connections/${conn.id}`, { credentials: { accountSid: SID, authToken: 'tok-new' } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const b2 = receipt(2);
    const old = await post(url, b2, { 'x-test-signature': sign('tok-old', url, b2) });
    expect(old.statusCode, old.body).toBe(403);
    expect(old.json().error.code).toBe('webhook_rejected');
    expect((await post(url, b2, { 'x-test-signature': sign('tok-new', url, b2) })).statusCode).toBe(200);
    expect((await a.client.delete(`/v1/provider-connections/${conn.id}`)).statusCode).toBeLessThan(300);
    const b3 = receipt(3);
    const gone = await post(url, b3, { 'x-test-signature': sign('tok-new', url, b3) });
    expect(gone.statusCode, gone.body).toBe(403);
    expect(gone.json().error).toMatchObject({ code: 'webhook_rejected', details: { reason: 'unknown_connection' } });
  });

  it('verifies callbacks that arrive together each against the connection its own URL names', async () => {
    const { ctx } = use();
    const [g, h] = [await setup('tok-g'), await setup('tok-h')];
    const unknown = g.conn.webhookUrls.status.replace(/\/webhooks\/twilio\/[^/]+\//, '/webhooks/twilio/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/');
    const cases = Array.from({ length: 24 }, (_, i) => {
      const body = JSON.stringify({ id: `SMtogether${Date.now()}${i}`, status: 'delivered' });
      const [url, secret, expected] = ([
        [g.conn.webhookUrls.status, 'tok-g', 200], [h.conn.webhookUrls.status, 'tok-h', 200],
        [g.conn.webhookUrls.status, 'tok-h', 403], [unknown, 'tok-g', 403],
      ] as const)[i % 4];
      return { url, body, secret, expected };
    });
    const answers = await Promise.all(cases.map((c) => post(c.url, c.body, { 'x-test-signature': sign(c.secret, c.url, c.body) })));
    expect(answers.map((r) => r.statusCode)).toEqual(cases.map((c) => c.expected));
    const parked = await ctx.database.query<{ account_id: string; provider_message_id: string }>(
      "select account_id, provider_message_id from early_receipts where provider_message_id like 'SMtogether%' order by provider_message_id");
    const accountOf = { 'tok-g': fromPublicId('account', g.a.accountId), 'tok-h': fromPublicId('account', h.a.accountId) };
    expect(parked.rows).toEqual(cases.filter((c) => c.expected === 200).map((c) => ({ account_id: accountOf[c.secret], provider_message_id: JSON.parse(c.body).id as string }))
      .sort((x, y) => (x.provider_message_id < y.provider_message_id ? -1 : 1)));
  });

  it('never writes the webhook token of a URL to the logs', async () => {
    const { ctx } = use();
    const { conn } = await setup('tok-e');
    const lines: string[] = [];
    const app = await buildApp({ ...ctx, config: { ...ctx.config, logLevel: 'debug' } }, { logStream: { write: (s: string) => void lines.push(s) } });
    try {
      const url = conn.webhookUrls.status;
      const body = JSON.stringify({ id: 'SMlog', status: 'delivered' });
      await app.inject({ method: 'POST', url: new URL(url).pathname, payload: body, headers: { 'content-type': 'application/json', 'x-test-signature': 'forged' } });
      await app.inject({ method: 'POST', url: new URL(url).pathname, payload: body, headers: { 'content-type': 'application/json', 'x-test-signature': sign('tok-e', url, body) } });
      const token = url.split('/').at(-2)!;
      expect(lines.join('\n')).toContain('/webhooks/twilio/');
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await app.close();
    }
  });
});
