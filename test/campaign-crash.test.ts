/**
 * Issue 9, acceptance 2 (small N; `npm run bench campaign-crash` runs it at 50,000): the server is
 * SIGKILLed inside a fan-out batch's transaction (TEST_CRASH_AT=campaign.batch:3) and restarted;
 * the fan-out resumes from its checkpoint. The restarted server is SIGKILLed again while sending,
 * right after a batch reached the carrier with its answers unrecorded (dispatch.submitted:1), and
 * restarted once more: it resends that batch under the same Idempotency-Key. The carrier (the
 * simulator in its own process, in the recipients' waking hours) counts what it received: every
 * eligible recipient exactly one text, and our database one message each.
 */
import { DateTime } from 'luxon';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { csvString } from '../bench/csv-gen.js';
import { startSimulatorProcess } from '../src/providers/simulator/process.js';
import { SIMULATOR_MAIN, nodeArgs } from './compiled.js';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { run, serverEnv, stop, waitReady, type Proc } from './proc.js';

const ROWS = 300;
const BATCH = 40; // the process kills itself inside the third batch: two committed
const STALE_MS = 1000;

/** A zone where it is now well inside every sending window (the texts go at once). */
const insideZone = () => ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/London']
  .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 19; })!;
/** The list with every contact in `zone` (a timezone column). */
const inZone = (csv: string, zone: string) => csv.split('\n').map((l, i) => (!l ? l : i === 0 ? `${l},timezone` : `${l},${zone}`)).join('\n');

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
    it(`[${kind}] SIGKILL mid-fan-out and mid-sending, restarts: each eligible recipient exactly one text at the carrier`, async () => {
      const [db, sim] = await Promise.all([kind === 'postgres' ? createTestDatabase() : null, startSimulatorProcess({ nodeArgs: nodeArgs(SIMULATOR_MAIN) })]);
      const { port, base, env } = await serverEnv('crash', db, {
        JOB_STALE_AFTER_MS: String(STALE_MS), CAMPAIGN_BATCH_ROWS: String(BATCH),
        SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, CARRIER_HOSTS_ALLOWED: '127.0.0.1,localhost,::1',
        DISPATCH_CLAIM_MS: '1000', // the killed sender's claims are taken over after this
      });
      let proc = run({ ...env, TEST_CRASH_AT: 'campaign.batch:3' });
      try {
        await waitReady(port, proc);
        const cookies = (await signUpOverHttp(base, operatorTokenOf(env))).headers.getSetCookie().map((c) => c.split(';')[0]);
        const number = await (await api(base, cookies, 'POST', '/v1/numbers', JSON.stringify({ provider: 'simulator', mps: 1000 }))).json();
        expect(number.phoneNumber).toBeTruthy();
        const fd = new FormData();
        fd.append('options', JSON.stringify({ consent: { basis: 'consented', description: 'Crash test list' } }));
        fd.append('file', new Blob([inZone(csvString(ROWS), insideZone())]), 'list.csv');
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
        // The third batch died with its transaction: whole batches only. One loop: the two before it committed; PostgreSQL's
        // parallel fan-out (two parts at once): the other part's batch in flight died with it when it had not committed yet.
        expect(atCrash % BATCH, `${atCrash} rows`).toBe(0);
        expect(atCrash).toBeGreaterThanOrEqual(db ? BATCH : 2 * BATCH);
        expect(atCrash).toBeLessThanOrEqual(2 * BATCH);
        const stale = async () => {
          if (db) await poll(async () => (await inDatabase(db.url, '', (q) => q(`select updated_at < now() - interval '1 second' as stale from campaigns`)))[0].stale, (s) => s === true, proc);
        };
        await stale();
        // Restarted: it resumes the fan-out and dies again right after its first batch reached the carrier (answers unrecorded).
        proc = run({ ...env, TEST_CRASH_AT: 'dispatch.submitted:1' });
        expect(await proc.exited, proc.output().slice(-2000)).toBeNull();
        expect(proc.output()).toMatch(/signal=SIGKILL/);
        const sentAtCrash = (await sim.control.ledger()).messages.length;
        expect(sentAtCrash).toBeGreaterThan(0);
        await stale();
        proc = run(env);
        await waitReady(port, proc);
        const done = await poll(async () => (await api(base, cookies, 'GET', `/v1/campaigns/${c.id}`)).json(), (x) => x.progress.fannedOut && x.stats.queued === 0, proc);
        expect(done.stats.recipients).toBe(count.matched);
        // The carrier's own count (its ledger, in its process).
        const ledger = await poll(async () => (await sim.control.ledger()).messages, (m) => m.length >= count.eligible, proc);
        await stop(proc);
        const r = await inDatabase(db?.url ?? null, join(env.DATA_DIR, 'pglite'), async (q) => (await q(`select
          (select count(*)::int from messages where campaign_id is not null) as messages,
          (select count(distinct contact_id)::int from messages where campaign_id is not null) as contacts,
          (select count(*)::int from campaign_recipients where status = 'queued') as queued,
          (select count(*)::int from campaign_recipients where status = 'queued' and message_id is null) as without_message,
          (select array_agg(c.phone order by c.phone) from campaign_recipients r join contacts c on c.account_id = r.account_id and c.id = r.contact_id
            where r.status = 'queued') as phones`))[0]);
        expect(r).toMatchObject({ messages: count.eligible, contacts: count.eligible, queued: count.eligible, without_message: 0 });
        expect(ledger.every((m) => m.from === number.phoneNumber)).toBe(true);
        expect(ledger.map((m) => m.to).sort()).toEqual([...(r.phones as string[])].sort()); // each eligible recipient once, nobody else
        expect(ledger.some((m) => m.submissions > 1)).toBe(true); // the batch the killed sender never recorded went again, counted once
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await Promise.all([db?.drop(), sim.stop()]);
      }
    }, 180_000);
  }
});
