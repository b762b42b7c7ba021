// `npm run bench campaign-crash` (issue 9, acceptance 2 at full size): a campaign to
// BENCH_CRASH_RECIPIENTS (default 50,000) contacts on PostgreSQL, the server (src/main.ts, its own
// process: API, fan-out job and dispatcher) SIGKILLed twice and restarted:
//  1. during the fan-out: it kills itself inside a fan-out batch's transaction (TEST_CRASH_AT=
//     campaign.batch:<a third of the batches>) while the dispatcher is already sending the
//     committed batches' texts;
//  2. during sending: SIGKILL from here once 40 % of the eligible texts were handed to the carrier;
//  3. restarted again, it finishes.
// The carrier is the HTTP simulator in its own process (Twilio-shaped, Idempotency-Key = our message
// id): its ledger counts what it received. Pass: every eligible recipient's number is in the ledger
// exactly once, no ineligible one (1 % of the contacts have no consent) is, and our database has one
// message per eligible recipient. Prints the counts; exits non-zero on a double or a miss.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSimulatorProcess, type SimulatorProcess } from '../src/providers/simulator/process.js';
import { signUpOverHttp } from '../test/factories.js';
import { insideZones, loadContacts } from './campaign.bench.js';
import { benchDatabase, freePort, postgresReachable, printTable, startServer, strays, writeResult, type Row, type Server } from './lib.js';

const N = Number(process.env.BENCH_CRASH_RECIPIENTS ?? 50_000);
const BATCH = Number(process.env.CAMPAIGN_BATCH_ROWS ?? 1000);
/** Share of the eligible texts at the carrier when the second kill comes. */
const KILL_AT = 0.4;
const TIMEOUT_MS = Number(process.env.BENCH_CRASH_TIMEOUT_MS ?? 1_800_000);
const STALE_MS = 2000;
const BODY = 'Hi {{first_name|there}}, our spring sale starts today: 20% off everything in store until Sunday. Reply STOP to opt out.';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, every = 250): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(every);
  }
}

const exited = (s: Server) => new Promise<string>((resolve) => {
  if (s.child.exitCode !== null || s.child.signalCode !== null) resolve(`code=${s.child.exitCode} signal=${s.child.signalCode}`);
  else s.child.once('exit', (code, signal) => resolve(`code=${code} signal=${signal}`));
});

export async function benchCampaignCrash() {
  const left = strays();
  if (left.length) console.warn(`warning: processes left over from earlier runs may skew the numbers:\n${left.join('\n')}`);
  if (!(await postgresReachable())) {
    console.log('campaign-crash: PostgreSQL is not reachable (BENCH_DATABASE_URL); skipped');
    return;
  }
  const loadAt: Record<string, string> = { start: load() };
  const db = await benchDatabase();
  const client = new pg.Client({ connectionString: db.url });
  let sim: SimulatorProcess | null = null;
  let server: Server | null = null;
  const rows: Row[] = [];
  const results: Record<string, unknown> = { contacts: N, batchRows: BATCH, loadAverage: loadAt };
  const one = async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows[0] as T;
  const failures: string[] = [];
  try {
    sim = await startSimulatorProcess();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      DATABASE_URL: db.url, SECRET_KEY: 'campaign-crash-bench-secret-key-0123456789', OPERATOR_TOKEN: 'campaign-crash-bench-operator-0123456789',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-ccrash-')), PUBLIC_URL: base, PORT: String(port), LOG_LEVEL: 'warn',
      SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, CARRIER_HOSTS_ALLOWED: '127.0.0.1,localhost,::1',
      JOB_STALE_AFTER_MS: String(STALE_MS), DISPATCH_CLAIM_MS: '3000', CAMPAIGN_BATCH_ROWS: String(BATCH),
    };
    const crashBatch = Math.max(2, Math.floor(Math.ceil(N / BATCH) / 3));
    server = await startServer('src/main.ts', { ...env, TEST_CRASH_AT: `campaign.batch:${crashBatch}` });
    const firstExit = exited(server);
    const cookies = (await signUpOverHttp(base, env.OPERATOR_TOKEN)).headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('wm_csrf='))?.split('=')[1] ?? '';
    const api = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const json = await r.json() as Record<string, unknown>;
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    };
    const number = await api('POST', '/v1/numbers', { provider: 'simulator', mps: 10_000 }) as { id: string; phoneNumber: string };
    await client.connect();
    const { id: accountId } = await one<{ id: string }>('select id from accounts');
    await loadContacts((text, params) => client.query(text, params), accountId, N, 'crash', insideZones());
    // 1 % without consent: skipped, must get nothing.
    await client.query(`update contacts set consent_state = 'unknown' where account_id = $1 and phone like '%00'`, [accountId]);
    const { eligible } = await one<{ eligible: number }>(`select count(*)::int eligible from contacts where account_id = $1 and consent_state = 'opted_in'`, [accountId]);
    const campaign = await api('POST', '/v1/campaigns', { name: 'Crash', from: number.id, body: BODY, audience: { tags: ['crash'] } }) as { id: string };
    loadAt.launch = load();
    await api('POST', `/v1/campaigns/${campaign.id}/launch`, {});
    const { id: campaignId } = await one<{ id: string }>('select id from campaigns');
    const progress = () => one<{ recipients: number; messages: number; sent: number; open: number; fanned: boolean }>(`select
        (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2) recipients,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2) messages,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2 and status not in ('accepted', 'scheduled', 'queued', 'sending')) sent,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2 and status in ('accepted', 'scheduled', 'queued', 'sending')) open,
        (select fanned_out_at is not null from campaigns where account_id = $1 and id = $2) fanned`, [accountId, campaignId]);
    const atCarrier = async () => (await sim!.control.ledger()).messages.filter((m) => m.from === number.phoneNumber).length;

    // 1. Killed inside a fan-out batch (by its crash point).
    const how1 = await firstExit;
    if (!/signal=SIGKILL/.test(how1)) throw new Error(`the server was to kill itself in fan-out batch ${crashBatch}; it exited ${how1}`);
    const p1 = await progress();
    const c1 = await atCarrier();
    rows.push({ phase: `1. SIGKILL inside fan-out batch ${crashBatch} (crash point)`, recipients: p1.recipients, 'messages queued': p1.messages, 'at the carrier': c1, 'fanned out': String(p1.fanned) });
    if (p1.recipients !== (crashBatch - 1) * BATCH) failures.push(`after the fan-out kill: ${p1.recipients} recipient rows, expected the ${crashBatch - 1} committed batches' ${(crashBatch - 1) * BATCH}`);
    await until('the fan-out to look stale', () => one<{ stale: boolean }>(`select updated_at < now() - make_interval(secs => $1) as stale from campaigns`, [STALE_MS / 1000]), (v) => v.stale);

    // 2. Restarted; killed from outside while sending.
    loadAt.restart1 = load();
    server = await startServer('src/main.ts', env);
    const killAt = Math.ceil(eligible * KILL_AT);
    // Watched in our database (cheap, often): texts recorded as handed over; the carrier has at least as many.
    const handedOver = async () => (await one<{ n: number }>(`select count(*)::int n from messages where account_id = $1 and campaign_id = $2
      and status not in ('accepted', 'scheduled', 'queued', 'sending')`, [accountId, campaignId])).n;
    await until(`${killAt} texts handed over`, handedOver, (n) => n >= killAt, 100);
    server.child.kill('SIGKILL');
    await exited(server);
    const p2 = await progress();
    const c2 = await atCarrier();
    rows.push({ phase: `2. restarted, SIGKILL while sending (≥ ${Math.round(KILL_AT * 100)} % at the carrier)`, recipients: p2.recipients, 'messages queued': p2.messages, 'at the carrier': c2, 'fanned out': String(p2.fanned) });

    // 3. Restarted; runs to the end.
    loadAt.restart2 = load();
    const t3 = performance.now();
    server = await startServer('src/main.ts', env);
    const p3 = await until('every eligible text handed over', progress, (p) => p.fanned && p.messages >= eligible && p.open === 0, 1000);
    await until('the carrier ledger to hold every text', atCarrier, (n) => n >= eligible, 1000);
    const seconds3 = (performance.now() - t3) / 1000;
    await server.stop();
    server = null;

    // The carrier's count, per recipient number.
    const ledger = (await sim.control.ledger()).messages.filter((m) => m.from === number.phoneNumber);
    const perPhone = new Map<string, number>();
    for (const m of ledger) perPhone.set(m.to, (perPhone.get(m.to) ?? 0) + 1);
    const eligiblePhones = (await client.query<{ phone: string }>(`select phone from contacts where account_id = $1 and consent_state = 'opted_in'`, [accountId])).rows.map((r) => r.phone);
    const eligibleSet = new Set(eligiblePhones);
    const missed = eligiblePhones.filter((p) => !perPhone.has(p)).length;
    const doubled = [...perPhone.values()].filter((n) => n > 1).length;
    const unexpected = [...perPhone.keys()].filter((p) => !eligibleSet.has(p)).length;
    const resubmitted = ledger.filter((m) => m.submissions > 1).length;
    const dbCheck = await one<{ recipients: number; queued: number; skipped: number; messages: number; contacts: number; no_message: number; delivered: number; failed: number }>(`select
        (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2) recipients,
        (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'queued') queued,
        (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'skipped') skipped,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2) messages,
        (select count(distinct contact_id)::int from messages where account_id = $1 and campaign_id = $2) contacts,
        (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'queued' and message_id is null) no_message,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2 and status = 'delivered') delivered,
        (select count(*)::int from messages where account_id = $1 and campaign_id = $2 and status in ('failed', 'undelivered')) failed`, [accountId, campaignId]);
    rows.push({ phase: `3. restarted, ran to the end (${seconds3.toFixed(0)} s)`, recipients: p3.recipients, 'messages queued': p3.messages, 'at the carrier': ledger.length, 'fanned out': String(p3.fanned) });
    if (missed) failures.push(`${missed} eligible recipients got no text`);
    if (doubled) failures.push(`${doubled} recipients got more than one text`);
    if (unexpected) failures.push(`${unexpected} texts to numbers that were not eligible`);
    if (dbCheck.recipients !== N || dbCheck.queued !== eligible || dbCheck.messages !== eligible || dbCheck.contacts !== eligible || dbCheck.no_message) {
      failures.push(`database: ${JSON.stringify(dbCheck)} for ${N} contacts, ${eligible} eligible`);
    }
    results.check = { eligible, atCarrier: ledger.length, distinctNumbers: perPhone.size, missed, doubled, unexpected, resubmittedWithSameKey: resubmitted, database: dbCheck, pass: failures.length === 0 };
    rows.push({ phase: 'check', recipients: `${eligible} eligible, ${dbCheck.skipped} skipped`, 'messages queued': `${dbCheck.messages} (one per recipient: ${dbCheck.contacts === dbCheck.messages})`,
      'at the carrier': `${perPhone.size} numbers; missed ${missed}, doubled ${doubled}, not eligible ${unexpected}; ${resubmitted} resent with the same key (counted once)`, 'fanned out': failures.length ? 'FAIL' : 'PASS' });
    loadAt.end = load();
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await client.end().catch(() => undefined);
    await sim?.stop();
    await db.drop();
  }
  printTable(`Campaign crash test on PostgreSQL, ${N.toLocaleString('en')} contacts (load average 1/5/15 min: ${Object.entries(loadAt).map(([k, v]) => `${k} ${v}`).join('; ')})`, rows);
  writeResult('campaign-crash', { table: rows, results, failures });
  if (failures.length) throw new Error(`campaign-crash FAILED:\n${failures.join('\n')}`);
  console.log('campaign-crash: PASS');
}
