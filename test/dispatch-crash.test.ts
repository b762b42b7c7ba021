import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../src/db/client.js';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { seedPgliteDir } from './db-snapshot.js';
import { freePort, run, stop, waitReady } from './proc.js';

const N = 400; // the kill comes after 20 are sent: most are still queued or claimed
const CLAIM_MS = 2000;
/** How long the restarted server may take to bring every message to a final status. */
const SETTLE_TIMEOUT_MS = Number(process.env.TEST_SETTLE_TIMEOUT_MS ?? 120_000);
const FINAL = ['delivered', 'undelivered', 'failed', 'canceled', 'received'];

describe('dispatch survives a killed worker', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL mid-dispatch, restart: every message final, the carrier received each once`, async () => {
      const db = kind === 'postgres' ? await createTestDatabase() : null;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-dcrash-')), PUBLIC_URL: base, LOG_LEVEL: 'warn',
        DISPATCH_CLAIM_MS: String(CLAIM_MS), // a killed worker's claims are taken over after this, not after the default 30 s
        ...(db ? { DATABASE_URL: db.url, SECRET_KEY: 'dcrash-test-secret-key-0123456789abcdef', OPERATOR_TOKEN: 'dcrash-test-operator-token-012345' } : {}),
      };
      if (!db) await seedPgliteDir(join(env.DATA_DIR, 'pglite')); // start from the run's migrated snapshot, as PostgreSQL starts from its template
      let proc = run(env);
      try {
        await waitReady(port, proc);
        const signup = await signUpOverHttp(base, operatorTokenOf(env));
        const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
        const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
        const call = (method: string, path: string, body?: unknown) =>
          fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
        const number = await (await call('POST', '/v1/numbers', { provider: 'simulator', mps: 0.01 })).json(); // hold the queue while filling it
        for (let i = 0; i < N; i += 50) {
          await Promise.all(Array.from({ length: 50 }, (_, k) => call('POST', '/v1/messages', { to: `+1 646 55${String(i + k).padStart(5, '0').slice(0, 1)} ${String(1000 + ((i + k) % 9000)).slice(-4)}`.replace(/\s/g, ''), body: `Reminder ${i + k}` })));
        }
        await call('PATCH', `/v1/numbers/${number.id}`, { mps: 400 });
        const progress = async () => {
          const r = await (await call('GET', '/v1/conversations?limit=200')).json();
          return (r.data as Array<{ lastMessage: { status: string } | null }>).filter((c) => c.lastMessage && ['sent', 'delivered'].includes(c.lastMessage.status)).length;
        };
        for (let i = 0; i < 200 && (await progress()) < 20; i++) await new Promise((r) => setTimeout(r, 25));
        proc.child.kill('SIGKILL'); // mid-dispatch: some sent, some claimed, most queued
        await proc.exited;
        proc = run(env);
        await waitReady(port, proc);
        // Claims of the dead process expire after DISPATCH_CLAIM_MS; wait until every message is final.
        const deadline = Date.now() + SETTLE_TIMEOUT_MS;
        let open = await countOpen(db?.url ?? null, call);
        while (open > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          open = await countOpen(db?.url ?? null, call);
        }
        expect(open, 'messages still not final after the restart').toBe(0);
        expect(await stop(proc)).toBe(0);
        const q = db ? await pgQuery(db.url) : await pgliteQuery(join(env.DATA_DIR, 'pglite'));
        try {
          const notFinal = await q(`select count(*) n from messages where status not in ('delivered', 'undelivered', 'failed', 'canceled', 'received')`);
          const delivered = await q(`select count(*) n from messages where direction = 'outbound' and status = 'delivered'`);
          const ledger = await q(`select count(*) n from simulator_messages`);
          const orphans = await q(`select count(*) n from simulator_messages s where not exists (select 1 from messages m where m.id::text = s.reference)`);
          const resubmitted = await q(`select count(*) n from simulator_messages where submissions > 1`);
          expect({ notFinal, delivered, ledger, orphans }).toEqual({ notFinal: 0, delivered: N, ledger: N, orphans: 0 });
          console.log(`[${kind}] messages resubmitted after the crash (same reference, deduplicated by the carrier): ${resubmitted}`);
        } finally {
          await q.close();
        }
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await db?.drop();
      }
    }, 240_000);
  }
});

type Call = (method: string, path: string) => Promise<Response>;

/**
 * Messages not yet final: counted in PostgreSQL directly; PGlite is held by the server process,
 * so there through the API (each message has its own conversation, whose last message it is).
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
  const final = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = (await (await call('GET', `/v1/conversations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { data: Array<{ id: string; lastMessage: { status: string } | null }>; nextCursor: string | null };
    for (const c of page.data) if (c.lastMessage && FINAL.includes(c.lastMessage.status)) final.add(c.id);
    cursor = page.nextCursor;
  } while (cursor);
  return N - final.size;
}

type Q = ((sql: string) => Promise<number>) & { close: () => Promise<void> };
async function pgQuery(url: string): Promise<Q> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return Object.assign(async (sql: string) => Number((await c.query(sql)).rows[0].n), { close: () => c.end() });
}
async function pgliteQuery(dir: string): Promise<Q> {
  const p = await openPglite(dir);
  return Object.assign(async (sql: string) => Number((await p.query<{ n: number }>(sql)).rows[0].n), { close: () => p.close() });
}
