// `npm run bench dispatch`: 100,000 queued messages dispatched to a carrier in another process until
// all are `delivered`, on PostgreSQL, beside the raw SKIP LOCKED claim+mark of the same rows in the
// same run (the result is a ratio), with the row writes per message counted from pg_stat_user_tables.
//
// Carriers, each in its own process: the SMPP SMSC of the tests (test/peers/smsc.ts, a DELIVRD
// receipt after every accepted submit_sm) and the HTTP simulator (src/providers/simulator, Twilio-shaped,
// no latency, a signed status callback per message to our webhook: the app listens for it).
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { fromPublicId } from '../src/lib/ids.js';
import { startSimulatorProcess, type SimulatorProcess } from '../src/providers/simulator/process.js';
import { startServices } from '../src/server.js';
import { testConfig } from '../test/harness.js';
import { signUp } from '../test/factories.js';
import { benchDatabase, cpuSeconds, freePort, postgresReachable, printTable, productModules, startPeer, startPgSampler, startProfile, strays, tableWrites, writeResult, writesDelta, type Peer, type Row, type TableWrites } from './lib.js';

const N = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 100_000);
/** The HTTP carrier run (one request per message each way: slower; BENCH_HTTP_MESSAGES to shorten it). */
const HTTP_N = Number(process.env.BENCH_HTTP_MESSAGES ?? N);
/** SMPP window (in-flight submit_sm) of the bench's connection. */
const WINDOW = Number(process.env.BENCH_SMPP_WINDOW ?? 500);
/** The measured worker's tuning knobs, when set in the bench's environment (DISPATCH_CONCURRENCY, DISPATCH_BATCH). */
const workerEnv = (): Record<string, string> => Object.fromEntries(['DISPATCH_CONCURRENCY', 'DISPATCH_BATCH'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
/**
 * Statements sent to PostgreSQL by this process (every pg client's query calls: the product's
 * compiled build and the bench load the same `pg`); the bench's own polling is counted apart.
 */
const statements = { n: 0 };
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements.n++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Sender { accountId: string; numberId: string; from: string }

/** An account with one SMPP connection to the SMSC and one high-throughput number on it. */
async function smppSender(ctx: Ctx, smsc: Peer): Promise<Sender> {
  const app = await buildApp(ctx, { logger: false });
  try {
    const a = await signUp(app);
    const conn = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: smsc.port, window: WINDOW, enquireLinkMs: 60_000 },
    });
    if (conn.statusCode !== 201) throw new Error(`connection: ${conn.statusCode} ${conn.body}`);
    const from = '+15125550199';
    const num = await a.client.post('/v1/numbers', { connectionId: conn.json().id, phoneNumber: from, mps: 100_000 });
    if (num.statusCode !== 201) throw new Error(`number: ${num.statusCode} ${num.body}`);
    return { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', num.json().id)!, from };
  } finally {
    await app.close();
  }
}

/** An account with a number on the simulator (provisioned through its simulator connection). */
async function simulatorSender(ctx: Ctx): Promise<Sender> {
  const app = await buildApp(ctx, { logger: false });
  try {
    const a = await signUp(app);
    const num = await a.client.post('/v1/numbers', { provider: 'simulator', mps: 100_000 });
    if (num.statusCode !== 201) throw new Error(`number: ${num.statusCode} ${num.body}`);
    return { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', num.json().id)!, from: num.json().phoneNumber };
  } finally {
    await app.close();
  }
}

/** Queues n messages on the sender, straight into the table (what the send API leaves behind, without its events). */
async function queue(ctx: Ctx, s: Sender, provider: string, n: number) {
  await ctx.database.query(
    `insert into messages (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, next_attempt_at, provider)
     select gen_random_uuid(), $1, $2, 'outbound', 'conversational', $3, '+1646' || lpad(g::text, 7, '0'), 'Your code is ' || g, 'GSM-7', 1, 'queued', now(), $5
     from generate_series(1, $4::int) g`,
    [s.accountId, s.numberId, s.from, n, provider],
  );
  await ctx.database.query('analyze messages');
}

/**
 * The raw limit: claim a batch with SKIP LOCKED and mark it, on a copy of the same queued rows (same
 * table shape and indexes) — the account's, or with `campaign` the first `n` of that campaign's.
 */
export async function rawClaim(ctx: Ctx, s: Pick<Sender, 'accountId' | 'numberId'>, campaign?: { id: string; n: number }) {
  await ctx.database.exec(`drop table if exists raw_q; create table raw_q (like messages including all);`);
  if (campaign) {
    await ctx.database.query(`insert into raw_q select * from messages where account_id = $1 and campaign_id = $2 and status = 'queued' limit $3`, [s.accountId, campaign.id, campaign.n]);
  } else {
    await ctx.database.query(`insert into raw_q select * from messages where account_id = $1 and status = 'queued'`, [s.accountId]);
  }
  await ctx.database.query('analyze raw_q');
  let n = 0;
  const t = performance.now();
  for (;;) {
    const { rows } = await ctx.database.query(
      `with c as (select id from raw_q where account_id = $1 and number_id = $2 and status = 'queued' and next_attempt_at <= now()
                  order by next_attempt_at limit 500 for update skip locked)
       update raw_q q set status = 'sent' from c where q.account_id = $1 and q.id = c.id returning q.id`,
      [s.accountId, s.numberId],
    );
    if (!rows.length) break;
    n += rows.length;
  }
  const rate = Math.round(n / ((performance.now() - t) / 1000));
  await ctx.database.exec('drop table raw_q');
  return rate;
}

/**
 * Table counters once every backend that wrote has flushed them: a backend flushes at exit, so the
 * measured phase runs on its own services (own pool) that are closed before the reading.
 */
export async function settledWrites(url: string): Promise<TableWrites> {
  let last = await tableWrites(url);
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    const now = await tableWrites(url);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** The services of one phase (setup, or the measured worker): the app listens at `port` when given (carrier callbacks). */
export async function services(url: string, env: Record<string, string>, port?: number, compiled = false) {
  const product = compiled ? await productModules() : { startServices, buildApp };
  const { ctx, embeddedSimulator } = await product.startServices(testConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', ...env }), { dataDir: null, schedule: false });
  const app = port ? await product.buildApp(ctx, { logger: false }) : null;
  if (app) await app.listen({ port, host: '127.0.0.1' });
  return {
    ctx,
    close: async () => {
      await app?.close();
      await embeddedSimulator?.close();
      await ctx.jobs.stop();
      await ctx.database.close();
    },
  };
}

/**
 * Dispatches the sender's queue until every message is delivered, on services of its own (a worker
 * as `npm start` runs it); returns msgs/s and the row writes of the run.
 */
async function dispatchRun(url: string, s: Sender, n: number, peer: { pid: number }, env: Record<string, string>, port?: number) {
  const before = await settledWrites(url);
  // The measured worker runs the compiled build, as `npm start` does (bench/lib.ts productModules).
  const { ctx, close } = await services(url, env, port, true);
  const { startDispatcher } = await productModules();
  let ms: number;
  const cpu = { node: 0, peer: 0, postgres: 0 };
  let ownPolls = 0;
  let statementsUsed = 0;
  try {
    const backends = async () => (await ctx.database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
    const pg0 = new Map((await backends()).map((p) => [p, cpuSeconds(p)]));
    const node0 = process.cpuUsage();
    const peer0 = cpuSeconds(peer.pid);
    // BENCH_DISPATCH_PROF=<file>: a CPU profile of our process during the dispatch.
    const profiler = await startProfile('BENCH_DISPATCH_PROF');
    // BENCH_PG_SAMPLE=<file>: the database's active time by statement during the dispatch.
    const pgSampler = await startPgSampler(url);
    const statements0 = statements.n;
    const d = startDispatcher(ctx, console);
    const t = performance.now();
    try {
      // Cheap while anything is queued (the queue's partial index); the full count (a scan) only for the tail.
      for (;;) {
        ownPolls++;
        const { rows: [q] } = await ctx.database.query<{ queued: boolean }>(
          `select exists (select 1 from messages where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued')) queued`, [s.accountId, s.numberId]);
        if (!q.queued) break;
        if (performance.now() - t > 600_000) throw new Error(`still queued after 10 minutes`);
        await sleep(50);
      }
      for (;;) {
        ownPolls++;
        const { rows: [r] } = await ctx.database.query<{ n: string }>(`select count(*) n from messages where account_id = $1 and status = 'delivered'`, [s.accountId]);
        if (Number(r.n) >= n) break;
        if (performance.now() - t > 600_000) throw new Error(`only ${r.n} of ${n} delivered after 10 minutes`);
        // The count scans the account's messages: polled at most ~100 times a run (at most 1 % of the run late), not every
        // 50 ms — in the HTTP run, whose receipts trail the sends for most of it, that poll was ~12 % of the database's time.
        await sleep(Math.max(50, (performance.now() - t) / 100));
      }
      ms = performance.now() - t;
      const sampled = (await pgSampler?.()) ?? 0;
      statementsUsed = statements.n - statements0 - ownPolls - sampled;
      await profiler?.();
      const nodeUsed = process.cpuUsage(node0);
      cpu.node = (nodeUsed.user + nodeUsed.system) / 1e6;
      cpu.peer = cpuSeconds(peer.pid) - peer0;
      // The database's backends (those the pool opened during the run count from zero).
      cpu.postgres = (await backends()).reduce((a, p) => a + cpuSeconds(p) - (pg0.get(p) ?? 0), 0);
    } finally {
      await d.stop();
    }
    const { rows: [left] } = await ctx.database.query<{ n: string }>(`select count(*) n from messages where account_id = $1 and status <> 'delivered'`, [s.accountId]);
    if (Number(left.n)) throw new Error(`${left.n} messages not delivered`);
  } finally {
    await close();
  }
  return { rate: Math.round(n / (ms / 1000)), seconds: ms / 1000, cpu, statements: statementsUsed, writes: writesDelta(before, await settledWrites(url)) };
}

const perMessage = (w: TableWrites, n: number) => Object.values(w).reduce((a, t) => a + t.ins + t.upd + t.del, 0) / n;

function writeRows(carrier: string, w: TableWrites, n: number): Row[] {
  return Object.entries(w).sort(([a], [b]) => a.localeCompare(b)).map(([table, d]) => ({
    carrier, table, inserts: d.ins, updates: d.upd, 'of which HOT': d.hot, deletes: d.del, 'per message': ((d.ins + d.upd + d.del) / n).toFixed(3),
  }));
}

/** 100,000 queued messages to each carrier (its own process) until delivered, beside raw claim+mark of the same rows. */
export async function benchDispatch() {
  const left = strays();
  if (left.length) console.warn(`warning: processes left over from earlier runs may skew the numbers:\n${left.join('\n')}`);
  if (!(await postgresReachable())) {
    console.log('dispatch: PostgreSQL is not reachable (BENCH_DATABASE_URL); skipped');
    return;
  }
  const rows: Row[] = [];
  const writeTable: Row[] = [];
  const results: Record<string, unknown> = {};
  const db = await benchDatabase();
  const carriers = (process.env.BENCH_DISPATCH_CARRIERS ?? 'smpp,http').split(',');
  const row = (name: string, n: number, raw: number, run: Awaited<ReturnType<typeof dispatchRun>>, wpm: number) => {
    rows.push({ case: `raw SKIP LOCKED claim+mark, ${n.toLocaleString('en')} rows (${name} run)`, 'msgs/s': raw, ratio: '1.00', 'row writes/msg': '1.00' });
    rows.push({ case: `dispatch → ${name} → delivered, ${n.toLocaleString('en')} messages`, 'msgs/s': run.rate, ratio: (run.rate / raw).toFixed(2), 'row writes/msg': wpm.toFixed(2),
      'CPU µs/msg (ours, carrier, PostgreSQL)': [run.cpu.node, run.cpu.peer, run.cpu.postgres].map((c) => Math.round((c / n) * 1e6)).join(', '),
      'statements/msg': (run.statements / n).toFixed(3) });
  };
  try {
    if (carriers.includes('smpp')) {
      let smsc: Peer | null = null;
      try {
        smsc = await startPeer('test/peers/smsc.ts', ['--port', '0']);
        const admin = (path: string, body: unknown = {}) => fetch(`http://127.0.0.1:${smsc!.admin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
        const setup = await services(db.url, {});
        let s: Sender;
        let raw: number;
        try {
          s = await smppSender(setup.ctx, smsc);
          await queue(setup.ctx, s, 'smpp', N);
          raw = await rawClaim(setup.ctx, s);
        } finally {
          await setup.close();
        }
        await admin('/reset');
        await admin('/auto-receipts', { stat: 'DELIVRD' });
        const run = await dispatchRun(db.url, s, N, smsc, workerEnv());
        const ledger = await admin('/summary') as { submits: number; duplicates: unknown[] };
        if (ledger.submits !== N || ledger.duplicates.length) throw new Error(`SMSC received ${ledger.submits} submit_sm for ${N} messages (${ledger.duplicates.length} duplicated)`);
        const wpm = perMessage(run.writes, N);
        results.smpp = { raw, endToEnd: run.rate, ratio: run.rate / raw, seconds: run.seconds, window: WINDOW, rowWritesPerMessage: wpm, statementsPerMessage: run.statements / N, cpuSeconds: run.cpu, writes: run.writes, smscSubmits: ledger.submits };
        console.log('smpp', JSON.stringify(results.smpp));
        row(`SMPP SMSC (own process, window ${WINDOW})`, N, raw, run, wpm);
        writeTable.push(...writeRows('smpp', run.writes, N));
      } finally {
        await smsc?.stop();
      }
    }
    if (carriers.includes('http')) {
      let sim: SimulatorProcess | null = null;
      try {
        sim = await startSimulatorProcess({ env: { SIMULATOR_LATENCY_MS: '0' } });
        const port = await freePort();
        const env = { SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, PUBLIC_URL: `http://127.0.0.1:${port}` };
        const setup = await services(db.url, env);
        let s: Sender;
        let raw: number;
        try {
          s = await simulatorSender(setup.ctx);
          await queue(setup.ctx, s, 'simulator', HTTP_N);
          raw = await rawClaim(setup.ctx, s);
        } finally {
          await setup.close();
        }
        const run = await dispatchRun(db.url, s, HTTP_N, { pid: sim.child.pid! }, { ...env, ...workerEnv() }, port);
        const ledger = await sim.control.ledger();
        const mine = ledger.messages.filter((m) => m.from === s.from);
        if (mine.length !== HTTP_N || mine.some((m) => m.submissions !== 1)) throw new Error(`simulator ledger: ${mine.length} messages for ${HTTP_N}, ${mine.filter((m) => m.submissions !== 1).length} not submitted once`);
        const wpm = perMessage(run.writes, HTTP_N);
        results.http = { raw, endToEnd: run.rate, ratio: run.rate / raw, seconds: run.seconds, rowWritesPerMessage: wpm, statementsPerMessage: run.statements / HTTP_N, cpuSeconds: run.cpu, writes: run.writes, simulatorMessages: mine.length };
        console.log('http', JSON.stringify(results.http));
        row('HTTP simulator (own process, Twilio-shaped, signed callbacks)', HTTP_N, raw, run, wpm);
        writeTable.push(...writeRows('http', run.writes, HTTP_N));
      } finally {
        await sim?.stop();
      }
    }
  } finally {
    await db.drop();
  }
  printTable('Dispatch on PostgreSQL (end to end: claim, hand-over consent re-check, submit to a carrier in another process, sent, receipt, delivered, with history events)', rows);
  printTable('Row writes during the dispatch (pg_stat_user_tables deltas)', writeTable);
  writeResult('dispatch', { table: rows, writes: writeTable, results });
}
