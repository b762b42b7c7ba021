// End to end through a Twilio connection, on both databases: a Twilio-shaped server in its own
// process (test/peers/twilio-server.ts) receives our send, then calls our app back over HTTP
// (the app listens on 127.0.0.1 with PUBLIC_URL set to it) with signed status callbacks and an
// inbound text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { stopCarrierConnections } from '../src/modules/messaging/carrier-connections.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { DB_KINDS, startTestEnv, type TestEnv } from './harness.js';
import { signUp } from './factories.js';
import { freePort } from './proc.js';
import { startTwilioPeer, type TwilioPeer } from './peers/twilio-peer.js';

const AC = 'AC' + 'a1'.repeat(16);
const TOKEN = 'e2e-peer-auth-token';
const FROM = '+15125550140';
const TO = '+14155550123';

let peer: TwilioPeer;
let api = '';
const admin = (path: string, body: unknown = {}): Promise<any> => peer.admin(path, body);
const ledger = (): Promise<any> => peer.ledger();

beforeAll(async () => {
  peer = await startTwilioPeer();
  api = peer.api;
}, 30_000);
afterAll(() => {
  peer?.stop();
});

for (const kind of DB_KINDS) {
  describe(`send through a Twilio connection [${kind}]`, () => {
    let env: TestEnv;
    let stop: () => Promise<void>;
    let base = '';

    beforeAll(async () => {
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        ({ env, stop } = await startTestEnv(kind, { PUBLIC_URL: base }));
        try {
          await env.app.listen({ port, host: '127.0.0.1' });
          return;
        } catch (err) {
          await stop();
          if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw err;
        }
      }
    }, 60_000);
    afterAll(async () => {
      await stopCarrierConnections(env.ctx);
      await stop?.();
    }, 60_000);

    it('sends once through the peer, records the connection, and takes signed receipts and inbound texts back', async () => {
      const { app, ctx } = env;
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: FROM }] }] });
      const a = await signUp(app);
      const created = await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer Twilio', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } });
      expect(created.statusCode, created.body).toBe(201);
      const conn = created.json();
      expect(conn.status).toBe('connected');
      expect(conn.webhookUrls.status.startsWith(`${base}/webhooks/twilio/`)).toBe(true);
      const attached = await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: FROM });
      expect(attached.statusCode, attached.body).toBe(201);

      const sent = await a.client.post('/v1/messages', { from: FROM, to: TO, body: 'Your table is ready.' });
      expect(sent.statusCode, sent.body).toBe(201);
      const id = sent.json().id;
      expect(await dispatchOnce(ctx)).toBe(1);
      expect(await dispatchOnce(ctx)).toBe(0); // nothing left: never resent

      const l = await ledger();
      expect(l.counts[`${TO}|Your table is ready.`]).toBe(1);
      expect(l.messages).toHaveLength(1);
      const [m] = l.messages;
      expect(m).toMatchObject({ accountSid: AC, from: FROM, to: TO, auth: 'auth_token', statusCallback: conn.webhookUrls.status });

      const msg = async () => (await a.client.get(`/v1/messages/${id}`)).json();
      expect(await msg()).toMatchObject({ status: 'sent' });
      // The sub-processor record: the connection that received it, written with the outcome.
      const row = (await ctx.database.query<{ connection_id: string; provider_message_id: string; provider: string }>(
        'select connection_id, provider_message_id, provider from messages where account_id = $1 and id = $2',
        [fromPublicId('account', a.accountId), fromPublicId('message', id)],
      )).rows[0];
      expect(row).toEqual({ connection_id: fromPublicId('connection', conn.id), provider_message_id: m.sid, provider: 'twilio' });

      const cb = await admin('/__admin/callbacks', { sid: m.sid, statuses: ['sent', 'delivered'] });
      expect(cb.results.every((r: { status: number }) => r.status >= 200 && r.status < 300), JSON.stringify(cb)).toBe(true);
      const after = await msg();
      expect(after.status).toBe('delivered');
      expect(after.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
      expect(after.history.map((h: { source: string }) => h.source)).toEqual(['api', 'provider', 'carrier']);

      // Inbound: a signed text from the peer lands in the inbox.
      const inbound = await admin('/__admin/inbound', { url: conn.webhookUrls.inbound, accountSid: AC, from: '+14155550199', to: FROM, body: 'Thanks, on my way' });
      expect(inbound.status, inbound.body).toBe(200);
      const conversations = (await a.client.get('/v1/conversations')).json().data;
      expect(conversations.length).toBe(2);
      const got = (await ctx.database.query<{ body: string; provider_message_id: string }>(
        "select body, provider_message_id from messages where account_id = $1 and direction = 'inbound'", [fromPublicId('account', a.accountId)],
      )).rows;
      expect(got).toEqual([{ body: 'Thanks, on my way', provider_message_id: inbound.sid }]);
    });

    it('refuses forged callbacks (403, nothing stored)', async () => {
      const { app, ctx } = env;
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: '+15125550141' }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: '+15125550141' })).statusCode).toBe(201);
      const id = (await a.client.post('/v1/messages', { from: '+15125550141', to: TO, body: 'Forgery check' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(1);
      const sid = (await ledger()).messages[0].sid;
      // Signed over another URL (the signature does not cover what was called).
      const forged = await admin('/__admin/callbacks', { sid, statuses: ['delivered'], signUrl: conn.webhookUrls.status.replace('/status', '/inbound') });
      expect(forged.results[0].status).toBe(403);
      const forgedIn = await admin('/__admin/inbound', { url: conn.webhookUrls.inbound, signUrl: `${conn.webhookUrls.inbound}?x=1`, accountSid: AC, from: '+14155550198', to: '+15125550141', body: 'Forged' });
      expect(forgedIn.status).toBe(403);
      expect((await a.client.get(`/v1/messages/${id}`)).json().status).toBe('sent');
      const n = await ctx.database.query<{ n: string }>("select count(*) as n from messages where account_id = $1 and direction = 'inbound'", [fromPublicId('account', a.accountId)]);
      expect(Number(n.rows[0].n)).toBe(0);
    });

    it('refuses a host the operator does not allow (host_not_allowed, final, nothing sent) and reconnects when the settings change', async () => {
      const { app, ctx } = env;
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: '+15125550142' }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: '+15125550142', mps: 50 })).statusCode).toBe(201);
      const first = (await a.client.post('/v1/messages', { from: '+15125550142', to: TO, body: 'Before the move' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(1);

      // The connection now points at a host outside CARRIER_HOSTS_ALLOWED (a new row version).
      expect((await a.client.patch(`/v1/provider-connections/${conn.id}`, { settings: { apiBaseUrl: 'http://10.255.255.1:9' } })).statusCode).toBe(200);
      const refused = (await a.client.post('/v1/messages', { from: '+15125550142', to: TO, body: 'Not allowed' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(1);
      expect((await a.client.get(`/v1/messages/${refused}`)).json()).toMatchObject({ status: 'failed', errorCode: 'host_not_allowed' });
      const refusedRow = await ctx.database.query<{ connection_id: string | null }>('select connection_id from messages where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('message', refused)]);
      expect(refusedRow.rows[0].connection_id).toBeNull(); // never reached the carrier

      // Back to the peer: the next batch connects again.
      expect((await a.client.patch(`/v1/provider-connections/${conn.id}`, { settings: { apiBaseUrl: api } })).statusCode).toBe(200);
      const again = (await a.client.post('/v1/messages', { from: '+15125550142', to: TO, body: 'After the move' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(1);
      const l = await ledger();
      expect(l.messages.map((m: { body: string }) => m.body)).toEqual(['Before the move', 'After the move']);
      for (const id of [first, again]) expect((await a.client.get(`/v1/messages/${id}`)).json().status).toBe('sent');
    });

    it('a credential rotation takes effect at the next batch (the connection is opened again with the new credentials)', async () => {
      const { app, ctx } = env;
      const from = '+15125550145';
      const SK = 'SK' + 'b2'.repeat(16);
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, apiKeys: { [SK]: 'rotated-key-secret' }, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
      await a.client.post('/v1/messages', { from, to: TO, body: 'With the auth token' });
      expect(await dispatchOnce(ctx)).toBe(1);
      const rotated = await a.client.patch(`/v1/provider-connections/${conn.id}`, { credentials: { accountSid: AC, apiKeySid: SK, apiKeySecret: 'rotated-key-secret', webhookAuthToken: TOKEN } });
      expect(rotated.json().status, rotated.body).toBe('connected');
      await a.client.post('/v1/messages', { from, to: TO, body: 'With the API key' });
      expect(await dispatchOnce(ctx)).toBe(1);
      const l = await ledger();
      expect(l.messages.map((m: { body: string; auth: string }) => [m.body, m.auth])).toEqual([['With the auth token', 'auth_token'], ['With the API key', 'api_key']]);
    });

    it('a disabled connection holds its numbers\' queue (nothing claimed or sent) until it is enabled again', async () => {
      const { app, ctx } = env;
      const from = '+15125550144';
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
      expect((await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false })).json().status).toBe('disabled');
      const id = (await a.client.post('/v1/messages', { from, to: TO, body: 'Held while disabled' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(0);
      expect((await a.client.get(`/v1/messages/${id}`)).json().status).toBe('queued');
      const attempts = await ctx.database.query<{ attempts: number }>('select attempts from messages where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('message', id)]);
      expect(Number(attempts.rows[0].attempts)).toBe(0);
      expect((await ledger()).messages).toHaveLength(0);
      expect((await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: true })).json().status).toBe('connected');
      expect(await dispatchOnce(ctx)).toBe(1);
      expect((await a.client.get(`/v1/messages/${id}`)).json().status).toBe('sent');
      expect((await ledger()).counts[`${TO}|Held while disabled`]).toBe(1);
    });

    it("imports the Twilio account's existing numbers: listed with what is in use, all or some imported, the rest skipped with a reason", async () => {
      const { app } = env;
      const [n1, n2, n3] = ['+15125550151', '+18335550152', '+15125550153'];
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: n1, mms: true }, { phoneNumber: n2, mms: false }, { phoneNumber: n3, mms: false }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      const attached = (await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: n1 })).json();
      const listed = await a.client.get(`/v1/provider-connections/${conn.id}/carrier-numbers`);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().data).toEqual([
        { phoneNumber: n1, type: 'long_code', mms: true, numberId: attached.id },
        { phoneNumber: n2, type: 'toll_free', mms: false, numberId: null },
        { phoneNumber: n3, type: 'long_code', mms: false, numberId: null },
      ]);
      // Only some: one of the account's, one the carrier does not have.
      const some = await a.client.post(`/v1/provider-connections/${conn.id}/carrier-numbers/import`, { phoneNumbers: [n2, '+15125550159'] });
      expect(some.statusCode).toBe(200);
      expect(some.json().imported.map((x: { phoneNumber: string; type: string; mps: number }) => [x.phoneNumber, x.type, x.mps])).toEqual([[n2, 'toll_free', 3]]);
      expect(some.json().skipped).toEqual([{ phoneNumber: '+15125550159', reason: 'number_not_on_carrier' }]);
      // Another account holding n3 on West Message: skipped as taken, not fatal; everything else imported.
      const b = await signUp(app);
      const connB = (await b.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer B', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await b.client.post('/v1/numbers', { connectionId: connB.id, phoneNumber: n3 })).statusCode).toBe(201);
      const all = (await a.client.post(`/v1/provider-connections/${conn.id}/carrier-numbers/import`, {})).json();
      expect(all.imported).toEqual([]);
      expect(all.skipped).toEqual([{ phoneNumber: n1, reason: 'already_attached' }, { phoneNumber: n2, reason: 'already_attached' }, { phoneNumber: n3, reason: 'number_taken' }]);
      expect((await a.client.get('/v1/numbers')).json().data.map((x: { phoneNumber: string }) => x.phoneNumber).sort()).toEqual([n1, n2].sort());
      // Another account's connection is not found (404), a bad number is 422.
      expect((await b.client.get(`/v1/provider-connections/${conn.id}/carrier-numbers`)).statusCode).toBe(404);
      expect((await b.client.post(`/v1/provider-connections/${conn.id}/carrier-numbers/import`, {})).statusCode).toBe(404);
      expect((await a.client.post(`/v1/provider-connections/${conn.id}/carrier-numbers/import`, { phoneNumbers: ['not a number'] })).statusCode).toBe(422);
    });

    it('a send whose answer was lost after Twilio accepted it ends failed (outcome_unknown) and is never resent; a 5xx is retried', async () => {
      const { app, ctx } = env;
      const from = '+15125550143';
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
      await admin('/__admin/faults', { rules: [{ to: '+14155550131', kind: 'accept_then_reset' }, { to: '+14155550132', kind: 'http', status: 503, code: 20500, message: 'Internal', times: 1 }] });
      const lost = (await a.client.post('/v1/messages', { from, to: '+14155550131', body: 'Maybe twice?' })).json().id;
      const retried = (await a.client.post('/v1/messages', { from, to: '+14155550132', body: 'Retry me' })).json().id;
      expect(await dispatchOnce(ctx)).toBe(2);
      expect((await a.client.get(`/v1/messages/${lost}`)).json()).toMatchObject({ status: 'failed', errorCode: 'outcome_unknown' });
      const lostRow = await ctx.database.query<{ connection_id: string | null }>('select connection_id from messages where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('message', lost)]);
      expect(lostRow.rows[0].connection_id).toBe(fromPublicId('connection', conn.id)); // it may have reached the carrier
      // The 503 left the other queued for a retry; make it due now and dispatch again.
      await ctx.database.query('update messages set next_attempt_at = now() where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('message', retried)]);
      expect(await dispatchOnce(ctx)).toBe(1);
      expect(await dispatchOnce(ctx)).toBe(0);
      expect((await a.client.get(`/v1/messages/${retried}`)).json().status).toBe('sent');
      const l = await ledger();
      expect(l.counts['+14155550132|Retry me']).toBe(1);
      expect(l.counts['+14155550131|Maybe twice?']).toBe(1); // accepted once, never resent
    });

    it('a 21610 from Twilio (the recipient texted STOP at the carrier) opts the contact out with the carrier as source: no further text is sent, once recorded', async () => {
      const { app, ctx } = env;
      const from = '+15125550146';
      const stopped = '+14155550133';
      await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const acct = fromPublicId('account', a.accountId)!;
      const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: api } })).json();
      expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
      const contact = (await a.client.post('/v1/contacts', { phone: stopped })).json();
      expect((await a.client.post(`/v1/contacts/${contact.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      await admin('/__admin/faults', { rules: [{ to: stopped, kind: 'http', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' }] });
      // Two texts in one batch: both refused; the contact is opted out once.
      const ids = [];
      for (const body of ['Your order shipped.', 'Your order arrives today.']) ids.push((await a.client.post('/v1/messages', { from, to: stopped, body })).json().id);
      expect(await dispatchOnce(ctx)).toBe(2);
      for (const id of ids) expect((await a.client.get(`/v1/messages/${id}`)).json()).toMatchObject({ status: 'failed', errorCode: 'recipient_opted_out' });
      expect((await a.client.get(`/v1/contacts/${contact.id}`)).json().consent.state).toBe('opted_out');
      const events = await ctx.database.query<{ kind: string; source: string; evidence: { messageId?: string } }>(
        'select kind, source, evidence from consent_events where account_id = $1 and contact_id = $2 order by occurred_at, id', [acct, fromPublicId('contact', contact.id)]);
      expect(events.rows.map((e) => [e.kind, e.source])).toEqual([['opt_in', 'api'], ['opt_out', 'carrier']]);
      expect(ids.map((id) => fromPublicId('message', id))).toContain(events.rows[1].evidence.messageId);
      // The number is suppressed: the next send is refused before it reaches the carrier.
      const again = await a.client.post('/v1/messages', { from, to: stopped, body: 'One more?' });
      expect([again.statusCode, again.json().error.code]).toEqual([422, 'recipient_opted_out']);
      expect(Object.keys((await ledger()).counts).filter((k) => k.startsWith(`${stopped}|`))).toEqual([]);
      await admin('/__admin/faults', { rules: [] });
    });
  });
}
