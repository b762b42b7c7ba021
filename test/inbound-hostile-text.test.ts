import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { type CarrierKindImpl, type WebhookEvent } from '../src/providers/carrier.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

/**
 * A customer's text the database cannot store as it came: a NUL (a UCS-2 or Latin-1 text from a
 * carrier may hold one) or a UTF-16 surrogate without its partner. The carrier's webhook (or SMPP
 * session) hands it over after verification, past the API's input guard: it was a 500, the text
 * lost (an SMPP session refused it into endless redelivery). It is stored with U+FFFD in place of
 * each such character, and the carrier gets its 200.
 */
let seq = 0;
const uniqueNumber = () => `+1628${200 + (process.pid % 700)}${String((seq += 1) + Math.floor(Math.random() * 100) * 100).padStart(4, '0').slice(-4)}`;
const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const sign = (secret: string, url: string, body: string) => createHmac('sha256', secret).update(`${url}\n${body}`).digest('base64');

const signedKind: CarrierKindImpl = {
  kind: 'twilio',
  connect: () => ({ kind: 'twilio', capabilities: { mms: false, provision: false, sessions: false }, test: async () => ({ ok: true }), send: async () => [] }),
  parseWebhook(req, cc): WebhookEvent[] {
    if (req.headers['x-test-signature'] !== sign(cc.credentials.authToken, req.url, req.rawBody.toString('utf8'))) throw new Error('bad signature');
    const b = JSON.parse(req.rawBody.toString('utf8')) as { id: string; from: string; to: string; body: string };
    return [{ kind: 'inbound', message: { accountId: cc.accountId, connectionId: cc.connectionId, from: b.from, to: b.to, body: b.body, providerMessageId: b.id } }];
  },
};

describeEachDb('inbound texts the database cannot store as they came', (use) => {
  it('a NUL and a lone surrogate in a carrier\'s inbound text are stored as U+FFFD, answered 200', async () => {
    const { app, ctx } = use();
    ctx.carriers.set('twilio', signedKind);
    const a = await signUp(app);
    const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'T', credentials: { accountSid: SID, authToken: 'tok-h' } })).json();
    const phone = uniqueNumber();
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: phone })).statusCode).toBe(201);
    const url = conn.webhookUrls.inbound;
    for (const [id, text, stored] of [
      ['SMnul1', 'Hi\u0000there', 'Hi\ufffdthere'],
      ['SMsur1', 'broken \ud83d emoji \ude00', 'broken \ufffd emoji \ufffd'],
    ]) {
      const body = JSON.stringify({ id, from: '+14155550188', to: phone, body: text });
      const r = await app.inject({ method: 'POST', url: new URL(url).pathname, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-signature': sign('tok-h', url, body) } });
      expect(r.statusCode, r.body).toBe(200);
      const rows = (await ctx.database.query<{ body: string }>('select body from messages where account_id = $1 and provider_message_id = $2', [fromPublicId('account', a.accountId), id])).rows;
      expect(rows.map((x) => x.body)).toEqual([stored]);
    }
  });
});
