// End to end through an SMPP connection, on both databases: the worker's dispatcher loop starts the
// session of every enabled SMPP connection (bound before anything is sent), sends through it, and
// takes the SMSC's receipts and inbound texts in through the same handling as carrier webhooks.
// The SMSC (test/peers/smsc.ts) runs in its own process.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { ensureSessions, stopCarrierConnections } from '../src/modules/messaging/carrier-connections.js';
import { claimDue } from '../src/modules/messaging/dispatch.repo.js';
import { dispatchOnce, startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { withTx } from '../src/db/tx.js';
import { recordConsent } from '../src/modules/consent/consent.service.js';
import { describeEachDb } from './harness.js';
import { signUp, type Client } from './factories.js';
import { startSmsc, waitFor, type Smsc } from './smsc-peer.js';

let peer: Smsc;
const cmd = (path: string, body: unknown = {}) => peer.cmd(path, body);

/** An SMPP connection to the test SMSC (fast reconnects, no enquire_link during a test) and the number `from` on it. */
async function smppSender(client: Client, from: string, settings: Record<string, unknown> = {}): Promise<{ id: string }> {
  const created = await client.post('/v1/provider-connections', {
    kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
    settings: { host: '127.0.0.1', port: peer.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000, ...settings },
  });
  expect(created.statusCode, created.body).toBe(201);
  const conn = created.json();
  expect((await client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
  return conn;
}

beforeAll(async () => {
  peer = await startSmsc();
}, 30_000);
afterAll(() => {
  peer?.stop();
});

describeEachDb('send and receive through an SMPP connection (worker sessions)', (use) => {
  it('the worker binds the connection\'s session, sends through it once, applies its receipt and takes its inbound text; unbinds on stop', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550160';
    const a = await signUp(app);
    const created = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: peer.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const conn = created.json();
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
    const bindsBefore = (await cmd('/ledger')).binds.length; // the connection test on save binds once

    const errors: unknown[] = [];
    const worker = startDispatcher(ctx, { error: (o) => void errors.push(o) });
    try {
      // Bound before anything is sent: an inbound text is taken in at once.
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      expect((await cmd('/ledger')).binds.length).toBe(bindsBefore + 1);
      expect((await cmd('/inbound', { from: '+14155550177', to: from, text: 'Is the shop open?' })).ok).not.toBe(false);
      const accountId = fromPublicId('account', a.accountId);
      const inbound = await waitFor('the inbound text', async () => (await ctx.database.query<{ body: string }>(
        "select body from messages where account_id = $1 and direction = 'inbound'", [accountId])).rows[0]);
      expect(inbound.body).toBe('Is the shop open?');

      const id = (await a.client.post('/v1/messages', { from, to: '+14155550177', body: 'Yes, until 6 pm.' })).json().id;
      const row = await waitFor('the message to be sent', async () => (await ctx.database.query<{ status: string; provider_message_id: string; connection_id: string }>(
        'select status, provider_message_id, connection_id from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', id)])).rows.find((r) => r.status === 'sent'));
      expect(row.connection_id).toBe(fromPublicId('connection', conn.id));
      const l = await cmd('/ledger');
      expect(l.submits).toHaveLength(1);
      expect(l.submits[0]).toMatchObject({ id: row.provider_message_id, dest: '14155550177', text: 'Yes, until 6 pm.' });

      await cmd('/receipts', { receipts: [{ id: row.provider_message_id, stat: 'DELIVRD' }] });
      const m = await waitFor('the receipt', async () => {
        const r = (await a.client.get(`/v1/messages/${id}`)).json();
        return r.status === 'delivered' ? r : null;
      });
      expect(m.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    } finally {
      await worker.stop();
    }
    await waitFor('the session to unbind', async () => (await cmd('/ledger')).bound.length === 0);
    expect(errors).toEqual([]);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false }); // the next tests' workers bind only their own
  });

  it('multipart messages are matched part by part through the persistent part map: across a worker restart, receipts before the submit response, worst part wins, duplicates and unknown ids change nothing', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550162';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const errors: unknown[] = [];
    const warnings: Array<{ connectionId?: string; malformedPdus?: number; unknownReceipts?: number }> = [];
    // Methods that read `this`, as the worker's pino logger's do: the sessions check called warn unbound (a TypeError: the check failed).
    const log = new (class { out = { errors, warnings }; error(o: object) { this.out.errors.push(o); } warn(o: object) { this.out.warnings.push(o); } })();
    const statusOf = async (id: string) => (await a.client.get(`/v1/messages/${id}`)).json();
    const partsOf = async (text: string) => ((await cmd('/ledger')).submits as Array<{ id: string; udh: string | null; text: string }>)
      .filter((x) => x.text.startsWith(text)).sort((x, y) => (x.udh ?? '').localeCompare(y.udh ?? '')).map((x) => x.id);

    let worker = startDispatcher(ctx, log);
    let long1 = '';
    let long2 = '';
    try {
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      await cmd('/early', { count: 1, stat: 'DELIVRD', wait: false }); // the first part's receipt comes before its submit_sm_resp
      const m1 = (await a.client.post('/v1/messages', { from, to: '+14155550178', body: 'A'.repeat(400) })).json().id; // 3 parts
      await waitFor('m1 sent', async () => (await statusOf(m1)).status === 'sent');
      const m2 = (await a.client.post('/v1/messages', { from, to: '+14155550179', body: 'B'.repeat(200) })).json().id; // 2 parts
      await waitFor('m2 sent', async () => (await statusOf(m2)).status === 'sent');
      long1 = m1;
      long2 = m2;
      const p1 = await partsOf('A');
      const p2 = await partsOf('B');
      expect(p1).toHaveLength(3);
      expect(p2).toHaveLength(2);
      const pid = await ctx.database.query<{ provider_message_id: string }>('select provider_message_id from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', m1)]);
      expect(pid.rows[0].provider_message_id).toBe(p1.join(','));
      const rows = await ctx.database.query<{ part_id: string; part: number; status: string | null }>(
        'select part_id, part, status from carrier_message_parts where account_id = $1 and message_id = $2 order by part', [accountId, fromPublicId('message', m1)]);
      expect(rows.rows.map((r) => [r.part_id, r.part])).toEqual(p1.map((id, i) => [id, i + 1]));
      await waitFor('the early receipt folded into its part', async () => (await ctx.database.query<{ n: number }>(
        "select count(*)::int as n from carrier_message_parts where account_id = $1 and status = 'delivered'", [accountId])).rows[0].n === 1);
    } finally {
      await worker.stop(); // the session and everything it knew in memory are gone
    }
    const p1 = await partsOf('A');
    const p2 = await partsOf('B');
    worker = startDispatcher(ctx, log);
    try {
      await waitFor('bound again', async () => (await cmd('/ledger')).bound.length === 1);
      await cmd('/receipts', { receipts: [{ id: p1[2], stat: 'DELIVRD' }, { id: p2[0], stat: 'DELIVRD', mode: 'tlv' }, { id: 'f00d', stat: 'DELIVRD' }] });
      await waitFor('3 deliver_sm_resp', async () => (await cmd('/ledger')).deliverResps.length === 4); // the early one, and these
      expect((await statusOf(long1)).status).toBe('sent'); // one part still open
      await cmd('/receipts', { receipts: [{ id: p1[2], stat: 'UNDELIV' }, { id: p1[1], stat: 'DELIVRD' }, { id: p2[1], stat: 'UNDELIV' }, { id: p2[1], stat: 'DELIVRD' }] });
      await waitFor('m1 delivered', async () => (await statusOf(long1)).status === 'delivered');
      const m2 = await waitFor('m2 undelivered', async () => { const m = await statusOf(long2); return m.status === 'undelivered' ? m : null; });
      expect(m2.errorCode).toBe('UNDELIV');
      expect((await statusOf(long1)).history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
      expect((await cmd('/ledger')).deliverResps.every((r: { status: number }) => r.status === 0)).toBe(true);
      const parked = await ctx.database.query<{ provider_message_id: string }>('select provider_message_id from early_receipts where account_id = $1', [accountId]);
      expect(parked.rows.map((r) => r.provider_message_id)).toEqual(['f00d']); // unknown: kept aside, matched if a send ever records it
      // Bad input is counted, answered and logged (at the next sessions check), never fatal.
      await cmd('/raw', { hex: '00000010' + '00000077' + '00000000' + '00000064' }); // an unknown command id
      const total = (k: 'malformedPdus' | 'unknownReceipts') => warnings.filter((w) => w.connectionId === fromPublicId('connection', conn.id)).reduce((n, w) => n + (w[k] ?? 0), 0);
      await waitFor('bad input logged', () => total('malformedPdus') === 1 && total('unknownReceipts') === 1);
      expect((await cmd('/ledger')).bound).toHaveLength(1);
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  it('an SMSC that holds the submit_sm_resp until its early receipt is answered: the receipt waits for the recording only briefly, then the message is delivered (not outcome_unknown)', async () => {
    const { app } = use();
    await cmd('/reset');
    const from = '+15125550168';
    const a = await signUp(app);
    const conn = await smppSender(a.client, from, { responseTimeoutMs: 5_000 });
    const errors: unknown[] = [];
    const log = { error: (o: object) => void errors.push(o), warn: () => undefined };
    const worker = startDispatcher(use().ctx, log);
    try {
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      await cmd('/early', { count: 1, stat: 'DELIVRD', wait: true }); // receipt first; the resp only after we answered it
      const id = (await a.client.post('/v1/messages', { from, to: '+14155550181', body: 'Held response' })).json().id;
      const m = await waitFor('delivered', async () => { const x = (await a.client.get(`/v1/messages/${id}`)).json(); return x.status === 'delivered' || x.status === 'failed' ? x : null; }, 4_000);
      expect({ status: m.status, errorCode: m.errorCode ?? null }).toEqual({ status: 'delivered', errorCode: null });
      expect((await cmd('/ledger')).submits.filter((x: { text: string }) => x.text === 'Held response')).toHaveLength(1);
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  it('a credentials rotation rebinds the session with the new credentials at the next sessions check (not after the bad-credentials back-off)', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550163';
    const a = await signUp(app);
    const created = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'wrong' },
      settings: { host: '127.0.0.1', port: peer.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const conn = created.json();
    expect(conn.status).toBe('error');
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
    const binds = async () => (await cmd('/ledger')).binds as Array<{ ok: boolean }>;
    const errors: unknown[] = [];
    const worker = startDispatcher(ctx, { error: (o) => void errors.push(o) });
    try {
      // The session's bind is refused (then retried only after authRetryMs, 5 minutes): at least the test-on-save's and
      // the session's. Not exactly two: a bind answered after responseTimeoutMs on a loaded machine is retried at once.
      await waitFor('the refused session bind', async () => (await binds()).filter((b) => !b.ok).length >= 2);
      const rotated = await a.client.patch(`/v1/provider-connections/${conn.id}`, { credentials: { systemId: 'test', password: 'secret' } });
      expect(rotated.statusCode, rotated.body).toBe(200);
      await waitFor('bound with the new credentials', async () => (await cmd('/ledger')).bound.length === 1);
      const id = (await a.client.post('/v1/messages', { from, to: '+14155550180', body: 'After the rotation' })).json().id;
      await waitFor('sent', async () => (await a.client.get(`/v1/messages/${id}`)).json().status === 'sent');
      expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['After the rotation']);
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  it('a claim taken over from a dead worker: journaled (may be at the SMSC) ends failed outcome_unknown and is not resubmitted; never handed over goes out', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550164';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const post = async (body: string): Promise<string> => String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550181', body })).json().id));
    const journaled = await post('Handed over before the crash');
    const claimedOnly = await post('Claimed before the crash, never handed over');
    // A dead worker's claims, expired; only the first was in a journaled batch.
    await ctx.database.query(`update messages set claimed_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second', attempts = attempts + 1 where account_id = $1 and id = any($2::uuid[])`, [accountId, [journaled, claimedOnly]]);
    await ctx.database.query(`insert into dispatch_handovers (account_id, id, message_ids) values ($1, $2, $3::uuid[])`, [accountId, crypto.randomUUID(), [journaled]]);
    try {
      await ensureSessions(ctx);
      await dispatchOnce(ctx);
    } finally {
      await stopCarrierConnections(ctx);
    }
    const rows = (await ctx.database.query<{ id: string; status: string; error_code: string | null }>('select id, status, error_code from messages where account_id = $1 and id = any($2::uuid[])', [accountId, [journaled, claimedOnly]])).rows;
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.error_code]]))).toEqual({ [journaled]: ['failed', 'outcome_unknown'], [claimedOnly]: ['sent', null] });
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Claimed before the crash, never handed over']);
    expect((await ctx.database.query<{ n: number }>('select count(*)::int as n from dispatch_handovers where account_id = $1', [accountId])).rows[0].n).toBe(0);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  // A worker that stalls after its claim (a long pause, its lease renewals failing) while another takes the
  // claim over once the lease ran out: the stalled turn used to wake and hand the batch over all the same —
  // the same text submitted twice to a carrier without idempotency key. The hand-over now keeps only
  // claims that are still its own (same attempt, lease still running).
  // A contact erased while a text to them was claimed (its turn between claim and hand-over): the erasure cancels the
  // waiting text (recipient_erased) and blanks it, but the turn still held the text and number in memory and used to
  // hand them to the carrier after the erasure had committed. The hand-over keeps only claims still waiting (ownClaims).
  it('a text claimed before its recipient was erased is not handed over after the erasure', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550169';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const contact = (await a.client.post('/v1/contacts', { phone: '+14155550183', firstName: 'Erin' })).json();
    const sent = (await a.client.post('/v1/messages', { from, to: '+14155550183', body: 'About your order' })).json();
    let stalled!: () => void;
    const claimed = new Promise<void>((r) => { stalled = r; });
    let wake!: () => void;
    const woken = new Promise<void>((r) => { wake = r; });
    ctx.testHooks = { afterClaim: async () => { stalled(); await woken; } };
    try {
      await ensureSessions(ctx);
      const turn = dispatchOnce(ctx);
      await claimed;
      expect((await a.client.delete(`/v1/contacts/${contact.id}`)).statusCode).toBe(204);
      wake();
      await turn;
    } finally {
      wake();
      ctx.testHooks = undefined;
      await stopCarrierConnections(ctx);
    }
    expect((await cmd('/ledger')).submits).toEqual([]);
    const { rows: [m] } = await ctx.database.query<{ status: string; error_code: string | null; to: string }>(
      'select status, error_code, "to" from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', sent.id)]);
    expect(m).toEqual({ status: 'canceled', error_code: 'recipient_erased', to: '' });
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  it('a turn whose claim was taken over while it stalled hands nothing over: the text reaches the SMSC once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550165';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const id = String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550182', body: 'Once only' })).json().id));
    let stall = true;
    let stalled!: () => void;
    const claimedByStaller = new Promise<void>((r) => { stalled = r; });
    let wake!: () => void;
    const woken = new Promise<void>((r) => { wake = r; });
    ctx.testHooks = { afterClaim: async () => { if (!stall) return; stall = false; stalled(); await woken; } };
    try {
      await ensureSessions(ctx);
      const staller = dispatchOnce(ctx);
      await claimedByStaller;
      // Its lease ran out while it stalled (renewals failed): another worker takes the message over and sends it.
      await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and id = $2`, [accountId, id]);
      await dispatchOnce(ctx);
      expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Once only']);
      wake();
      await staller;
    } finally {
      wake();
      ctx.testHooks = undefined;
      await stopCarrierConnections(ctx);
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Once only']);
    const { rows: [m] } = await ctx.database.query<{ status: string; attempts: number }>('select status, attempts from messages where account_id = $1 and id = $2', [accountId, id]);
    expect(m).toEqual({ status: 'sent', attempts: 2 });
    expect((await ctx.database.query<{ n: number }>('select count(*)::int as n from dispatch_handovers where account_id = $1', [accountId])).rows[0].n).toBe(0);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });

  // A hand-over that throws (a lock timeout, a serialization failure) after its batch was journaled: nothing
  // reached the carrier, but the journal row stayed, so the turn that took the claim over once the lease ran
  // out found the message journaled and failed it outcome_unknown ("may be at the carrier") — a text that
  // never left. A hand-over that fails before anything was submitted now forgets its journal.
  it('a hand-over that fails after the journal was written leaves no journal: the takeover sends the message, once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550166';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const id = String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550183', body: 'Never left the first time' })).json().id));
    const journals = async () => (await ctx.database.query<{ n: number }>('select count(*)::int as n from dispatch_handovers where account_id = $1', [accountId])).rows[0].n;
    let fail = true;
    ctx.testHooks = { inHandOver: async () => { if (!fail) return; fail = false; throw new Error('canceling statement due to lock timeout (test)'); } };
    let journalsAfterFailure = -1;
    try {
      await ensureSessions(ctx);
      await expect(dispatchOnce(ctx)).rejects.toThrow('lock timeout (test)');
      expect((await cmd('/ledger')).submits).toEqual([]);
      journalsAfterFailure = await journals();
      // The failed turn's lease runs out (nobody renews it): another turn takes the claim over.
      await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and id = $2`, [accountId, id]);
      await dispatchOnce(ctx);
    } finally {
      ctx.testHooks = undefined;
      await stopCarrierConnections(ctx);
    }
    const { rows: [m] } = await ctx.database.query<{ status: string; error_code: string | null; attempts: number }>('select status, error_code, attempts from messages where account_id = $1 and id = $2', [accountId, id]);
    expect({ journalsAfterFailure, ...m }).toEqual({ journalsAfterFailure: 0, status: 'sent', error_code: null, attempts: 2 });
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Never left the first time']);
    expect(await journals()).toBe(0);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
  });
}, { CARRIER_SESSIONS_CHECK_MS: '100' });

// A carrier that stops answering, end to end through the worker's dispatcher (the SMSC in its own process).
// Window 1 and a 700 ms answer timeout: a held batch of three takes ~2.1 s, past a 1 s claim. The claim
// used to end while its worker was still handing the batch over, one message after another: another turn
// took the messages over, and the journal failed them (outcome_unknown, "stopped before recording") while
// the live worker went on to submit them — a text at the carrier that our records call failed, its own
// recording then refused. A worker now keeps its claim while it still holds the batch.
// (Within one worker a sender with a turn in flight gets no new claim: two dispatchers stand for two processes.)
describeEachDb('a carrier that stops answering for longer than a claim', (use) => {
  it('the worker keeps its claim while it holds the batch: no message is taken over and failed while it is still being submitted', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550190';
    const a = await signUp(app);
    const created = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'Slow SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: peer.port, window: 1, responseTimeoutMs: 700, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await a.client.post('/v1/numbers', { connectionId: created.json().id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
    const accountId = fromPublicId('account', a.accountId);
    await cmd('/hold');
    // Two dispatchers, as two worker processes: the second serves the sender while the first still holds its batch.
    const workers = [startDispatcher(ctx, { error: () => undefined }), startDispatcher(ctx, { error: () => undefined })];
    try {
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      for (let i = 0; i < 3; i++) expect((await a.client.post('/v1/messages', { from, to: `+1415555018${i}`, body: `slow ${i}` })).statusCode).toBe(201);
      const final = await waitFor('every message to be final', async () => {
        const { rows } = await ctx.database.query<{ status: string; error_code: string | null; error_message: string | null }>(
          "select status, error_code, error_message from messages where account_id = $1 and direction = 'outbound'", [accountId]);
        return rows.length === 3 && rows.every((r) => r.status !== 'queued' && r.status !== 'scheduled') ? rows : null;
      }, 30_000);
      // Each went out once and timed out unanswered: outcome_unknown from its own submission, none failed by a takeover.
      expect(final.map((r) => r.error_message ?? '').filter((m) => m.includes('stopped before recording'))).toEqual([]);
      expect(final.map((r) => [r.status, r.error_code])).toEqual([['failed', 'outcome_unknown'], ['failed', 'outcome_unknown'], ['failed', 'outcome_unknown']]);
      expect((await cmd('/ledger')).submits).toHaveLength(3);
    } finally {
      for (const w of workers) await w.stop();
      await cmd('/release');
    }
  }, 60_000);
}, { DISPATCH_CLAIM_MS: '1000', DISPATCH_BATCH: '1', CARRIER_SESSIONS_CHECK_MS: '100' });

// A turn wedged on a promise that never settles (a bug; a carrier call without timeout) renewed its lease for as
// long as its process lived, and its worker gave its sender no other turn: the messages were never sent. Past
// DISPATCH_CLAIM_MAX_MS a turn stops renewing (logged once through the dispatcher's logger) and no longer holds its
// sender: its claims run out and another turn — of another worker, or of the same one — takes them over.
describeEachDb('a dispatch turn that never finishes', (use) => {
  /** The first turn to claim waits in afterClaim until released, then throws (so its end can be awaited). */
  const wedgeFirstTurn = (ctx: ReturnType<typeof use>['ctx']) => {
    let first = true;
    let claimed!: () => void;
    const claimedP = new Promise<void>((r) => { claimed = r; });
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    ctx.testHooks = { afterClaim: async () => { if (!first) return; first = false; claimed(); await released; throw new Error('unwedged (test)'); } };
    return { claimed: claimedP, release: () => release() };
  };
  const setUp = async (from: string) => {
    const { app, ctx } = use();
    await cmd('/reset');
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId);
    const conn = await smppSender(a.client, from);
    const post = async (body: string) => String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550184', body })).json().id));
    const messageOf = async (id: string) => (await ctx.database.query<{ status: string; error_code: string | null; attempts: number }>(
      'select status, error_code, attempts from messages where account_id = $1 and id = $2', [accountId, id])).rows[0];
    return { ctx, a, accountId, conn, post, messageOf };
  };

  it('another worker takes over the claims of a turn wedged past DISPATCH_CLAIM_MAX_MS and sends the message, once', async () => {
    const { ctx, a, conn, post, messageOf } = await setUp('+15125550192');
    const id = await post('Wedged once');
    const w = wedgeFirstTurn(ctx);
    try {
      await ensureSessions(ctx);
      const wedged = dispatchOnce(ctx);
      wedged.catch(() => undefined); // awaited below; not an unhandled rejection if the test fails before
      await w.claimed;
      // Another worker's passes: the message is due again only once the wedged turn stopped renewing and its lease ran out.
      await waitFor('another turn to take the message over and send it', async () => { await dispatchOnce(ctx); return (await messageOf(id)).status === 'sent'; }, 15_000);
      w.release();
      await expect(wedged).rejects.toThrow('unwedged');
    } finally {
      w.release();
      ctx.testHooks = undefined;
      await stopCarrierConnections(ctx);
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false }); // the next test's worker binds only its own
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Wedged once']);
    expect(await messageOf(id)).toEqual({ status: 'sent', error_code: null, attempts: 2 });
  });

  it('the same worker: a turn wedged past DISPATCH_CLAIM_MAX_MS is logged once and no longer holds its sender; a later turn sends the message, once', async () => {
    const { ctx, a, accountId, conn, post, messageOf } = await setUp('+15125550193');
    const logged: Array<{ o: { accountId?: string; messages?: number; err?: Error }; m: string }> = [];
    const worker = startDispatcher(ctx, { error: (o, m) => void logged.push({ o, m }) });
    const w = wedgeFirstTurn(ctx);
    let id = '';
    try {
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      id = await post('Wedged in this worker');
      await w.claimed;
      await waitFor('a later turn of the same worker to send it', async () => (await messageOf(id)).status === 'sent', 15_000);
      w.release();
      await waitFor('the wedged turn to end', () => logged.some((l) => l.o.err?.message.includes('unwedged')));
    } finally {
      w.release();
      ctx.testHooks = undefined;
      await worker.stop();
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Wedged in this worker']);
    expect(await messageOf(id)).toEqual({ status: 'sent', error_code: null, attempts: 2 });
    const past = logged.filter((l) => l.m.includes('DISPATCH_CLAIM_MAX_MS'));
    expect(past).toHaveLength(1);
    expect(past[0].o).toMatchObject({ accountId, messages: 1 });
    expect(logged.map((l) => l.m)).toEqual([past[0].m, 'dispatch turn failed']); // and the wedged turn's own end, once released
  });
}, { DISPATCH_CLAIM_MS: '500', DISPATCH_CLAIM_MAX_MS: '1000', CARRIER_SESSIONS_CHECK_MS: '100' });

// A claim given back at the hand-over (a sending hold placed after the claim: giveBackHeld, attempts − 1) and
// claimed again by another worker has the same attempt number as the first turn's claim. The first turn, still
// holding the rest of its batch at a slow SMSC, renewed its lease by (id, attempt) — the given-back message's
// included: it extended (and could act on) a claim that was now the other worker's. A turn forgets the claims it
// gives back before the give-back commits.
describeEachDb('a claim given back at the hand-over and claimed again by another worker', (use) => {
  it('the first turn no longer renews it: the other worker\'s lease is its own; each text reaches the SMSC once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550173';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const conn = await smppSender(a.client, from, { responseTimeoutMs: 20_000 });
    const post = async (body: string) => String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550185', body })).json().id));
    // A STOP confirmation (a statutory keyword reply: it goes under a hold) and an ordinary text (given back under one).
    const reply = await post('You are unsubscribed.');
    await ctx.database.query(`update messages set kind = 'keyword_reply', keyword = '{"kind":"opt_out","word":"STOP"}' where account_id = $1 and id = $2`, [accountId, reply]);
    const other = await post('Given back');
    const leaseOf = async (id: string) => (await ctx.database.query<{ until: string; attempts: number }>(
      'select claimed_until::text as until, attempts from messages where account_id = $1 and id = $2', [accountId, id])).rows[0];
    let first = true;
    // The first turn's claim commits, then a hold is placed: its hand-over lets the reply go and gives the other text back.
    ctx.testHooks = { afterClaim: async () => {
      if (!first) return;
      first = false;
      await ctx.database.query(`insert into sending_holds (id, account_id, kind, reason) values (gen_random_uuid(), $1, 'enforcement', 'test')`, [accountId]);
    } };
    await cmd('/hold'); // the reply's submit_sm waits at the SMSC: the first turn keeps its batch (and renews its lease)
    let turn: Promise<number> | null = null;
    try {
      await ensureSessions(ctx);
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      turn = dispatchOnce(ctx);
      turn.catch(() => undefined); // awaited below
      await waitFor('the reply at the SMSC', async () => (await cmd('/ledger')).pending === 1);
      const given = await leaseOf(other);
      expect(given).toEqual({ until: null, attempts: 0 }); // given back, the attempt not spent
      // The hold is lifted; another worker claims the text: the same attempt number as the first turn's claim.
      await ctx.database.query('update sending_holds set lifted_at = now() where account_id = $1', [accountId]);
      const { rows: [{ number_id: numberId }] } = await ctx.database.query<{ number_id: string }>('select number_id from messages where account_id = $1 and id = $2', [accountId, other]);
      const [claimed] = await claimDue(ctx.database.query, accountId, numberId, 10, 60);
      expect({ id: claimed?.id, attempts: claimed?.attempts }).toEqual({ id: other, attempts: 1 });
      const theirs = await leaseOf(other);
      const replyLease = (await leaseOf(reply)).until;
      // The first turn renews its lease (every third of DISPATCH_CLAIM_MS) while its reply waits at the SMSC.
      await waitFor('the first turn to renew its lease', async () => (await leaseOf(reply)).until !== replyLease, 10_000);
      expect(await leaseOf(other)).toEqual(theirs); // the other worker's claim, untouched
    } finally {
      await cmd('/release');
      await turn?.catch(() => undefined);
      ctx.testHooks = undefined;
    }
    try {
      // The other worker stops (its lease run out): the text is taken over — never handed over, not journaled — and goes, once.
      await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and id = $2`, [accountId, other]);
      await waitFor('both texts sent', async () => {
        await dispatchOnce(ctx);
        const { rows } = await ctx.database.query<{ status: string }>('select status from messages where account_id = $1 and id = any($2::uuid[])', [accountId, [reply, other]]);
        return rows.every((r) => r.status === 'sent');
      }, 15_000);
    } finally {
      await stopCarrierConnections(ctx);
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text).sort()).toEqual(['Given back', 'You are unsubscribed.']);
  }, 60_000);
}, { DISPATCH_CLAIM_MS: '1500', CARRIER_SESSIONS_CHECK_MS: '100' });

// A batch already past its hand-over whose claims run out while it is still being submitted (a carrier slower than
// DISPATCH_CLAIM_MAX_MS, or renewals failing: the database out of reach): another worker takes the messages over — the
// journal fails them outcome_unknown, never resubmitted — while the first turn went on submitting the rest of its
// batch: texts at the SMSC that our records call failed (through a carrier without the journal, a second submission).
// A turn submits nothing once its claims may have run out. The texts it then never submitted leave its journal as its
// bound is reached (before the claims may run out): the worker that takes the batch over sends them — they failed
// outcome_unknown before, though they never left — and fails only the one that may be at the SMSC.
describeEachDb('a batch whose claims run out while it is being submitted', (use) => {
  it('the first turn submits nothing more once another worker may have taken its claims over; that worker sends the texts it never submitted, once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550174';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const conn = await smppSender(a.client, from, { window: 1, responseTimeoutMs: 20_000 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: `+1415555019${i}`, body: `Slow batch ${i}` })).json().id)));
    const rows = async () => (await ctx.database.query<{ body: string; status: string; error_code: string | null }>(
      'select body, status, error_code from messages where account_id = $1 and id = any($2::uuid[]) order by body', [accountId, ids])).rows;
    await cmd('/hold'); // the first text's submit_sm is not answered: window 1, the rest of the batch waits behind it
    let first: Promise<number> | null = null;
    let other: { stop: () => Promise<void> } | null = null;
    try {
      await ensureSessions(ctx);
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      first = dispatchOnce(ctx);
      first.catch(() => undefined); // awaited below
      await waitFor('the first text at the SMSC', async () => (await cmd('/ledger')).pending === 1);
      // Past DISPATCH_CLAIM_MAX_MS the turn stops renewing; once its lease ran out another worker (its own dispatcher loop,
      // as another process) takes the batch over: the journaled text at the SMSC fails, the two others wait for the window.
      other = startDispatcher(ctx, { error: () => undefined });
      await waitFor('another worker to take the batch over', async () => (await rows())[0].status === 'failed', 15_000);
      expect((await rows()).map((r) => [r.status, r.error_code])).toEqual([['failed', 'outcome_unknown'], ['queued', null], ['queued', null]]);
      await cmd('/release'); // the first text is answered: the window opens again
      await first;
      await waitFor('the texts the first turn never submitted to be sent', async () => (await rows()).every((r) => r.status !== 'queued'), 15_000);
    } finally {
      await cmd('/release');
      await first?.catch(() => undefined);
      await other?.stop();
      await stopCarrierConnections(ctx);
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text).sort()).toEqual(['Slow batch 0', 'Slow batch 1', 'Slow batch 2']);
    expect((await rows()).map((r) => [r.status, r.error_code])).toEqual([['failed', 'outcome_unknown'], ['sent', null], ['sent', null]]);
    expect((await ctx.database.query('select 1 from dispatch_handovers where account_id = $1', [accountId])).rows).toEqual([]);
  }, 60_000);
}, { DISPATCH_CLAIM_MS: '500', DISPATCH_CLAIM_MAX_MS: '1000', CARRIER_SESSIONS_CHECK_MS: '100' });

// After a hand-over that settled one claim of its turn (an opted-out recipient canceled), the turn's lease renewals ask
// only for the batch it kept (da8b287): counting the settled claim, every later renewal renewed fewer rows than it asked
// for, so the lease bound stopped moving (a4a0cdb) and a batch longer than a lease came back lease_lost past its first
// lease. Window 1 and an SMSC answering each submit_sm 300 ms later: six texts take ~1.8 s, past the 1 s lease.
describeEachDb('a long batch whose hand-over settled one of its claims', (use) => {
  it('later renewals still move the lease bound: every text of the batch is submitted in that turn, none lease_lost', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550175';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const conn = await smppSender(a.client, from, { window: 1, responseTimeoutMs: 5_000 });
    const optedOut = '+14155550160';
    const post = async (to: string, body: string) => String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to, body })).json().id));
    const gone = await post(optedOut, 'Opted out before the hand-over');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await post(`+1415555016${i + 1}`, `Long batch ${i}`));
    // The recipient opts out once the batch is claimed: its hand-over cancels that claim and keeps the six others.
    let first = true;
    ctx.testHooks = { afterClaim: async () => {
      if (!first) return;
      first = false;
      await withTx(ctx.db, (tx) => recordConsent(ctx, tx, accountId, { type: 'system', id: null, label: 'test' }, [{ contactId: null, phone: optedOut, kind: 'opt_out', source: 'api', evidence: {} }]));
    } };
    try {
      await ensureSessions(ctx);
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      await cmd('/delay', { ms: 700 }); // six texts one at a time: 4.2 s, past the 3 s lease (renewed every second)
      expect(await dispatchOnce(ctx)).toBe(7); // one turn claimed the seven
    } finally {
      ctx.testHooks = undefined;
      await cmd('/delay', { ms: 0 });
      await stopCarrierConnections(ctx);
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
    }
    const statusOf = async (id: string) => (await ctx.database.query<{ status: string; error_code: string | null; attempts: number }>(
      'select status, error_code, attempts from messages where account_id = $1 and id = $2', [accountId, id])).rows[0];
    expect(await statusOf(gone)).toMatchObject({ status: 'canceled', error_code: 'recipient_opted_out' });
    expect(await Promise.all(ids.map(statusOf))).toEqual(ids.map(() => ({ status: 'sent', error_code: null, attempts: 1 })));
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(Array.from({ length: 6 }, (_, i) => `Long batch ${i}`));
  }, 60_000);
  // A 3 s lease (not 1 s): on a loaded machine a renewal every 333 ms could land past a 1 s lease's margin and the turn
  // rightly stop submitting (lease_lost) — the test then failed for the load, not for the switch it checks.
}, { DISPATCH_CLAIM_MS: '3000', CARRIER_SESSIONS_CHECK_MS: '100' });

// A turn whose text was at the SMSC when its claim ran out, and another worker claimed it before this turn recorded the
// answer: the recording's status change no longer applies (another attempt), yet the recording dropped the batch's whole
// journal row — so a takeover that read the journal after that recording found the text in no row and submitted it again.
// The recording now keeps in the row each text whose outcome it could not record and that may be at the carrier.
describeEachDb('a recording that comes after another worker claimed its batch', (use) => {
  it('keeps the text in the journal: the takeover fails it outcome_unknown, the SMSC received it once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550176';
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const conn = await smppSender(a.client, from, { window: 1, responseTimeoutMs: 20_000 });
    const id = String(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: '+14155550159', body: 'Answered late' })).json().id));
    const messageOf = async () => (await ctx.database.query<{ status: string; error_code: string | null }>(
      'select status, error_code from messages where account_id = $1 and id = $2', [accountId, id])).rows[0];
    await cmd('/hold'); // the text's submit_sm is answered only when released
    let first: Promise<number> | null = null;
    try {
      await ensureSessions(ctx);
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      first = dispatchOnce(ctx);
      first.catch(() => undefined); // awaited below
      await waitFor('the text at the SMSC', async () => (await cmd('/ledger')).pending === 1);
      // Another worker claims it once the first turn's lease ran out (past DISPATCH_CLAIM_MAX_MS); right after that claim the
      // SMSC answers the first turn, which records before the other worker reads the journal.
      let takenOver = false;
      ctx.testHooks = { afterClaim: async () => { takenOver = true; await cmd('/release'); await first; } };
      await waitFor('another worker to take the text over', async () => { await dispatchOnce(ctx); return takenOver; }, 45_000);
    } finally {
      ctx.testHooks = undefined;
      await cmd('/release');
      await first?.catch(() => undefined);
      await stopCarrierConnections(ctx);
      await a.client.patch(`/v1/provider-connections/${conn.id}`, { enabled: false });
    }
    expect((await cmd('/ledger')).submits.map((x: { text: string }) => x.text)).toEqual(['Answered late']);
    expect(await messageOf()).toEqual({ status: 'failed', error_code: 'outcome_unknown' });
  }, 90_000);
}, { DISPATCH_CLAIM_MS: '500', DISPATCH_CLAIM_MAX_MS: '1000', CARRIER_SESSIONS_CHECK_MS: '100' });
