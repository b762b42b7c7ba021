// Crash test over Twilio (carriers issue, acceptance 3), on both databases: the server sends through two Twilio
// connections to the Twilio-shaped peer (test/peers/twilio-server.ts, its own process); the peer takes every POST into
// its ledger and holds the answer (fault `accept_then_hang`), so the texts are at the carrier and our worker has no
// answer to record. The test SIGKILLs the server once the peer holds a POST of each connection — no timer decides
// where the kill lands — and starts it again.
//
// Twilio's Messages API takes no idempotency key. By default a connection is at most once, as SMPP: what may have been
// POSTed to the peer is listed in the hand-over journal (dispatch_handovers) and its taken-over claims end
// failed/outcome_unknown instead of being POSTed a second time; everything else is sent once. The journal lists a batch
// one concurrency window at a time (the at-most-once connection here POSTs 2 at once): the peer holds the first
// window's POSTs, so the batch's later texts were never POSTed — they are sent once after the restart, not failed. A connection with retryUnknownOutcome (the
// operator chose at-least-once) keeps resending: its texts held at the kill are POSTed again after the restart.
import { describe, expect, it } from 'vitest';
import { operatorTokenOf, signedInOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase, perDbKind } from './harness.js';
import { run, serverEnv, stop, waitReady } from './proc.js';
import { startTwilioPeer } from './peers/twilio-peer.js';
import { waitFor } from './smsc-peer.js';

/** Texts per connection; a claim takes at most MPS of them (the bucket holds one second of throughput). */
const N = 10;
const MPS = 8;
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled'];
const AC_ONCE = 'AC' + 'c1'.repeat(16);
const AC_RETRY = 'AC' + 'c2'.repeat(16);
const TOKEN = 'crash-peer-auth-token';
const FROM_ONCE = '+15125550161';
const FROM_RETRY = '+15125550162';
/** The at-most-once connection's POSTs in flight at once (Twilio setting `concurrency`): a claimed batch of MPS is several windows. */
const WINDOW = 2;

interface PeerSent { sid: string; from: string; to: string; body: string }

/** One per database kind: the two kinds run at once (each its own server process, port and data). */
const peers = perDbKind(startTwilioPeer);

describe.concurrent('Twilio dispatch survives a killed worker (at most once unless retryUnknownOutcome)', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL with POSTs at the peer unanswered, restart: all final, each text received at most once, the held ones outcome_unknown`, async () => {
      const peer = peers.get(kind)!;
      await peer.admin('/__admin/reset', { accounts: [
        { sid: AC_ONCE, authToken: TOKEN, numbers: [{ phoneNumber: FROM_ONCE }] },
        { sid: AC_RETRY, authToken: TOKEN, numbers: [{ phoneNumber: FROM_RETRY }] },
      ] });
      const db = kind === 'postgres' ? await createTestDatabase() : null;
      const { port, base, env } = await serverEnv('tcrash', db, { DISPATCH_CLAIM_MS: '1000', CARRIER_HOSTS_ALLOWED: '127.0.0.1' });
      let proc = run(env);
      try {
        await waitReady(port, proc);
        const call = await signedInOverHttp(base, operatorTokenOf(env));
        // The request timeout far above the test: the worker never gives up on a held POST before the kill.
        const connect = async (name: string, accountSid: string, from: string, settings: Record<string, unknown>) => {
          const conn = await call('POST', '/v1/provider-connections', { kind: 'twilio', name, credentials: { accountSid, authToken: TOKEN }, settings: { apiBaseUrl: peer.api, timeoutMs: 120_000, ...settings } });
          expect(conn.status, JSON.stringify(conn.json)).toBe(201);
          const number = await call('POST', '/v1/numbers', { connectionId: conn.json.id, phoneNumber: from, mps: MPS });
          expect(number.status, JSON.stringify(number.json)).toBe(201);
          // A disabled connection holds its numbers' queue while it fills (and the sender's bucket fills up).
          expect((await call('PATCH', `/v1/provider-connections/${conn.json.id}`, { enabled: false })).json.status).toBe('disabled');
          return conn.json.id as string;
        };
        const once = await connect('At most once', AC_ONCE, FROM_ONCE, { concurrency: WINDOW });
        const retry = await connect('Resends unknown outcomes', AC_RETRY, FROM_RETRY, { retryUnknownOutcome: true });
        const queue = (from: string, tag: string) => Promise.all(Array.from({ length: N }, (_, i) => call('POST', '/v1/messages', { from, to: `+1646555${String(1000 + i)}`, body: `${tag} ${i}` })));
        const [sentOnce, sentRetry] = [await queue(FROM_ONCE, 'Once'), await queue(FROM_RETRY, 'Retry')];
        expect([...sentOnce, ...sentRetry].map((r) => r.status)).toEqual(Array(2 * N).fill(201));

        // Every POST is taken into the peer's ledger and left unanswered until the worker is gone.
        await peer.admin('/__admin/faults', { rules: [{ kind: 'accept_then_hang', times: 1000 }] });
        for (const id of [once, retry]) expect((await call('PATCH', `/v1/provider-connections/${id}`, { enabled: true })).status).toBe(200);
        const held = await waitFor('a held POST of each connection at the peer', async () => {
          const l = (await peer.ledger()).messages as PeerSent[];
          return l.some((m) => m.from === FROM_ONCE) && l.some((m) => m.from === FROM_RETRY) ? l : null;
        }, 60_000);
        proc.child.kill('SIGKILL');
        await proc.exited;
        // The peer answers again; what it held at the kill is everything it has received so far (the worker is dead).
        await peer.admin('/__admin/faults', { rules: [] });
        const atKill = (await peer.ledger()).messages as PeerSent[];
        expect(atKill.length).toBeGreaterThanOrEqual(held.length);
        const heldSids = new Set(atKill.map((m) => m.sid));
        const heldOnce = atKill.filter((m) => m.from === FROM_ONCE).map((m) => m.body).sort();
        const heldRetry = atKill.filter((m) => m.from === FROM_RETRY).map((m) => m.body).sort();

        proc = run(env);
        await waitReady(port, proc);
        // Read through the API (PGlite is held by the server). Texts recorded sent get their delivered callback from the
        // peer (signed, as Twilio sends them); the held ones' sids were never recorded here.
        const ids = [...sentOnce, ...sentRetry].map((r) => r.json.id as string);
        const calledBack = new Set<string>();
        const statuses = async () => {
          for (const m of (await peer.ledger()).messages as PeerSent[]) {
            if (heldSids.has(m.sid) || calledBack.has(m.sid)) continue;
            calledBack.add(m.sid);
            await peer.admin('/__admin/callbacks', { sid: m.sid, statuses: ['delivered'] });
          }
          return Promise.all(ids.map(async (id) => (await call('GET', `/v1/messages/${id}`)).json as { body: string; from: string; status: string; errorCode: string | null }));
        };
        const final = await waitFor('every message final', async () => { const all = await statuses(); return all.every((m) => FINAL.includes(m.status)) ? all : null; }, 60_000, 100)
          .catch((err) => { throw new Error(`${err.message}\n${proc.output().slice(-3000)}`); });
        expect(await stop(proc)).toBe(0);

        const ledger = (await peer.ledger()).messages as PeerSent[];
        const received = (from: string) => {
          const n: Record<string, number> = {};
          for (const m of ledger.filter((x) => x.from === from)) n[m.body] = (n[m.body] ?? 0) + 1;
          return n;
        };
        const outcome = (from: string) => Object.fromEntries(final.filter((m) => m.from === from).map((m) => [m.body, m.status === 'failed' ? `failed:${m.errorCode}` : m.status]));
        console.log(`[${kind}] held at the kill: ${heldOnce.length} at most once, ${heldRetry.length} retryUnknownOutcome`);

        // At most once: no text received twice; the held ones end outcome_unknown, every other text was delivered once.
        const once_ = outcome(FROM_ONCE);
        expect(Object.entries(received(FROM_ONCE)).filter(([, n]) => n > 1), 'texts the peer received twice').toEqual([]);
        for (const body of heldOnce) expect(once_[body], body).toBe('failed:outcome_unknown');
        // Only the first window was POSTed before the kill (its answers held): the texts the dead worker had claimed but not
        // POSTed yet are sent by the takeover, each once — not failed outcome_unknown (a journal of the whole batch did that).
        expect(heldOnce.length).toBeLessThanOrEqual(WINDOW);
        for (const [body, s] of Object.entries(once_)) {
          expect(s, body).toBe(heldOnce.includes(body) ? 'failed:outcome_unknown' : 'delivered');
          expect(received(FROM_ONCE)[body] ?? 0, body).toBe(1);
        }
        expect(Object.keys(once_)).toHaveLength(N);

        // retryUnknownOutcome (today's at-least-once): the held texts were POSTed again after the restart, all delivered.
        const retry_ = outcome(FROM_RETRY);
        expect(Object.values(retry_)).toEqual(Array(N).fill('delivered'));
        const r = received(FROM_RETRY);
        for (let i = 0; i < N; i++) expect(r[`Retry ${i}`], `Retry ${i}`).toBe(heldRetry.includes(`Retry ${i}`) ? 2 : 1);
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await peer.admin('/__admin/faults', { rules: [] }).catch(() => undefined);
        await db?.drop();
      }
    }, 240_000);
  }
});
