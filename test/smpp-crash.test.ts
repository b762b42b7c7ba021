// Crash test over SMPP (carriers issue, acceptance 3), on both databases: the server (its worker binds
// an SMPP connection to the test SMSC, which runs in its own process) kills itself with SIGKILL at a
// chosen point — right after its first batch (a full bucket: MPS messages) was submitted and answered
// by the SMSC, before the answers were recorded (TEST_CRASH_AT=dispatch.submitted:1) — and is started again.
//
// The rule for SMPP (no idempotency key): at most once. The batch that was at the SMSC unrecorded is
// journaled (dispatch_handovers); after the restart its taken-over claims are not resubmitted but end
// failed with outcome_unknown. Everything else is sent after the restart. So: every message ends
// final, the SMSC received each message exactly once (none twice, none lost), and the messages ending
// outcome_unknown are exactly those of the batch in flight at the kill (≤ the sender's batch, here ≤ MPS).
import { describe, expect, it } from 'vitest';
import { operatorTokenOf, signedInOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase, perDbKind } from './harness.js';
import { run, serverEnv, stop, waitReady } from './proc.js';
import { startSmsc, waitFor } from './smsc-peer.js';

const N = 24;
/** The sender's throughput: a claim takes at most this many (the bucket holds one second of it). */
const MPS = 8;
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled'];

/** One per database kind: the two kinds run at once (each its own server process, port and data). */
const smscs = perDbKind(startSmsc);

describe.concurrent('SMPP dispatch survives a killed worker (at most once, each received once)', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL with a batch at the SMSC unrecorded, restart: all final, the SMSC received each message once, only that batch outcome_unknown`, async () => {
      const smsc = smscs.get(kind)!;
      await smsc.cmd('/reset');
      await smsc.cmd('/auto-receipts', { stat: 'DELIVRD' });
      const db = kind === 'postgres' ? await createTestDatabase() : null;
      const { port, base, env } = await serverEnv('scrash', db, { DISPATCH_CLAIM_MS: '1000', CARRIER_HOSTS_ALLOWED: '127.0.0.1', CARRIER_SESSIONS_CHECK_MS: '200' });
      let proc = run({ ...env, TEST_CRASH_AT: 'dispatch.submitted:1' });
      try {
        await waitReady(port, proc);
        const call = await signedInOverHttp(base, operatorTokenOf(env));
        const conn = await call('POST', '/v1/provider-connections', {
          kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
          settings: { host: '127.0.0.1', port: smsc.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000 },
        });
        expect(conn.status, JSON.stringify(conn.json)).toBe(201);
        const from = '+15125550188';
        const number = await call('POST', '/v1/numbers', { connectionId: conn.json.id, phoneNumber: from, mps: MPS });
        expect(number.status, JSON.stringify(number.json)).toBe(201);
        // A disabled connection holds its numbers' queue while it fills (and the sender's bucket fills up).
        expect((await call('PATCH', `/v1/provider-connections/${conn.json.id}`, { enabled: false })).json.status).toBe('disabled');
        const sent = await Promise.all(Array.from({ length: N }, (_, i) => call('POST', '/v1/messages', { from, to: `+1646555${String(1000 + i)}`, body: `Crash check ${i}` })));
        expect(sent.map((r) => r.status)).toEqual(Array(N).fill(201));
        expect((await call('PATCH', `/v1/provider-connections/${conn.json.id}`, { enabled: true })).status).toBe(200);

        await proc.exited; // the worker kills itself with its first batch at the SMSC, answered, unrecorded
        const atKill = await smsc.cmd('/summary');
        expect(atKill.submits).toBeGreaterThanOrEqual(1);
        expect(atKill.submits).toBeLessThanOrEqual(MPS);

        proc = run(env);
        await waitReady(port, proc);
        // Read through the API (PGlite is held by the server): every message's status and error code.
        const ids = sent.map((r) => r.json.id as string);
        const statuses = async () => Promise.all(ids.map(async (id) => (await call('GET', `/v1/messages/${id}`)).json as { status: string; errorCode: string | null }));
        const final = await waitFor('every message final', async () => { const all = await statuses(); return all.every((m) => FINAL.includes(m.status)) ? all : null; }, 60_000, 100)
          .catch((err) => { throw new Error(`${err.message}\n${proc.output().slice(-3000)}`); });
        expect(await stop(proc)).toBe(0);
        const counts: Record<string, number> = {};
        for (const m of final) {
          const k = m.status === 'failed' ? `failed:${m.errorCode}` : m.status;
          counts[k] = (counts[k] ?? 0) + 1;
        }
        const unknown = counts['failed:outcome_unknown'] ?? 0;
        console.log(`[${kind}] SMSC had ${atKill.submits} at the kill; after the restart: ${JSON.stringify(counts)}`);
        // Only the batch in flight at the kill has an unknown outcome: exactly what the SMSC had then (≤ MPS: a claim takes at most the bucket).
        expect(unknown).toBe(atKill.submits);
        expect(counts).toEqual({ delivered: N - unknown, 'failed:outcome_unknown': unknown });
        // The SMSC's ledger: every message received exactly once (the unknown ones too: they were at the SMSC).
        const ledger = await smsc.cmd('/ledger');
        const texts = (ledger.submits as Array<{ text: string }>).map((s) => s.text).sort();
        expect(texts).toEqual(Array.from({ length: N }, (_, i) => `Crash check ${i}`).sort());
        expect((await smsc.cmd('/summary')).duplicates).toEqual([]);
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await smsc.cmd('/auto-receipts', {});
        await db?.drop();
      }
    }, 240_000); // two server starts and every message final; on a loaded machine a start alone can take a minute
  }
});
