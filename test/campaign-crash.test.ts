/**
 * Issue 9, acceptance 2 (fan-out part, small N): the server is SIGKILLed inside a fan-out batch's
 * transaction (TEST_CRASH_AT=campaign.batch:3) and restarted; the fan-out resumes from its
 * checkpoint and every eligible recipient has exactly one message.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { csvString } from '../bench/csv-gen.js';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { seedPgliteDir } from './db-snapshot.js';
import { freePort, run, stop, waitReady, type Proc } from './proc.js';

const ROWS = 300;
const BATCH = 40; // the process kills itself inside the third batch: two committed
const STALE_MS = 1000;

async function api(base: string, cookies: string[], method: string, path: string, body?: BodyInit, type = 'application/json') {
  const csrf = cookies.find((c) => c.startsWith('wm_csrf='))?.split('=')[1] ?? '';
  return fetch(`${base}${path}`, { method, body, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, ...(type ? { 'content-type': type } : {}) } });
}

async function poll<T>(f: () => Promise<T>, until: (v: T) => boolean, proc: Proc, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (until(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(v)}\n${proc.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function inDatabase<T>(pgUrl: string | null, pgliteDir: string, f: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      return await f(async (sql) => (await c.query(sql)).rows);
    } finally {
      await c.end();
    }
  }
  const { openPglite } = await import('../src/db/client.js');
  const p = await openPglite(pgliteDir);
  try {
    return await f(async (sql) => (await p.query<Record<string, unknown>>(sql)).rows);
  } finally {
    await p.close();
  }
}

describe('a campaign fan-out survives a killed process', () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] SIGKILL mid-fan-out, restart: each eligible recipient exactly one message`, async () => {
      const db = kind === 'postgres' ? await createTestDatabase() : null;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-crash-')), PUBLIC_URL: base, LOG_LEVEL: 'warn',
        JOB_STALE_AFTER_MS: String(STALE_MS), CAMPAIGN_BATCH_ROWS: String(BATCH),
        ...(db ? { DATABASE_URL: db.url, SECRET_KEY: 'crash-test-secret-key-0123456789abcdef', OPERATOR_TOKEN: 'crash-test-operator-token-012345' } : {}),
      };
      if (!db) await seedPgliteDir(join(env.DATA_DIR, 'pglite'));
      let proc = run({ ...env, TEST_CRASH_AT: 'campaign.batch:3' });
      try {
        await waitReady(port, proc);
        const cookies = (await signUpOverHttp(base, operatorTokenOf(env))).headers.getSetCookie().map((c) => c.split(';')[0]);
        expect((await api(base, cookies, 'POST', '/v1/numbers', JSON.stringify({ provider: 'simulator' }))).status).toBe(201);
        const fd = new FormData();
        fd.append('options', JSON.stringify({ consent: { basis: 'consented', description: 'Crash test list' } }));
        fd.append('file', new Blob([csvString(ROWS)]), 'list.csv');
        const { id: importId } = await (await api(base, cookies, 'POST', '/v1/imports', fd, '')).json();
        await poll(async () => (await (await api(base, cookies, 'GET', `/v1/imports/${importId}`)).json()).status, (s) => s === 'completed', proc);
        const audience = { importIds: [importId] };
        const count = await (await api(base, cookies, 'POST', '/v1/campaigns/audience/count', JSON.stringify({ audience }))).json();
        expect(count.matched).toBeGreaterThan(3 * BATCH);
        const c = await (await api(base, cookies, 'POST', '/v1/campaigns', JSON.stringify({ name: 'Crash', body: 'Hi {{first_name|there}}', audience }))).json();
        expect((await api(base, cookies, 'POST', `/v1/campaigns/${c.id}/launch`, '{}')).status).toBe(202);
        expect(await proc.exited, proc.output().slice(-2000)).toBeNull();
        expect(proc.output()).toMatch(/signal=SIGKILL/);
        const atCrash = await inDatabase(db?.url ?? null, join(env.DATA_DIR, 'pglite'), async (q) => Number((await q('select count(*)::int n from campaign_recipients'))[0].n));
        expect(atCrash).toBe(2 * BATCH); // the third batch died with its transaction
        if (db) await poll(async () => (await inDatabase(db.url, '', (q) => q(`select updated_at < now() - interval '1 second' as stale from campaigns`)))[0].stale, (s) => s === true, proc);
        proc = run(env);
        await waitReady(port, proc);
        const done = await poll(async () => (await api(base, cookies, 'GET', `/v1/campaigns/${c.id}`)).json(), (x) => x.progress.fannedOut, proc);
        expect(done.stats.recipients).toBe(count.matched);
        await stop(proc);
        const r = await inDatabase(db?.url ?? null, join(env.DATA_DIR, 'pglite'), async (q) => (await q(`select
          (select count(*)::int from messages where campaign_id is not null) as messages,
          (select count(distinct contact_id)::int from messages where campaign_id is not null) as contacts,
          (select count(*)::int from campaign_recipients where status = 'queued') as queued,
          (select count(*)::int from campaign_recipients where status = 'queued' and message_id is null) as without_message`))[0]);
        expect(r).toEqual({ messages: count.eligible, contacts: count.eligible, queued: count.eligible, without_message: 0 });
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await db?.drop();
      }
    }, 180_000);
  }
});
