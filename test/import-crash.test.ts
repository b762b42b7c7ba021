import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { csvString, expectedUnique } from '../bench/csv-gen.js';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { run, serverEnv, stop, waitReady, type Proc } from './proc.js';

const ROWS = 1200;
const BATCH = 200; // six batches; the process kills itself inside the third (TEST_CRASH_AT), two committed
const STALE_MS = 1000;

async function api(base: string, cookies: string[], method: string, path: string, body?: BodyInit, type = 'application/json') {
  const csrf = cookies.find((c) => c.startsWith('wm_csrf='))?.split('=')[1] ?? '';
  const r = await fetch(`${base}${path}`, { method, body, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, ...(type ? { 'content-type': type } : {}) } });
  return r;
}

async function poll(base: string, cookies: string[], id: string, until: (s: { status: string; processed: number; total: number | null }) => boolean, proc: Proc, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await (await api(base, cookies, 'GET', `/v1/imports/${id}`)).json();
    if (until(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(s)}\n${proc.output().slice(-3000)}`);
    if (['completed', 'failed', 'canceled'].includes(s.status)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the import's last heartbeat is older than the configured JOB_STALE_AFTER_MS. */
async function waitUntilStale(url: string, id: string, timeoutMs = 30_000) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await c.query(`select heartbeat_at < now() - make_interval(secs => $1) as stale from imports where status = 'running'`, [STALE_MS / 1000]);
      if (rows.length === 1 && rows[0].stale) return;
      if (Date.now() > deadline) throw new Error(`import ${id} never went stale: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await c.end();
  }
}

/** Runs queries on the server's database while no server holds it (PGlite) or beside it (PostgreSQL). */
async function inDatabase<T>(pgUrl: string | null, pgliteDir: string, f: (q: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      return await f(async (sql) => (await c.query(sql)).rows[0]?.n);
    } finally {
      await c.end();
    }
  }
  const { openPglite } = await import('../src/db/client.js');
  const p = await openPglite(pgliteDir);
  try {
    return await f(async (sql) => (await p.query<{ n: unknown }>(sql)).rows[0]?.n);
  } finally {
    await p.close();
  }
}

// The two databases run at once (each its own server process, port and data): the time is spent waiting on them.
describe.concurrent('an import survives a killed process', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL mid-import, restart: every row of the file exactly once`, async () => {
      const db = kind === 'postgres' ? await createTestDatabase() : null;
      const { port, base, env } = await serverEnv('crash', db, { JOB_STALE_AFTER_MS: String(STALE_MS), IMPORT_BATCH_ROWS: String(BATCH) });
      let proc = run({ ...env, TEST_CRASH_AT: 'import.batch:3' });
      try {
        await waitReady(port, proc);
        const signup = await signUpOverHttp(base, operatorTokenOf(env));
        const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
        const fd = new FormData();
        fd.append('options', JSON.stringify({ consent: { basis: 'consented', description: 'Crash test list' } }));
        fd.append('file', new Blob([csvString(ROWS)]), 'big.csv');
        const created = await api(base, cookies, 'POST', '/v1/imports', fd, '');
        expect(created.status).toBe(202);
        const { id } = await created.json();
        // The server kills itself (SIGKILL) inside the third batch's transaction: rows written, not committed.
        expect(await proc.exited, proc.output().slice(-2000)).toBeNull();
        expect(proc.output()).toMatch(/signal=SIGKILL/);
        const atCrash = await inDatabase(db?.url ?? null, join(env.DATA_DIR, 'pglite'), async (q) => ({
          status: await q(`select status n from imports`), processed: Number(await q('select processed n from imports')), contacts: Number(await q('select count(*) n from contacts')),
        }));
        expect(atCrash).toMatchObject({ status: 'running', processed: 2 * BATCH });
        expect(atCrash.contacts).toBeLessThan(2 * BATCH); // what the third batch wrote died with its transaction
        // PostgreSQL: the restarted worker resumes imports whose heartbeat is older than
        // JOB_STALE_AFTER_MS at start (else only at the next minute's watchdog), so wait for that.
        // PGlite has one process: it resumes a running import at start whatever its heartbeat.
        if (db) await waitUntilStale(db.url, id);
        proc = run(env);
        await waitReady(port, proc);
        const done = await poll(base, cookies, id, (s) => s.status === 'completed', proc);
        const unique = expectedUnique(ROWS);
        expect(done).toMatchObject({ status: 'completed', total: ROWS, processed: ROWS, inserted: unique, failed: ROWS * 0.02, skipped: ROWS - unique - ROWS * 0.02 });
        const errors = (await (await api(base, cookies, 'GET', `/v1/imports/${id}/errors.csv`)).text()).trim().split('\n').length - 1;
        expect(errors).toBe(ROWS - unique); // each bad or duplicate row reported once
        await stop(proc);
        // Count in the database itself: contacts and their opt-in evidence, once each.
        const counts = await inDatabase(db?.url ?? null, join(env.DATA_DIR, 'pglite'), async (q) => ({
          contacts: Number(await q('select count(*) n from contacts')),
          distinctPhones: Number(await q('select count(distinct phone) n from contacts')),
          optIns: Number(await q(`select count(*) n from consent_events where kind = 'opt_in'`)),
        }));
        expect(counts).toEqual({ contacts: unique, distinctPhones: unique, optIns: unique });
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await db?.drop();
      }
    }, 240_000);
  }
});
