// Failover (issue 8, acceptance 5), on both databases: two Twilio-shaped peers, each in its own
// process. The primary goes down mid-batch (answers 503 after k accepted messages); every message
// is delivered exactly once — the ones the primary accepted by it, the rest through the fallback —
// messages.connection_id says which; the primary's status becomes `error` with the reason and comes
// back to `connected` after a probe once the peer is back. Without a fallback, messages wait (no
// attempt spent). Also: the fallback's validation in the connections API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { ensureSessions, stopCarrierConnections } from '../src/modules/messaging/carrier-connections.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { DB_KINDS, startTestEnv, type TestEnv } from './harness.js';
import { signUp, type SignedUp } from './factories.js';
import { freePort } from './proc.js';
import { startSmsc, waitFor, type Smsc } from './smsc-peer.js';
import { startTwilioPeer, type TwilioPeer } from './peers/twilio-peer.js';

const AC1 = 'AC' + 'c1'.repeat(16);
const AC2 = 'AC' + 'c2'.repeat(16);
const TOKEN = 'failover-peer-token';

type Peer = TwilioPeer & { url: string };
const peers: Peer[] = [];

async function startPeer(): Promise<Peer> {
  const p = await startTwilioPeer();
  const peer = { ...p, url: p.api };
  peers.push(peer);
  return peer;
}

const admin = (p: Peer, path: string, body: unknown = {}): Promise<any> => p.admin(path, body);
const ledger = async (p: Peer) => (await fetch(`${p.url}/__ledger`)).json() as Promise<{ messages: Array<{ to: string; body: string }>; counts: Record<string, number>; requests: number; sendRequests: number }>;

/** Polls (no fixed sleep) until `check` holds, dispatching in between; fails after the deadline. */
async function until(ctx: TestEnv['ctx'], check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await dispatchOnce(ctx);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let primary: Peer;
let secondary: Peer;
let smsc: Smsc;
beforeAll(async () => {
  [primary, secondary, smsc] = await Promise.all([startPeer(), startPeer(), startSmsc()]);
}, 30_000);
afterAll(() => {
  for (const p of peers) p.stop();
  smsc?.stop();
});

for (const kind of DB_KINDS) {
  describe(`failover between connections [${kind}]`, () => {
    let env: TestEnv;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      ({ env, stop } = await startTestEnv(kind, {
        CONNECTION_FAILURE_THRESHOLD: '3', CONNECTION_PROBE_BASE_MS: '40', CONNECTION_PROBE_MAX_MS: '80', CONNECTION_PROBE_TIMEOUT_MS: '2000',
      }));
    }, 60_000);
    afterAll(async () => {
      await stopCarrierConnections(env.ctx);
      await stop?.();
    }, 60_000);

    const connect = async (a: SignedUp, peer: Peer, sid: string, name: string, extra: Record<string, unknown> = {}) => {
      const r = await a.client.post('/v1/provider-connections', { kind: 'twilio', name, credentials: { accountSid: sid, authToken: TOKEN }, settings: { apiBaseUrl: peer.url }, ...extra });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; status: string; fallbackConnectionId: string | null };
    };
    const rowsOf = async (a: SignedUp, ids: string[]) => (await env.ctx.database.query<{ id: string; status: string; connection_id: string | null; attempts: number; provider: string }>(
      'select id, status, connection_id, attempts, provider from messages where account_id = $1 and id = any($2::uuid[])',
      [fromPublicId('account', a.accountId), ids.map((id) => fromPublicId('message', id))],
    )).rows;

    it('the primary goes down mid-batch: every message is delivered once (the rest through the fallback), its status follows, it recovers', async () => {
      const { app, ctx } = env;
      const from = '+15125550160';
      for (const [p, sid] of [[primary, AC1], [secondary, AC2]] as const) await admin(p, '/__admin/reset', { accounts: [{ sid, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const fb = await connect(a, secondary, AC2, 'Fallback');
      const main = await connect(a, primary, AC1, 'Primary', { fallbackConnectionId: fb.id });
      expect(main).toMatchObject({ status: 'connected', fallbackConnectionId: fb.id });
      expect((await a.client.post('/v1/numbers', { connectionId: main.id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);

      // 12 queued; the primary accepts 4, then answers 503 to everything.
      await admin(primary, '/__admin/down', { down: true, after: 4 });
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await a.client.post('/v1/messages', { from, to: `+1415555${String(1000 + i)}`, body: `Batch ${i}` })).json().id);
      expect(await dispatchOnce(ctx)).toBe(12);

      const [l1, l2] = await Promise.all([ledger(primary), ledger(secondary)]);
      expect(l1.messages).toHaveLength(4);
      expect(l2.messages).toHaveLength(8);
      const byBody = new Map<string, string>();
      for (const [l, conn] of [[l1, main.id], [l2, fb.id]] as const) for (const m of l.messages) {
        expect(byBody.has(m.body), `${m.body} in both ledgers`).toBe(false);
        byBody.set(m.body, fromPublicId('connection', conn)!);
      }
      expect(Object.values(l1.counts).concat(Object.values(l2.counts)).every((n) => n === 1)).toBe(true);
      // Each message sent once, recorded on the connection whose ledger holds it (the sub-processor record).
      const rows = await rowsOf(a, ids);
      const bodies = new Map(ids.map((id, i) => [fromPublicId('message', id)!, `Batch ${i}`]));
      expect(rows).toHaveLength(12);
      for (const r of rows) {
        expect(r.status).toBe('sent');
        expect(r.connection_id).toBe(byBody.get(bodies.get(r.id)!));
        expect(r.provider).toBe('twilio');
      }

      // The primary's status follows real traffic: error, with the reason and when.
      const down = (await a.client.get(`/v1/provider-connections/${main.id}`)).json();
      expect(down).toMatchObject({ status: 'error', lastErrorCode: 'carrier_unavailable' });
      expect(down.lastError).toContain('503');
      expect(down.lastErrorAt).not.toBeNull();
      expect((await a.client.get(`/v1/provider-connections/${fb.id}`)).json().status).toBe('connected');

      // While it is down, batches go to the fallback without trying the primary (only a probe, with backoff, reaches it).
      // A message an earlier attempt may have left at the primary (its connection recorded: an unknown outcome) stays with it.
      const before = (await ledger(primary)).requests;
      const more: string[] = [];
      for (let i = 0; i < 3; i++) more.push((await a.client.post('/v1/messages', { from, to: `+1415555${2000 + i}`, body: `While down ${i}` })).json().id);
      const pinned = more[2];
      await ctx.database.query('update messages set connection_id = $3 where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('message', pinned), fromPublicId('connection', main.id)]);
      await dispatchOnce(ctx);
      expect((await ledger(primary)).requests - before).toBeLessThanOrEqual(1);
      expect((await ledger(secondary)).counts).toMatchObject({ '+14155552000|While down 0': 1, '+14155552001|While down 1': 1 });
      expect((await ledger(secondary)).counts['+14155552002|While down 2']).toBeUndefined();
      const [held] = await rowsOf(a, [pinned]);
      expect(held).toMatchObject({ status: 'queued', attempts: 0 }); // given back: no attempt spent

      // The peer is back: a probe (the connection test) finds it, the status is connected again, the held message goes through it.
      await admin(primary, '/__admin/down', { down: false });
      await until(ctx, async () => (await a.client.get(`/v1/provider-connections/${main.id}`)).json().status === 'connected', 'the primary to recover');
      await until(ctx, async () => (await rowsOf(a, [pinned]))[0].status === 'sent', 'the held message');
      expect((await ledger(primary)).counts['+14155552002|While down 2']).toBe(1);
      const after = (await a.client.post('/v1/messages', { from, to: '+14155553000', body: 'Back on the primary' })).json().id;
      await dispatchOnce(ctx);
      expect((await rowsOf(a, [after]))[0]).toMatchObject({ status: 'sent', connection_id: fromPublicId('connection', main.id) });
      expect((await ledger(primary)).counts['+14155553000|Back on the primary']).toBe(1);
      expect((await ledger(secondary)).messages).toHaveLength(10);

      // A worker died after handing a message to the fallback (pinned to it before the call) and before recording it: its
      // claim is taken over once the lease ran out. It may be at the fallback, so it is never sent through the primary.
      const orphan = (await a.client.post('/v1/messages', { from, to: '+14155553001', body: 'Maybe at the fallback' })).json().id;
      await ctx.database.query(
        `update messages set claimed_until = now() - interval '1 minute', next_attempt_at = now(), attempts = 1, connection_id = $3 where account_id = $1 and id = $2`,
        [fromPublicId('account', a.accountId), fromPublicId('message', orphan), fromPublicId('connection', fb.id)],
      );
      await dispatchOnce(ctx);
      expect((await a.client.get(`/v1/messages/${orphan}`)).json()).toMatchObject({ status: 'failed', errorCode: 'outcome_unknown' });
      expect((await rowsOf(a, [orphan]))[0].connection_id).toBe(fromPublicId('connection', fb.id));
      expect((await ledger(primary)).counts['+14155553001|Maybe at the fallback']).toBeUndefined();
    });

    it('without a fallback, messages wait while the connection is down (no attempt spent) and go once when it is back', async () => {
      const { app, ctx } = env;
      const from = '+15125550161';
      await admin(primary, '/__admin/reset', { accounts: [{ sid: AC1, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const main = await connect(a, primary, AC1, 'Alone');
      expect((await a.client.post('/v1/numbers', { connectionId: main.id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);
      await admin(primary, '/__admin/down', { down: true });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await a.client.post('/v1/messages', { from, to: `+1415555${4000 + i}`, body: `Wait ${i}` })).json().id);
      await dispatchOnce(ctx);
      for (let i = 0; i < 3; i++) await dispatchOnce(ctx); // not retried batch after batch
      const waiting = await rowsOf(a, ids);
      expect(waiting.every((r) => r.status === 'queued' && r.attempts === 0 && r.connection_id === null), JSON.stringify(waiting)).toBe(true);
      expect((await a.client.get(`/v1/provider-connections/${main.id}`)).json()).toMatchObject({ status: 'error', lastErrorCode: 'carrier_unavailable' });
      const m = (await a.client.get(`/v1/messages/${ids[0]}`)).json();
      expect(m).toMatchObject({ status: 'queued', errorCode: 'connection_down' });

      await admin(primary, '/__admin/down', { down: false });
      await until(ctx, async () => (await rowsOf(a, ids)).every((r) => r.status === 'sent'), 'the queue to drain');
      expect((await a.client.get(`/v1/provider-connections/${main.id}`)).json().status).toBe('connected');
      const l = await ledger(primary);
      expect(l.messages).toHaveLength(5);
      expect(Object.values(l.counts).every((n) => n === 1)).toBe(true);
    });

    it('refused credentials put the connection in error at once (no crash loop) and it recovers after a rotation', async () => {
      const { app, ctx } = env;
      const from = '+15125550162';
      await admin(primary, '/__admin/reset', { accounts: [{ sid: AC1, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const main = await connect(a, primary, AC1, 'Rotating');
      expect((await a.client.post('/v1/numbers', { connectionId: main.id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);
      // The carrier account's token changes behind our back: 401 / 20003.
      await admin(primary, '/__admin/reset', { accounts: [{ sid: AC1, authToken: 'changed-at-twilio', numbers: [{ phoneNumber: from }] }] });
      const id = (await a.client.post('/v1/messages', { from, to: '+14155555000', body: 'Needs good credentials' })).json().id;
      await dispatchOnce(ctx);
      const before = await ledger(primary);
      for (let i = 0; i < 3; i++) await dispatchOnce(ctx);
      // No crash loop: no send attempt per pass while the connection is down — only backed-off probes
      // (the account lookup; on a loaded machine each pass may find one due: the schedule is 40/80 ms here).
      const after = await ledger(primary);
      expect(after.sendRequests - before.sendRequests).toBe(0);
      expect(after.requests - before.requests).toBeLessThanOrEqual(3);
      expect((await a.client.get(`/v1/provider-connections/${main.id}`)).json()).toMatchObject({ status: 'error', lastErrorCode: 'auth_failed' });
      expect((await rowsOf(a, [id]))[0]).toMatchObject({ status: 'queued', attempts: 0 });
      const fixed = await a.client.patch(`/v1/provider-connections/${main.id}`, { credentials: { accountSid: AC1, authToken: 'changed-at-twilio' } });
      expect(fixed.json().status).toBe('connected');
      await until(ctx, async () => (await rowsOf(a, [id]))[0].status === 'sent', 'the message after the rotation');
      expect((await ledger(primary)).counts['+14155555000|Needs good credentials']).toBe(1);
    });

    it('an SMPP route whose SMSC cannot be reached fails over to a Twilio connection (its receipts then come back as Twilio)', async () => {
      const { app, ctx } = env;
      const from = '+15125550163';
      await admin(secondary, '/__admin/reset', { accounts: [{ sid: AC2, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const fb = await connect(a, secondary, AC2, 'Twilio fallback');
      const smpp = await a.client.post('/v1/provider-connections', {
        kind: 'smpp', name: 'SMPP route', credentials: { systemId: 'wm', password: 'secret' },
        settings: { host: '127.0.0.1', port: await freePort(), responseTimeoutMs: 500, connectWaitMs: 0 }, fallbackConnectionId: fb.id,
      });
      expect(smpp.statusCode, smpp.body).toBe(201);
      expect(smpp.json()).toMatchObject({ status: 'error', fallbackConnectionId: fb.id }); // nothing listens there
      expect((await a.client.post('/v1/numbers', { connectionId: smpp.json().id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await a.client.post('/v1/messages', { from, to: `+1415555${6000 + i}`, body: `Via the fallback ${i}` })).json().id);
      await ensureSessions(ctx); // the worker's sessions check: this worker leads the SMPP connection (its session keeps trying, reporting down)
      expect(await dispatchOnce(ctx)).toBe(3);
      const rows = await rowsOf(a, ids);
      expect(rows.every((r) => r.status === 'sent' && r.connection_id === fromPublicId('connection', fb.id) && r.provider === 'twilio'), JSON.stringify(rows)).toBe(true);
      expect(Object.values((await ledger(secondary)).counts)).toEqual([1, 1, 1]);
      expect((await a.client.get(`/v1/provider-connections/${smpp.json().id}`)).json().status).toBe('error');
    });

    // The fallback's own hand-over (submitViaFallback) failing (a lock timeout) after the SMPP route's batch was journaled:
    // nothing reached a carrier, but the journal stayed, so the turn that took the claim over failed it outcome_unknown
    // ("may be at the carrier") — a text that never left. As for the turn's first hand-over, the journal is forgotten.
    it('a failover whose fallback hand-over fails leaves no journal: the takeover sends the message through the fallback, once', async () => {
      const { app, ctx } = env;
      const from = '+15125550167';
      await admin(secondary, '/__admin/reset', { accounts: [{ sid: AC2, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(app);
      const accountId = fromPublicId('account', a.accountId);
      const fb = await connect(a, secondary, AC2, 'Twilio fallback');
      const smpp = await a.client.post('/v1/provider-connections', {
        kind: 'smpp', name: 'SMPP route', credentials: { systemId: 'wm', password: 'secret' },
        settings: { host: '127.0.0.1', port: await freePort(), responseTimeoutMs: 500, connectWaitMs: 0 }, fallbackConnectionId: fb.id,
      });
      expect(smpp.statusCode, smpp.body).toBe(201);
      expect((await a.client.post('/v1/numbers', { connectionId: smpp.json().id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);
      const id = (await a.client.post('/v1/messages', { from, to: '+14155556100', body: 'Never left the first time' })).json().id;
      const journals = async () => (await ctx.database.query<{ n: number }>('select count(*)::int as n from dispatch_handovers where account_id = $1', [accountId])).rows[0].n;
      let handOvers = 0;
      // The turn's first hand-over passes; the fallback's (the second) throws.
      ctx.testHooks = { inHandOver: async () => { if (++handOvers === 2) throw new Error('canceling statement due to lock timeout (test)'); } };
      let journalsAfterFailure = -1;
      try {
        await ensureSessions(ctx);
        await expect(dispatchOnce(ctx)).rejects.toThrow('lock timeout (test)');
        expect(handOvers).toBe(2);
        journalsAfterFailure = await journals();
        // The failed turn's lease, if it still holds one, runs out (nobody renews it): another turn takes the claim over.
        // (Since the failed hand-over gives its fallback pin and claim back, there is none: the next claim sends it, after a back-off.)
        await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and id = $2 and claimed_until is not null`, [accountId, fromPublicId('message', id)]);
        await until(ctx, async () => (await rowsOf(a, [id]))[0].status !== 'queued', 'the message to be settled');
      } finally {
        ctx.testHooks = undefined;
      }
      const [m] = await rowsOf(a, [id]);
      const { rows: [e] } = await ctx.database.query<{ error_code: string | null }>('select error_code from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', id)]);
      expect({ journalsAfterFailure, status: m.status, errorCode: e.error_code, viaFallback: m.connection_id === fromPublicId('connection', fb.id) })
        .toEqual({ journalsAfterFailure: 0, status: 'sent', errorCode: null, viaFallback: true });
      expect((await ledger(secondary)).counts[`+14155556100|Never left the first time`]).toBe(1);
      expect(await journals()).toBe(0);
    });

    /** An account whose number is on a Twilio primary (the test's Twilio server, down on demand) with an SMPP fallback on the test SMSC. */
    async function primaryWithSmppFallback(from: string) {
      await admin(primary, '/__admin/reset', { accounts: [{ sid: AC1, authToken: TOKEN, numbers: [{ phoneNumber: from }] }] });
      const a = await signUp(env.app);
      const accountId = fromPublicId('account', a.accountId);
      const fb = await a.client.post('/v1/provider-connections', {
        kind: 'smpp', name: 'SMPP fallback', credentials: { systemId: 'test', password: 'secret' },
        settings: { host: '127.0.0.1', port: smsc.port, responseTimeoutMs: 2000, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000 },
      });
      expect(fb.statusCode, fb.body).toBe(201);
      const main = await connect(a, primary, AC1, 'Primary', { fallbackConnectionId: fb.json().id });
      expect((await a.client.post('/v1/numbers', { connectionId: main.id, phoneNumber: from, mps: 100 })).statusCode).toBe(201);
      /** How many submit_sm of this text the SMSC received. */
      const submitted = async (body: string) => (await smsc.cmd('/ledger')).submits.filter((x: { text: string }) => x.text === body).length;
      return { a, accountId, fb, main, submitted };
    }

    /** After a failed turn: its leases, where it still holds any, run out (nobody renews them); every text then goes once, through the fallback. */
    async function expectSentOnceViaFallback(f: Pick<Awaited<ReturnType<typeof primaryWithSmppFallback>>, 'a' | 'accountId' | 'fb' | 'submitted'>, ids: string[], bodies: string[]) {
      const { ctx } = env;
      const messageIds = ids.map((id) => fromPublicId('message', id));
      await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and id = any($2::uuid[]) and claimed_until is not null`,
        [f.accountId, messageIds]);
      await until(ctx, async () => (await rowsOf(f.a, ids)).every((r) => r.status !== 'queued'), 'the texts to be settled');
      const { rows } = await ctx.database.query<{ body: string; status: string; error_code: string | null; connection_id: string | null }>(
        'select body, status, error_code, connection_id from messages where account_id = $1 and id = any($2::uuid[]) order by body', [f.accountId, messageIds]);
      const fallbackId = fromPublicId('connection', f.fb.json().id);
      expect(await Promise.all(rows.map(async (r) => ({ body: r.body, status: r.status, errorCode: r.error_code, viaFallback: r.connection_id === fallbackId, submits: await f.submitted(r.body) }))))
        .toEqual(bodies.map((body) => ({ body, status: 'sent', errorCode: null, viaFallback: true, submits: 1 })));
    }

    // A Twilio primary that goes down mid-batch fails over to an SMPP fallback: the moved messages are pinned to the
    // fallback, handed over and submitted — with no journal (the turn journals only when its route starts at-most-once).
    // A worker that dies before recording leaves them pinned to the fallback under a lease that runs out; the turn that
    // takes them over (route still the fallback) found no journal and submitted them to the SMSC a second time.
    it('a claim taken over after a mid-batch failover to an SMPP fallback is not resubmitted to the SMSC: failed outcome_unknown', async () => {
      const { ctx } = env;
      const from = '+15125550168';
      const { a, accountId, fb, main, submitted } = await primaryWithSmppFallback(from);
      try {
        await ensureSessions(ctx); // this worker leads the fallback's session
        await waitFor('the fallback bound', async () => (await a.client.get(`/v1/provider-connections/${fb.json().id}`)).json().status === 'connected');
        // The primary answers 503 to everything: the batch fails over to the SMPP fallback mid-turn.
        await admin(primary, '/__admin/down', { down: true, after: 0 });
        const warm: string[] = [];
        for (let i = 0; i < 3; i++) warm.push((await a.client.post('/v1/messages', { from, to: `+1415555${7000 + i}`, body: `Moved ${i} [${kind}]` })).json().id);
        await until(ctx, async () => (await rowsOf(a, warm)).every((r) => r.status === 'sent'), 'the batch through the fallback');
        expect(await submitted(`Moved 0 [${kind}]`)).toBe(1);
        // A dead worker's claim of such a batch: pinned to the fallback before its call, no journal, the lease run out.
        const id = (await a.client.post('/v1/messages', { from, to: '+14155557100', body: `At the SMSC before the crash [${kind}]` })).json().id;
        await ctx.database.query(
          `update messages set attempts = attempts + 1, claimed_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second', connection_id = $3
           where account_id = $1 and id = $2`, [accountId, fromPublicId('message', id), fromPublicId('connection', fb.json().id)]);
        await until(ctx, async () => (await rowsOf(a, [id]))[0].status !== 'queued', 'the taken-over claim to be settled');
        const { rows: [m] } = await ctx.database.query<{ status: string; error_code: string | null }>('select status, error_code from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', id)]);
        expect({ ...m, submits: await submitted(`At the SMSC before the crash [${kind}]`) }).toEqual({ status: 'failed', error_code: 'outcome_unknown', submits: 0 });
      } finally {
        await admin(primary, '/__admin/down', { down: false });
        await stopCarrierConnections(ctx);
        await a.client.patch(`/v1/provider-connections/${main.id}`, { enabled: false });
        await a.client.patch(`/v1/provider-connections/${fb.json().id}`, { enabled: false });
      }
    });

    // A Twilio primary down mid-batch moves the batch to its SMPP fallback (submitViaFallback): pinned to the fallback,
    // then handed over. When that hand-over fails (a lock timeout), nothing reached a carrier — the primary answered 503,
    // the fallback was never called — but the pins stayed, so the turn that took the claims over (its route the fallback,
    // which has no idempotency key) failed them outcome_unknown though they never left. A hand-over that provably
    // submitted nothing gives back the pins it set and the claims: the texts go later, once.
    it('a mid-batch failover whose fallback hand-over fails releases its pins: the texts go once through the fallback later, not outcome_unknown', async () => {
      const { ctx } = env;
      const from = '+15125550172';
      const { a, accountId, fb, main, submitted } = await primaryWithSmppFallback(from);
      const bodies = [0, 1, 2].map((i) => `Never left ${i} [${kind}]`);
      let handOvers = 0;
      try {
        await ensureSessions(ctx); // this worker leads the fallback's session
        await waitFor('the fallback bound', async () => (await a.client.get(`/v1/provider-connections/${fb.json().id}`)).json().status === 'connected');
        // The primary answers 503 to everything: the batch fails over to the SMPP fallback mid-turn.
        await admin(primary, '/__admin/down', { down: true, after: 0 });
        const ids: string[] = [];
        for (const [i, body] of bodies.entries()) ids.push((await a.client.post('/v1/messages', { from, to: `+1415555${7200 + i}`, body })).json().id);
        // The turn's first hand-over (the primary's) passes; the fallback's (the second) throws.
        ctx.testHooks = { inHandOver: async () => { if (++handOvers === 2) throw new Error('canceling statement due to lock timeout (test)'); } };
        await expect(dispatchOnce(ctx)).rejects.toThrow('lock timeout (test)');
        expect(handOvers).toBe(2);
        await expectSentOnceViaFallback({ a, accountId, fb, submitted }, ids, bodies);
      } finally {
        ctx.testHooks = undefined;
        await admin(primary, '/__admin/down', { down: false });
        await stopCarrierConnections(ctx);
        await a.client.patch(`/v1/provider-connections/${main.id}`, { enabled: false });
        await a.client.patch(`/v1/provider-connections/${fb.json().id}`, { enabled: false });
      }
    });

    // The fallback's hand-over gives a claim back (a marketing text whose send window closed since it was claimed:
    // deferClosedWindow, marked as given back) and then throws (a lock timeout at the opt-out locks): the give-back rolls
    // back with the rest, so the claim and its fallback pin are still this turn's. The mark stayed, though, so the failed
    // hand-over's release (releaseUnsent) skipped it: its pin and claim stayed, and the turn that took it over failed it
    // outcome_unknown though it never left. A give-back's mark takes effect only once its transaction commits.
    it('a fallback hand-over that gives a claim back and then fails releases that claim too: sent once, not outcome_unknown', async () => {
      const { ctx } = env;
      const from = '+15125550174';
      const { a, accountId, fb, main, submitted } = await primaryWithSmppFallback(from);
      await ctx.database.query(`update accounts set time_zone = 'America/Los_Angeles' where id = $1`, [accountId]);
      // Three texts: the primary's three 503s reach CONNECTION_FAILURE_THRESHOLD, so the batch fails over mid-turn.
      const bodies = [`Deferred then released [${kind}]`, `Transactional 1 [${kind}]`, `Transactional 2 [${kind}]`];
      const realNow = ctx.now;
      // 11:00 in Los Angeles (the recipients' zone: the account's), then 02:00 once the fallback's hand-over has begun.
      let clock = '2026-06-15T18:00:00Z';
      let handOvers = 0;
      try {
        await ensureSessions(ctx); // this worker leads the fallback's session
        await waitFor('the fallback bound', async () => (await a.client.get(`/v1/provider-connections/${fb.json().id}`)).json().status === 'connected');
        await admin(primary, '/__admin/down', { down: true, after: 0 });
        const ids: string[] = [];
        for (const [i, body] of bodies.entries()) ids.push((await a.client.post('/v1/messages', { from, to: `+1415555${7300 + i}`, body })).json().id);
        const marketing = fromPublicId('message', ids[0]);
        await ctx.database.query(`update messages set kind = 'marketing' where account_id = $1 and id = $2`, [accountId, marketing]);
        ctx.now = () => new Date(clock);
        // The primary's hand-over (the first) passes; the fallback's (the second) starts at night: the marketing text is
        // given back (deferred), then the hand-over throws at the opt-out locks.
        ctx.testHooks = {
          inHandOver: async () => { if (++handOvers === 2) clock = '2026-06-15T09:00:00Z'; },
          beforeOptOutLocks: async () => {
            if (handOvers !== 2) return;
            clock = '2026-06-15T18:00:00Z';
            throw new Error('canceling statement due to lock timeout (test)');
          },
        };
        await expect(dispatchOnce(ctx)).rejects.toThrow('lock timeout (test)');
        expect(handOvers).toBe(2);
        // Nothing of the batch is at a carrier; the failed hand-over released its pins and claims (the give-back rolled back).
        const { rows: left } = await ctx.database.query<{ body: string; claimed: boolean; pinned: boolean }>(
          'select body, claimed_until is not null as claimed, connection_id is not null as pinned from messages where account_id = $1 and id = any($2::uuid[]) order by body',
          [accountId, ids.map((id) => fromPublicId('message', id))]);
        expect(left).toEqual(bodies.map((body) => ({ body, claimed: false, pinned: false })));
        await expectSentOnceViaFallback({ a, accountId, fb, submitted }, ids, bodies);
      } finally {
        ctx.testHooks = undefined;
        ctx.now = realNow;
        await admin(primary, '/__admin/down', { down: false });
        await stopCarrierConnections(ctx);
        await a.client.patch(`/v1/provider-connections/${main.id}`, { enabled: false });
        await a.client.patch(`/v1/provider-connections/${fb.json().id}`, { enabled: false });
      }
    });

    it('an SMPP session that drops puts its connection in error (session-state hook) and back to connected once it is bound again', async () => {
      const { app, ctx } = env;
      const a = await signUp(app);
      const conn = await a.client.post('/v1/provider-connections', {
        kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
        settings: { host: '127.0.0.1', port: smsc.port, responseTimeoutMs: 2000, reconnectBaseMs: 400, reconnectMaxMs: 400 },
      });
      expect(conn.json().status, conn.body).toBe('connected');
      const id = conn.json().id as string;
      const row = async () => (await a.client.get(`/v1/provider-connections/${id}`)).json();
      await ensureSessions(ctx); // the worker starts (and leads) the session
      await waitFor('the session bound', async () => (await smsc.cmd('/summary')).bound.length > 0);
      await smsc.cmd('/drop');
      await waitFor('status error', async () => (await row()).status === 'error');
      expect((await row()).lastErrorAt).not.toBeNull();
      await waitFor('status connected', async () => (await row()).status === 'connected');
      await stopCarrierConnections(ctx);
    });

    it('validates the fallback: same account, not itself, no cycles; a fallback in use cannot be deleted', async () => {
      const { app } = env;
      await admin(primary, '/__admin/reset', { accounts: [{ sid: AC1, authToken: TOKEN }] });
      const a = await signUp(app);
      const other = await signUp(app);
      const [x, y, z] = [await connect(a, primary, AC1, 'X'), await connect(a, primary, AC1, 'Y'), await connect(a, primary, AC1, 'Z')];
      const foreign = await connect(other, primary, AC1, 'Foreign');
      const patch = (id: string, fallbackConnectionId: string | null) => a.client.patch(`/v1/provider-connections/${id}`, { fallbackConnectionId });
      const refused = async (r: Awaited<ReturnType<typeof patch>>, code: string) => {
        expect(r.statusCode, r.body).toBe(422);
        expect(r.json().error).toMatchObject({ code, details: { field: 'fallbackConnectionId' } });
      };
      await refused(await patch(x.id, x.id), 'fallback_is_self');
      await refused(await patch(x.id, foreign.id), 'fallback_not_found'); // another account's: as unknown
      await refused(await patch(x.id, 'connection_nope'), 'fallback_not_found');
      expect((await patch(x.id, y.id)).json().fallbackConnectionId).toBe(y.id);
      expect((await patch(y.id, z.id)).json().fallbackConnectionId).toBe(z.id);
      await refused(await patch(z.id, x.id), 'fallback_cycle'); // z → x → y → z
      await refused(await patch(y.id, x.id), 'fallback_cycle');
      const created = await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'W', credentials: { accountSid: AC1, authToken: TOKEN }, settings: { apiBaseUrl: primary.url }, fallbackConnectionId: foreign.id });
      expect(created.statusCode).toBe(422);
      expect((await a.client.get(`/v1/provider-connections/${x.id}`)).json().fallbackConnectionId).toBe(y.id);
      // Another account cannot name ours either, nor see it.
      expect((await other.client.patch(`/v1/provider-connections/${foreign.id}`, { fallbackConnectionId: x.id })).statusCode).toBe(422);
      // A connection others fail over to is not deleted from under them.
      const del = await a.client.delete(`/v1/provider-connections/${z.id}`);
      expect(del.statusCode).toBe(409);
      expect(del.json().error.code).toBe('connection_is_fallback');
      expect((await patch(y.id, null)).json().fallbackConnectionId).toBeNull();
      expect((await a.client.delete(`/v1/provider-connections/${z.id}`)).statusCode).toBe(204);
    });
  });
}
