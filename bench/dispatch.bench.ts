// `npm run bench dispatch`: 100,000 queued messages dispatched to a carrier in another process until
// all are `delivered`, on PostgreSQL, beside the raw SKIP LOCKED claim+mark of the same rows in the
// same run (the result is a ratio), with the row writes per message counted from pg_stat_user_tables.
//
// Carriers: the SMPP SMSC of the tests (test/peers/smsc.ts, its own process, a DELIVRD receipt after
// every accepted submit_sm).
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { fromPublicId } from '../src/lib/ids.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { startServices } from '../src/server.js';
import { testConfig } from '../test/harness.js';
import { signUp } from '../test/factories.js';
import { benchDatabase, cpuSeconds, postgresReachable, printTable, startPeer, strays, tableWrites, writeResult, writesDelta, type Peer, type Row, type TableWrites } from './lib.js';

const N = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 100_000);
/** SMPP window (in-flight submit_sm) of the bench's connection. */
const WINDOW = Number(process.env.BENCH_SMPP_WINDOW ?? 500);
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

/** The raw limit: claim a batch with SKIP LOCKED and mark it, on a copy of the same queued rows (same table shape and indexes). */
async function rawClaim(ctx: Ctx, s: Sender) {
  await ctx.database.exec(`drop table if exists raw_q; create table raw_q (like messages including all);`);
  await ctx.database.query(`insert into raw_q select * from messages where account_id = $1 and status = 'queued'`, [s.accountId]);
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
async function settledWrites(url: string): Promise<TableWrites> {
  let last = await tableWrites(url);
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    const now = await tableWrites(url);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

const services = async (url: string) => (await startServices(testConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' }), { dataDir: null, schedule: false })).ctx;
async function close(ctx: Ctx) {
  await ctx.jobs.stop();
  await ctx.database.close();
}

/**
 * Dispatches the sender's queue until every message is delivered, on services of its own (a worker
 * as `npm start` runs it); returns msgs/s and the row writes of the run.
 */
async function dispatchRun(url: string, s: Sender, n: number, peer: Peer) {
  const before = await settledWrites(url);
  const ctx = await services(url);
  let ms: number;
  const cpu = { node: 0, peer: 0, postgres: 0 };
  try {
    const backends = async () => (await ctx.database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
    const pg0 = new Map((await backends()).map((p) => [p, cpuSeconds(p)]));
    const node0 = process.cpuUsage();
    const peer0 = cpuSeconds(peer.pid);
    const d = startDispatcher(ctx, console);
    const t = performance.now();
    try {
      for (;;) {
        const { rows: [r] } = await ctx.database.query<{ n: string }>(`select count(*) n from messages where account_id = $1 and status = 'delivered'`, [s.accountId]);
        if (Number(r.n) >= n) break;
        if (performance.now() - t > 600_000) throw new Error(`only ${r.n} of ${n} delivered after 10 minutes`);
        await sleep(50);
      }
      ms = performance.now() - t;
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
    await close(ctx);
  }
  return { rate: Math.round(n / (ms / 1000)), seconds: ms / 1000, cpu, writes: writesDelta(before, await settledWrites(url)) };
}

const perMessage = (w: TableWrites, n: number) => Object.values(w).reduce((a, t) => a + t.ins + t.upd + t.del, 0) / n;

function writeRows(carrier: string, w: TableWrites, n: number): Row[] {
  return Object.entries(w).sort(([a], [b]) => a.localeCompare(b)).map(([table, d]) => ({
    carrier, table, inserts: d.ins, updates: d.upd, 'of which HOT': d.hot, deletes: d.del, 'per message': ((d.ins + d.upd + d.del) / n).toFixed(3),
  }));
}

/** SMPP: 100,000 queued messages to the SMSC (its own process) until delivered, beside raw claim+mark. */
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
  let smsc: Peer | null = null;
  try {
    smsc = await startPeer('test/peers/smsc.ts', ['--port', '0']);
    const admin = (path: string, body: unknown = {}) => fetch(`http://127.0.0.1:${smsc!.admin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    const setup = await services(db.url);
    let s: Sender;
    let raw: number;
    try {
      s = await smppSender(setup, smsc);
      await queue(setup, s, 'smpp', N);
      raw = await rawClaim(setup, s);
    } finally {
      await close(setup);
    }
    await admin('/reset');
    await admin('/auto-receipts', { stat: 'DELIVRD' });
    const run = await dispatchRun(db.url, s, N, smsc);
    const ledger = await admin('/summary') as { submits: number; duplicates: unknown[] };
    if (ledger.submits !== N || ledger.duplicates.length) throw new Error(`SMSC received ${ledger.submits} submit_sm for ${N} messages (${ledger.duplicates.length} duplicated)`);
    const wpm = perMessage(run.writes, N);
    results.smpp = { raw, endToEnd: run.rate, ratio: run.rate / raw, seconds: run.seconds, window: WINDOW, rowWritesPerMessage: wpm, cpuSeconds: run.cpu, writes: run.writes, smscSubmits: ledger.submits };
    console.log('smpp', JSON.stringify(results.smpp));
    rows.push({ case: `raw SKIP LOCKED claim+mark, ${N.toLocaleString('en')} rows`, 'msgs/s': raw, ratio: '1.00', 'row writes/msg': '1.00' });
    rows.push({ case: `dispatch → SMPP SMSC (own process, window ${WINDOW}) → delivered, ${N.toLocaleString('en')} messages`, 'msgs/s': run.rate, ratio: (run.rate / raw).toFixed(2), 'row writes/msg': wpm.toFixed(2),
      'CPU µs/msg (ours, SMSC, PostgreSQL)': [run.cpu.node, run.cpu.peer, run.cpu.postgres].map((c) => Math.round((c / N) * 1e6)).join(', ') });
    writeTable.push(...writeRows('smpp', run.writes, N));
  } finally {
    await smsc?.stop();
    await db.drop();
  }
  printTable('Dispatch on PostgreSQL (end to end: claim, hand-over consent re-check, submit to a carrier in another process, sent, receipt, delivered, with history events)', rows);
  printTable('Row writes during the dispatch (pg_stat_user_tables deltas)', writeTable);
  writeResult('dispatch', { table: rows, writes: writeTable, results });
}
