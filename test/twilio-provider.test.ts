// The Twilio carrier kind against a Twilio-shaped server in its own process (test/peers/twilio-server.ts).
// No database: sends, faults, numbers, and signed callbacks round-tripped through parseWebhook.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierMessage, ConnectionContext, WebhookEvent } from '../src/providers/carrier.js';
import { WebhookRejected } from '../src/providers/carrier.js';
import { OUTCOME_UNKNOWN, twilioKind } from '../src/providers/twilio/index.js';
import { freePort } from './proc.js';
import { startTwilioPeer, type TwilioPeer } from './peers/twilio-peer.js';

const AC = 'AC' + 'c'.repeat(32);
const TOKEN = 'peer-auth-token';
const SK = 'SK' + 'd'.repeat(32);
const SK_SECRET = 'peer-api-key-secret';
const MG = 'MG' + 'e'.repeat(32);
const PUBLIC = 'https://texts.example.com';
const FROM = '+15125550100';

let peer: TwilioPeer;
let api = '';
let receiver: http.Server;
let receiverUrl = '';
/** What our webhook endpoint (a stand-in for the route) accepted or refused. */
let received: Array<{ path: string; status: number; events: WebhookEvent[] }> = [];

const ctxOf = (credentials: Record<string, string>, settings: Record<string, unknown> = {}): ConnectionContext => ({
  connectionId: 'pc_1', accountId: 'acct_1', kind: 'twilio', credentials, settings: { apiBaseUrl: api, ...settings },
  webhookUrls: { status: `${PUBLIC}/webhooks/twilio/pc_1/status`, inbound: `${PUBLIC}/webhooks/twilio/pc_1/inbound` },
});
const CTX = () => ctxOf({ accountSid: AC, authToken: TOKEN });
const connect = (c = CTX()) => twilioKind.connect(c);

async function admin(path: string, body: unknown = {}) {
  const r = await fetch(`${api}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return r.json() as Promise<any>;
}
const ledger = async () => (await fetch(`${api}/__ledger`)).json() as Promise<any>;

let n = 0;
const msg = (to: string, extra: Partial<CarrierMessage> = {}): CarrierMessage =>
  ({ reference: `msg_${++n}`, accountId: 'acct_1', from: FROM, to, body: `hello ${n}`, segments: 1, ...extra });

beforeAll(async () => {
  peer = await startTwilioPeer();
  api = peer.api;
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    // Behind a proxy the route rebuilds the URL from PUBLIC_URL: that is what Twilio signed.
    const which = req.url!.includes('/inbound') ? 'inbound' : 'status';
    try {
      const events = twilioKind.parseWebhook!({ url: PUBLIC + req.url, method: req.method!, headers: req.headers, rawBody: Buffer.concat(chunks) }, CTX(), which);
      received.push({ path: req.url!, status: 204, events });
      res.writeHead(204).end();
    } catch (e) {
      if (!(e instanceof WebhookRejected)) throw e;
      received.push({ path: req.url!, status: 403, events: [] });
      res.writeHead(403).end();
    }
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
}, 30_000);

afterAll(async () => {
  peer?.stop();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

beforeEach(async () => {
  received = [];
  await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, apiKeys: { [SK]: SK_SECRET }, numbers: [
    { phoneNumber: '+15125550100' }, { phoneNumber: '+15125550101', mms: false }, { phoneNumber: '+18335550102' },
    { phoneNumber: '+15125550103' }, { phoneNumber: '+15125550104' }, { phoneNumber: '+15125550105' }, { phoneNumber: '+15125550106' },
  ] }] });
});

describe('send', () => {
  it('a batch: one POST each, bounded concurrency on keep-alive sockets, sids recorded, each received exactly once', async () => {
    const c = connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { concurrency: 4 }));
    const batch = Array.from({ length: 40 }, (_, i) => msg(`+1512555${String(1000 + i)}`));
    const results = await c.send(batch);
    const l = await ledger();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.reference))).toEqual(new Set(batch.map((m) => m.reference)));
    const sids = new Map(l.messages.map((m: any) => [`${m.to}|${m.body}`, m.sid]));
    for (const m of batch) {
      const r = results.find((x) => x.reference === m.reference)!;
      expect(r.ok && r.providerMessageId).toBe(sids.get(`${m.to}|${m.body}`));
      expect(l.counts[`${m.to}|${m.body}`]).toBe(1);
    }
    expect(l.messages[0]).toMatchObject({ from: FROM, messagingServiceSid: null, auth: 'auth_token', statusCallback: `${PUBLIC}/webhooks/twilio/pc_1/status`, mediaUrls: [] });
    expect(l.maxInFlight).toBeLessThanOrEqual(4);
    expect(l.maxInFlight).toBeGreaterThan(1);
    expect(l.connections).toBeLessThanOrEqual(4); // 40 requests over at most 4 kept-alive sockets
    await c.stop!();
  });

  it('concurrent batches on one connection share its bound (one socket pool)', async () => {
    const c = connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { concurrency: 3 }));
    const batches = [0, 1, 2].map((b) => Array.from({ length: 10 }, (_, i) => msg(`+1512556${b}${String(100 + i)}`)));
    const results = (await Promise.all(batches.map((b) => c.send(b)))).flat();
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    const l = await ledger();
    expect(l.maxInFlight).toBeLessThanOrEqual(3);
    expect(l.connections).toBeLessThanOrEqual(3);
    await c.stop!();
  });

  it('MMS: every MediaUrl, in order; an MM sid', async () => {
    const media = ['https://texts.example.com/media/a.jpg?sig=1', 'https://texts.example.com/media/b.png?sig=2'];
    const [r] = await connect().send([msg('+15125552000', { body: '', mediaUrls: media })]);
    const l = await ledger();
    expect(l.messages[0]).toMatchObject({ body: '', mediaUrls: media });
    expect(r.ok && r.providerMessageId).toMatch(/^MM[0-9a-f]{32}$/);
  });

  it('a Messaging Service SID replaces From', async () => {
    const [r] = await connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { messagingServiceSid: MG })).send([msg('+15125552001')]);
    expect(r.ok).toBe(true);
    expect((await ledger()).messages[0]).toMatchObject({ from: null, messagingServiceSid: MG });
  });

  it('API key auth (SK sid + secret); wrong credentials are transient auth_failed', async () => {
    const [ok] = await connect(ctxOf({ accountSid: AC, apiKeySid: SK, apiKeySecret: SK_SECRET, webhookAuthToken: TOKEN })).send([msg('+15125552002')]);
    expect(ok.ok).toBe(true);
    expect((await ledger()).messages[0].auth).toBe('api_key');
    const [bad] = await connect(ctxOf({ accountSid: AC, apiKeySid: SK, apiKeySecret: 'wrong', webhookAuthToken: TOKEN })).send([msg('+15125552003')]);
    expect(bad).toMatchObject({ ok: false, transient: true, code: 'auth_failed' });
    const [noWebhookToken] = await connect(ctxOf({ accountSid: AC, apiKeySid: SK, apiKeySecret: SK_SECRET })).send([msg('+15125552004')]);
    expect(noWebhookToken).toMatchObject({ ok: false, code: 'invalid_credentials' });
    expect((await ledger()).messages).toHaveLength(1);
  });

  it.each([
    ['429', { kind: 'http', status: 429, code: 20429 }, { transient: true, code: 'throttled' }],
    ['500', { kind: 'http', status: 500, code: 20500 }, { transient: true, code: 'carrier_unavailable' }],
    ['503 without a body code', { kind: 'http', status: 503, code: null }, { transient: true, code: 'carrier_unavailable' }],
    ['21211 invalid To', { kind: 'http', status: 400, code: 21211 }, { transient: false, code: 'invalid_recipient' }],
    ['21610 unsubscribed', { kind: 'http', status: 400, code: 21610 }, { transient: false, code: 'recipient_opted_out' }],
    ['21614 not mobile', { kind: 'http', status: 400, code: 21614 }, { transient: false, code: 'not_mobile' }],
    ['an unknown code', { kind: 'http', status: 400, code: 21999, message: 'Odd' }, { transient: false, code: 'twilio_21999', message: 'Odd' }],
  ])('%s for one recipient; the others in the batch go through', async (_n, rule, want) => {
    await admin('/__admin/faults', { rules: [{ to: '+15125553000', ...rule }] });
    const results = await connect().send([msg('+15125553000'), msg('+15125553001'), msg('+15125553002')]);
    const [bad, ...good] = [...results].sort((a, b) => a.reference.localeCompare(b.reference));
    expect(bad).toMatchObject({ ok: false, ...want });
    expect(good.every((r) => r.ok)).toBe(true);
  });

  it('a throttled message is accepted on the retry, and received once', async () => {
    await admin('/__admin/faults', { rules: [{ to: '+15125553100', kind: 'http', status: 429, code: 20429, times: 1 }] });
    const m = msg('+15125553100');
    expect((await connect().send([m]))[0]).toMatchObject({ ok: false, transient: true });
    expect((await connect().send([m]))[0].ok).toBe(true);
    expect((await ledger()).counts[`${m.to}|${m.body}`]).toBe(1);
  });

  it('no answer after the request went out: outcome_unknown, final, not resent (Twilio has no idempotency key)', async () => {
    await admin('/__admin/faults', { rules: [{ to: '+15125553200', kind: 'accept_then_hang' }, { to: '+15125553201', kind: 'hang' }, { to: '+15125553202', kind: 'accept_then_reset' }] });
    const c = connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { timeoutMs: 300 }));
    const t0 = Date.now();
    const results = await c.send([msg('+15125553200'), msg('+15125553201'), msg('+15125553202'), msg('+15125553203')]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const byTo = (to: string) => results[['+15125553200', '+15125553201', '+15125553202', '+15125553203'].indexOf(to)];
    for (const to of ['+15125553200', '+15125553201', '+15125553202']) expect(byTo(to)).toMatchObject({ ok: false, transient: false, code: OUTCOME_UNKNOWN });
    expect(byTo('+15125553203').ok).toBe(true);
    const l = await ledger();
    expect(l.messages.map((m: any) => m.to).sort()).toEqual(['+15125553200', '+15125553202', '+15125553203']);
    // opting in to resends makes it transient
    await admin('/__admin/faults', { rules: [{ to: '+15125553204', kind: 'hang' }] });
    const [retry] = await connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { timeoutMs: 300, retryUnknownOutcome: true })).send([msg('+15125553204')]);
    expect(retry).toMatchObject({ ok: false, transient: true, code: OUTCOME_UNKNOWN });
  });

  // The dispatcher's lease (SendOptions.live): once the batch's claims may have run out, another worker may take the
  // messages over and post them — the rest of the batch is not posted (Twilio has no idempotency key: it would go twice).
  it('once the batch\'s claims may have run out (live() false), nothing more is posted: lease_lost, not accepted', async () => {
    const c = connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { concurrency: 1 }));
    const batch = ['+15125553400', '+15125553401', '+15125553402'].map((to) => msg(to));
    let checks = 0;
    const results = await c.send(batch, { live: () => checks++ < 1 });
    expect(results.map((r) => (r.ok ? 'ok' : [r.code, r.transient, r.notAccepted]))).toEqual(['ok', ['lease_lost', true, true], ['lease_lost', true, true]]);
    expect((await ledger()).messages.map((m: any) => m.to)).toEqual(['+15125553400']);
    await c.stop!();
  });

  // The dispatcher's hand-over journal (SendOptions.journal): a batch is journaled one window (`concurrency` POSTs) at a
  // time, each before any of its POSTs, so a hard kill leaves journaled only what may have been POSTed. A window whose
  // journal failed is not POSTed at all (lease_lost: due again, nothing of it at Twilio).
  it('each window of `concurrency` messages is journaled before its first POST; one whose journal failed is not posted', async () => {
    expect(twilioKind.submitWindow!({ concurrency: 2 })).toBe(2);
    const c = connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { concurrency: 2 }));
    const batch = ['+15125553500', '+15125553501', '+15125553502', '+15125553503', '+15125553504'].map((to) => msg(to));
    const asked: Array<{ refs: string[]; postedBefore: string[] }> = [];
    const results = await c.send(batch, {
      journal: (refs) => {
        if (refs[0] === batch[0].reference) { asked.push({ refs, postedBefore: [] }); return null; } // the dispatcher listed the first window already
        return (async () => {
          asked.push({ refs, postedBefore: (await ledger()).messages.map((m: any) => m.to) });
          if (refs[0] === batch[2].reference) throw new Error('journal write failed');
        })();
      },
    });
    expect(asked.map((a) => a.refs)).toEqual([[batch[0].reference, batch[1].reference], [batch[2].reference, batch[3].reference], [batch[4].reference]]);
    // No POST of a window before it was journaled.
    for (const a of asked) expect(a.postedBefore.filter((to) => a.refs.some((r) => batch.find((m) => m.reference === r)!.to === to))).toEqual([]);
    expect(results.map((r) => (r.ok ? 'ok' : [r.code, r.transient, r.notAccepted]))).toEqual(['ok', 'ok', ['lease_lost', true, true], ['lease_lost', true, true], 'ok']);
    expect((await ledger()).messages.map((m: any) => m.to).sort()).toEqual(['+15125553500', '+15125553501', '+15125553504']);
    await c.stop!();
  });

  it('a refused connection is transient: nothing was sent', async () => {
    const port = await freePort();
    const [r] = await twilioKind.connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { apiBaseUrl: `http://127.0.0.1:${port}` })).send([msg('+15125553300')]);
    expect(r).toMatchObject({ ok: false, transient: true, code: 'network_error' });
  });
});

describe('test() and numbers', () => {
  it('checks the account', async () => {
    expect(await connect().test()).toEqual({ ok: true });
    expect(await connect(ctxOf({ accountSid: AC, apiKeySid: SK, apiKeySecret: SK_SECRET, webhookAuthToken: TOKEN })).test()).toEqual({ ok: true });
    expect(await connect(ctxOf({ accountSid: AC, authToken: 'wrong' })).test()).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(await connect(ctxOf({ accountSid: AC, apiKeySid: SK, apiKeySecret: SK_SECRET, webhookAuthToken: 'wrong' })).test()).toMatchObject({ ok: false, code: 'webhook_token_invalid' });
    expect(await connect(ctxOf({ accountSid: 'nope', authToken: TOKEN })).test()).toMatchObject({ ok: false, code: 'invalid_credentials' });
    const port = await freePort();
    expect(await connect(ctxOf({ accountSid: AC, authToken: TOKEN }, { apiBaseUrl: `http://127.0.0.1:${port}` })).test()).toMatchObject({ ok: false, code: 'unreachable' });
    await admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, status: 'suspended' }] });
    expect(await connect().test()).toMatchObject({ ok: false, code: 'account_inactive' });
  });

  it('lists the account\'s numbers across pages and releases one', async () => {
    const c = connect();
    const numbers = await c.listNumbers!();
    expect(numbers.map((x) => x.phoneNumber)).toEqual(['+15125550100', '+15125550101', '+18335550102', '+15125550103', '+15125550104', '+15125550105', '+15125550106']);
    expect(numbers.every((x) => /^PN[0-9a-f]{32}$/.test(x.providerRef))).toBe(true);
    expect(numbers[1]).toMatchObject({ mms: false, type: 'long_code' });
    expect(numbers[2]).toMatchObject({ mms: true, type: 'toll_free' });
    await c.releaseNumber!(numbers[3].providerRef);
    expect((await c.listNumbers!()).map((x) => x.phoneNumber)).not.toContain('+15125550103');
  });
});

describe('callbacks signed by the twilio package, through parseWebhook', () => {
  async function sendOne(to: string) {
    const [r] = await connect().send([msg(to)]);
    if (!r.ok) throw new Error(r.message);
    return r.providerMessageId;
  }
  /** Posted to our stand-in route; signed for the public URL (what Twilio was told). */
  const hook = { url: '', signUrl: `${PUBLIC}/webhooks/twilio/pc_1/status` };
  beforeEach(() => { hook.url = `${receiverUrl}/webhooks/twilio/pc_1/status`; });
  const statuses = () => received.flatMap((x) => x.events).map((e) => (e.kind === 'receipt' ? e.receipt.status : e.kind));

  it.each([
    ['in order', ['queued', 'sent', 'delivered'], ['sent', 'delivered']],
    ['out of order', ['delivered', 'sent'], ['delivered', 'sent']],
    ['duplicated', ['delivered', 'delivered'], ['delivered', 'delivered']],
  ])('%s', async (_n, sendStatuses, want) => {
    const sid = await sendOne('+15125554000');
    const r = await admin('/__admin/callbacks', { sid, statuses: sendStatuses, ...hook });
    expect(r.results.map((x: any) => x.status)).toEqual(sendStatuses.map(() => 204));
    expect(statuses()).toEqual(want);
    expect(received.flatMap((x) => x.events).every((e) => e.kind === 'receipt' && e.receipt.providerMessageId === sid)).toBe(true);
  });

  it('a failed delivery carries our error code', async () => {
    const sid = await sendOne('+15125554001');
    await admin('/__admin/callbacks', { sid, statuses: ['undelivered'], errorCode: '30007', ...hook });
    expect(received[0].events[0]).toMatchObject({ kind: 'receipt', receipt: { status: 'undelivered', errorCode: 'carrier_filtered', connectionId: 'pc_1', accountId: 'acct_1' } });
  });

  it('a callback signed for another URL is refused (403), nothing parsed', async () => {
    const sid = await sendOne('+15125554002');
    const r = await admin('/__admin/callbacks', { sid, statuses: ['delivered'], url: `${receiverUrl}/webhooks/twilio/pc_1/status`, signUrl: `${PUBLIC}/webhooks/twilio/pc_2/status` });
    expect(r.results[0].status).toBe(403);
    expect(received).toEqual([{ path: '/webhooks/twilio/pc_1/status', status: 403, events: [] }]);
  });

  it('the URL signed with :443 is accepted', async () => {
    const sid = await sendOne('+15125554003');
    const r = await admin('/__admin/callbacks', { sid, statuses: ['sent'], url: `${receiverUrl}/webhooks/twilio/pc_1/status`, signUrl: 'https://texts.example.com:443/webhooks/twilio/pc_1/status' });
    expect(r.results[0].status).toBe(204);
  });

  it('an inbound MMS', async () => {
    const media = [{ url: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/MMx/Media/ME1`, contentType: 'image/gif' }];
    const r = await admin('/__admin/inbound', {
      url: `${receiverUrl}/webhooks/twilio/pc_1/inbound?k=1`, signUrl: `${PUBLIC}/webhooks/twilio/pc_1/inbound?k=1`,
      accountSid: AC, from: '+15125559999', to: FROM, body: 'Photo 📷', media,
    });
    expect(r.status).toBe(204);
    expect(received[0].events).toEqual([{ kind: 'inbound', message: {
      accountId: 'acct_1', connectionId: 'pc_1', providerMessageId: r.sid, from: '+15125559999', to: FROM, body: 'Photo 📷', media,
    } }]);
  });
});
