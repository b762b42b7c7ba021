import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { encodeBody } from '../src/lib/sms-encoding.js';
import { startSimulatorProcess } from '../src/providers/simulator/process.js';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { run, serverEnv, stop, waitReady } from './proc.js';
import { SIMULATOR_MAIN, nodeArgs } from './compiled.js';

const N = 100; // the kill comes after 20 are sent: most are still queued or claimed
/** The sending rate once the queue is filled: N takes about a second, so the kill lands mid-dispatch with room to spare. */
const MPS = 100;
const CLAIM_MS = 1000;
/** How long the restarted server may take to bring every message to a final status. */
const SETTLE_TIMEOUT_MS = Number(process.env.TEST_SETTLE_TIMEOUT_MS ?? 120_000);
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled', 'received'];

/**
 * Issue 8, acceptance 3 (over HTTP): the simulator runs in a process of its own (Twilio-shaped API,
 * its own ledger); the server is SIGKILLed mid-dispatch and restarted. A message whose submission
 * outcome the dead worker never recorded is sent again with the same Idempotency-Key (our id), so
 * the carrier counts it once; receipts the dead server could not take are delivered again later.
 */
// The two databases run at once (each its own server, simulator, port and data): most of the time is spent waiting on child processes.
describe.concurrent('dispatch survives a killed worker', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL mid-dispatch over HTTP, restart: every message final, the carrier received each once`, async () => {
      const [db, sim] = await Promise.all([kind === 'postgres' ? createTestDatabase() : null, startSimulatorProcess({ nodeArgs: nodeArgs(SIMULATOR_MAIN) })]);
      const { port, base, env } = await serverEnv('dcrash', db, {
        SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, CARRIER_HOSTS_ALLOWED: '127.0.0.1,localhost,::1',
        DISPATCH_CLAIM_MS: String(CLAIM_MS), // a killed worker's claims are taken over after this, not after the default 30 s
      });
      const t0 = Date.now();
      const mark = (what: string) => process.env.TEST_TRACE && console.log(`[${kind}] ${what} at ${Date.now() - t0} ms`);
      let proc = run(env);
      try {
        await waitReady(port, proc);
        mark('ready');
        const signup = await signUpOverHttp(base, operatorTokenOf(env));
        const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
        const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
        const call = (method: string, path: string, body?: unknown) =>
          fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
        const number = await (await call('POST', '/v1/numbers', { provider: 'simulator', mps: 0.01 })).json(); // hold the queue while filling it
        for (let i = 0; i < N; i += 50) {
          await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => call('POST', '/v1/messages', { to: `+1 646 55${String(i + k).padStart(5, '0').slice(0, 1)} ${String(1000 + ((i + k) % 9000)).slice(-4)}`.replace(/\s/g, ''), body: `Reminder ${i + k}` })));
        }
        mark('queued');
        await call('PATCH', `/v1/numbers/${number.id}`, { mps: MPS });
        // Progress as the carrier sees it (its ledger, in its own process): no load on the server under test.
        const ledger = () => sim.control.ledger();
        for (let i = 0; i < 400 && (await ledger()).messages.length < 20; i++) await new Promise((r) => setTimeout(r, 25));
        mark('kill');
        proc.child.kill('SIGKILL'); // mid-dispatch: some sent, some claimed, most queued
        await proc.exited;
        proc = run(env);
        await waitReady(port, proc);
        mark('restarted');
        // Claims of the dead process expire after DISPATCH_CLAIM_MS; wait until every message is final.
        const deadline = Date.now() + SETTLE_TIMEOUT_MS;
        // First until the carrier received every message and our webhook took every receipt (cheap to ask)…
        for (let l = await ledger(); (l.messages.length < N || l.pending > 0) && Date.now() < deadline; l = await ledger()) await new Promise((r) => setTimeout(r, 100));
        mark('ledger complete');
        // …then until every message is final in our database (a receipt may have waited for its message's resend).
        let open = await countOpen(db?.url ?? null, call);
        while (open > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          open = await countOpen(db?.url ?? null, call);
        }
        mark('all final');
        expect(open, 'messages still not final after the restart').toBe(0);
        // Metering (issue 13, billing): the segments metered equal the segments the carrier's ledger received — none lost
        // with the killed worker, none counted twice for its re-claimed batch (metering is written with the 'sent' transition).
        const carrierSegments = (await sim.control.ledger()).messages.reduce((sum, l) => sum + encodeBody(l.body).segments, 0);
        const usage = (await (await call('GET', '/v1/billing/usage')).json()) as { totals: { sms: number } };
        expect({ metered: usage.totals.sms }).toEqual({ metered: carrierSegments });
        // PGlite is held by the server process: its final state is read through the API before the stop (reopening the data folder costs more than the test).
        const viaApi = db ? null : await lastMessages(call);
        expect(await stop(proc)).toBe(0);
        mark('stopped');
        const q = db ? await pgQuery(db.url) : null;
        try {
          const notFinal = q ? await q(`select count(*) n from messages where status not in ('delivered', 'undelivered', 'failed', 'canceled', 'received')`) : viaApi!.filter((m) => !FINAL.includes(m.status)).length;
          const delivered = q ? await q(`select count(*) n from messages where direction = 'outbound' and status = 'delivered'`) : viaApi!.filter((m) => m.status === 'delivered').length;
          // The carrier's own ledger: one entry per message it received, by our id (the Idempotency-Key).
          const ledger = (await sim.control.ledger()).messages;
          const references = ledger.map((l) => l.reference ?? '').sort();
          expect({ notFinal, delivered, ledger: ledger.length, distinct: new Set(references).size }).toEqual({ notFinal: 0, delivered: N, ledger: N, distinct: N });
          // Each of our messages once, by its id (PostgreSQL: read directly) and by its text.
          if (q) expect(references).toEqual((await q.ids(`select id::text id from messages where direction = 'outbound'`)).sort());
          expect(ledger.map((l) => l.body).sort()).toEqual(Array.from({ length: N }, (_, i) => `Reminder ${i}`).sort());
          const resubmitted = ledger.filter((l) => l.submissions > 1).length;
          console.log(`[${kind}] messages resubmitted after the crash (same Idempotency-Key, counted once by the carrier): ${resubmitted}`);
        } finally {
          await q?.close();
        }
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await sim.stop();
        await db?.drop();
      }
    }, 240_000);
  }
});

type Call = (method: string, path: string) => Promise<Response>;

/** The last message of every conversation (each message here has its own), through the API. */
async function lastMessages(call: Call): Promise<Array<{ status: string }>> {
  const out: Array<{ status: string }> = [];
  let cursor: string | null = null;
  do {
    const page = (await (await call('GET', `/v1/conversations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { data: Array<{ lastMessage: { status: string } | null }>; nextCursor: string | null };
    for (const c of page.data) if (c.lastMessage) out.push(c.lastMessage);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Messages not yet final: counted in PostgreSQL directly; PGlite is held by the server process,
 * so there through the API.
 */
async function countOpen(pgUrl: string | null, call: Call): Promise<number> {
  if (pgUrl) {
    const q = await pgQuery(pgUrl);
    try {
      return await q(`select count(*) n from messages where status not in (${FINAL.map((s) => `'${s}'`).join(', ')})`);
    } finally {
      await q.close();
    }
  }
  return N - (await lastMessages(call)).filter((m) => FINAL.includes(m.status)).length;
}

type Q = ((sql: string) => Promise<number>) & { ids: (sql: string) => Promise<string[]>; close: () => Promise<void> };
async function pgQuery(url: string): Promise<Q> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return Object.assign(async (sql: string) => Number((await c.query(sql)).rows[0].n), {
    ids: async (sql: string) => (await c.query<{ id: string }>(sql)).rows.map((r) => r.id), close: () => c.end(),
  });
}
