import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { DEFAULT_SIMULATOR } from '../src/providers/simulator/simulator.js';
import { startServices } from '../src/server.js';
import { testConfig } from '../test/harness.js';
import { signUp } from '../test/factories.js';
import { benchDatabase, postgresReachable, printTable, writeResult, type Row } from './lib.js';

const N = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 100_000);
const PGLITE_N = Number(process.env.BENCH_PGLITE_MESSAGES ?? Math.round(N / 5));

/** Queues n messages on one high-throughput simulator number, straight into the table. */
async function queue(ctx: Ctx, n: number) {
  const app = await buildApp(ctx, { logger: false });
  const { client } = await signUp(app);
  const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100_000 })).json();
  await app.close();
  const { rows: [num] } = await ctx.database.query<{ id: string; account_id: string; phone_number: string }>(`select id, account_id, phone_number from phone_numbers where phone_number = $1`, [number.phoneNumber]);
  await ctx.database.query(
    `insert into messages (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, next_attempt_at, provider)
     select gen_random_uuid(), $1, $2, 'outbound', 'conversational', $3, '+1646' || lpad(g::text, 7, '0'), 'Your code is ' || g, 'GSM-7', 1, 'queued', now(), 'simulator'
     from generate_series(1, $4::int) g`,
    [num.account_id, num.id, num.phone_number, n],
  );
}

async function dispatchRun(ctx: Ctx, n: number) {
  ctx.simulator.settings = { ...DEFAULT_SIMULATOR, latencyMs: 0 };
  await queue(ctx, n);
  ctx.simulator.start(20);
  const d = startDispatcher(ctx, console);
  const t = performance.now();
  for (;;) {
    const { rows: [r] } = await ctx.database.query<{ n: number }>(`select count(*) n from messages where status = 'delivered'`);
    if (Number(r.n) >= n) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const ms = performance.now() - t;
  await d.stop();
  ctx.simulator.stop();
  return Math.round(n / (ms / 1000));
}

/** The raw limit: claim a batch with SKIP LOCKED and mark it, on a copy of the messages table. */
async function rawClaim(ctx: Ctx, n: number) {
  await ctx.database.exec(`create table raw_q (like messages including all); insert into raw_q select * from messages limit 0;`);
  await ctx.database.query(
    `insert into raw_q (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, next_attempt_at)
     select gen_random_uuid(), gen_random_uuid(), '019a0000-0000-7000-8000-000000000001', 'outbound', 'conversational', '+1', '+1', 'x', 'GSM-7', 1, 'queued', now() from generate_series(1, $1::int)`,
    [n],
  );
  const t = performance.now();
  for (;;) {
    const { rows } = await ctx.database.query(
      `with c as (select id from raw_q where number_id = '019a0000-0000-7000-8000-000000000001' and status = 'queued' and next_attempt_at <= now()
                  order by next_attempt_at limit 500 for update skip locked)
       update raw_q q set status = 'sent' from c where q.id = c.id returning q.id`,
    );
    if (!rows.length) break;
  }
  return Math.round(n / ((performance.now() - t) / 1000));
}

/** 100,000 queued messages to the simulator (zero latency) until delivered, beside raw claim+mark. */
export async function benchDispatch() {
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  if (await postgresReachable()) {
    const db = await benchDatabase();
    const { ctx } = await startServices(testConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), { dataDir: null, schedule: false });
    const raw = await rawClaim(ctx, N);
    const run = await dispatchRun(ctx, N);
    await ctx.jobs.stop();
    await ctx.database.close();
    await db.drop();
    results.postgres = { raw, endToEnd: run };
    console.log('postgres', JSON.stringify(results.postgres));
    rows.push({ case: `raw SKIP LOCKED claim+mark, ${N.toLocaleString('en')} rows (PostgreSQL)`, 'msgs/s': raw, ratio: '1.00' });
    rows.push({ case: `dispatch → simulator → delivered, ${N.toLocaleString('en')} messages (PostgreSQL)`, 'msgs/s': run, ratio: (run / raw).toFixed(2) });
  }
  const config = testConfig({ LOG_LEVEL: 'warn' });
  const { ctx } = await startServices(config, { dataDir: `${config.dataDir}/pglite`, schedule: false });
  const raw = await rawClaim(ctx, PGLITE_N);
  const run = await dispatchRun(ctx, PGLITE_N);
  await ctx.jobs.stop();
  await ctx.database.close();
  results.pglite = { raw, endToEnd: run };
  rows.push({ case: `raw SKIP LOCKED claim+mark, ${PGLITE_N.toLocaleString('en')} rows (PGlite)`, 'msgs/s': raw, ratio: '1.00' });
  rows.push({ case: `dispatch → simulator → delivered, ${PGLITE_N.toLocaleString('en')} messages (PGlite)`, 'msgs/s': run, ratio: (run / raw).toFixed(2) });
  printTable('Dispatch (end to end: claim, suppression check, send, sent, receipt, delivered, with history and events)', rows);
  writeResult('dispatch', { table: rows, results });
}
