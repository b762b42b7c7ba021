// `npm run bench analytics`: the business dashboard (GET /v1/analytics/summary) over an account holding
// BENCH_ANALYTICS_MESSAGES (default 10,000,000) messages spread over 365 days, on PostgreSQL (own database).
// Loaded with generate_series (not measured): 5 numbers, 10 campaigns (20% of the texts), 10% inbound,
// outcomes ~93% delivered / 4% failed (5 carrier codes) / 3% still sent. The hourly rollups are then built
// set-based from those messages (timed: what a backfill by SQL costs; the product's own backfill is the
// outbox consumer catching up). Measured in the same run:
//  1. raw: the same figures (sent/delivered/failed/received/segments per local day) by an aggregate scan of the
//     messages over the range (messages_log_idx: account, created_at) — what a dashboard without rollups does;
//  2. the API call over HTTP (this process serves it), sequentially, p50/p99 — for 30 days, 365 days, and
//     365 days of one number; ratio = raw p50 / API p50;
//  3. the outbox consumer's incremental rate: BENCH_ANALYTICS_EVENTS (default 60,000) new status events
//     (messages created → sent → delivered) rolled up by rollupAll (events/s).
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { fromPublicId, toPublicId } from '../src/lib/ids.js';
import { rollupAll } from '../src/modules/analytics/rollup.service.js';
import { signUp } from '../test/factories.js';
import { services } from './dispatch.bench.js';
import { benchDatabase, freePort, postgresReachable, printTable, writeResult, type Row } from './lib.js';

const N = Number(process.env.BENCH_ANALYTICS_MESSAGES ?? 10_000_000);
const EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 60_000);
const CALLS = Number(process.env.BENCH_ANALYTICS_CALLS ?? 40);
const DAYS = 365;
const NUMBERS = 5;
const CAMPAIGNS = 10;
const CHUNK = 1_000_000;
const uuid = (prefix: string, n: string) => `(lpad(to_hex(${prefix}), 12, '0') || '7' || lpad(to_hex(${n}), 19, '0'))::uuid`;
const numberUuid = (i: number) => `00000000-0000-7000-8000-0000000000${String(10 + i)}`;
const campaignUuid = (i: number) => `00000000-0000-7000-8000-0000000001${String(10 + i)}`;

type Q = (t: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * The loader drops the messages' secondary indexes except the one the raw scan reads
 * (messages_log_idx: account, created_at, id) and the primary key, so 10M rows load in minutes on a
 * loaded machine; neither the raw scan nor the dashboard reads the dropped ones.
 */
async function load(q: Q, accountId: string) {
  const ms = Date.now();
  const { rows: idx } = await q(`select indexname from pg_indexes where tablename = 'messages' and indexname not in ('messages_pkey', 'messages_log_idx') and indexdef not like '%UNIQUE%'`);
  for (const r of idx) await q(`drop index ${String(r.indexname)}`);
  for (let start = 1; start <= N; start += CHUNK) {
    const end = Math.min(N, start + CHUNK - 1);
    const t = performance.now();
    await q(
      `insert into messages (id, account_id, number_id, campaign_id, direction, kind, "from", "to", body, encoding, segments, status, error_code, provider, created_at, sent_at, delivered_at)
       select ${uuid('$3::bigint', 'g')}, $1,
         ($5::uuid[])[1 + g % ${NUMBERS}],
         case when g % 10 < 2 then ($6::uuid[])[1 + (g / 10) % ${CAMPAIGNS}] end,
         case when g % 10 = 9 then 'inbound' else 'outbound' end,
         case when g % 10 < 2 then 'marketing' else 'conversational' end,
         '+15125550199', '+1415' || (2000000 + g % 100000)::text,
         'Hi Ada, your order #' || g || ' is ready for pickup at our Main St store, open until 6pm. Reply STOP to opt out.', 'GSM-7', 1 + (g % 7 = 0)::int,
         case when g % 10 = 9 then 'received' when g % 100 < 4 then (case when g % 2 = 0 then 'failed' else 'undelivered' end) when g % 100 < 7 then 'sent' else 'delivered' end,
         case when g % 10 <> 9 and g % 100 < 4 then (array['30007','30003','30005','30006','30008'])[1 + (g / 100) % 5] end,
         'simulator', x.at, x.at, x.at
       from generate_series($2::bigint, $4::bigint) g
       cross join lateral (select now() - make_interval(secs => ((${N}::bigint - g) * ${DAYS}::bigint * 86400 / ${N}::bigint)::double precision) as at) x`,
      [accountId, start, ms, end, `{${Array.from({ length: NUMBERS }, (_, i) => numberUuid(i)).join(',')}}`, `{${Array.from({ length: CAMPAIGNS }, (_, i) => campaignUuid(i)).join(',')}}`]);
    console.log(`  messages ${end.toLocaleString('en')} / ${N.toLocaleString('en')} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  await q('vacuum analyze messages');
}

/** The hourly rollups of those messages, set-based (one aggregate pass). */
async function buildRollups(q: Q, accountId: string) {
  const t = performance.now();
  await q(
    `insert into analytics_daily (account_id, hour, number_id, campaign_id, sent, delivered, failed, received, segments_out, segments_in, cost_micros)
     select account_id, date_trunc('hour', created_at), number_id, coalesce(campaign_id, '00000000-0000-0000-0000-000000000000'),
       count(*) filter (where direction = 'outbound' and status in ('sent', 'delivered', 'undelivered', 'failed')),
       count(*) filter (where status = 'delivered'), count(*) filter (where status in ('failed', 'undelivered')), count(*) filter (where direction = 'inbound'),
       coalesce(sum(segments) filter (where direction = 'outbound'), 0), coalesce(sum(segments) filter (where direction = 'inbound'), 0),
       coalesce(sum(segments) filter (where direction = 'outbound'), 0) * 8300
     from messages where account_id = $1 group by 1, 2, 3, 4`, [accountId]);
  await q(
    `insert into analytics_errors (account_id, hour, number_id, error_code, failed)
     select account_id, date_trunc('hour', created_at), number_id, error_code, count(*)
     from messages where account_id = $1 and status in ('failed', 'undelivered') group by 1, 2, 3, 4`, [accountId]);
  await q('analyze analytics_daily; analyze analytics_errors');
  const rows = Number((await q('select count(*) n from analytics_daily')).rows[0].n);
  return { seconds: (performance.now() - t) / 1000, rows };
}

/** The raw limit: the dashboard's series straight from the messages over the same range (the account's local days). */
function rawScan(q: Q, accountId: string, days: number, numberId: string | null, zone: string) {
  return q(
    `select (created_at at time zone $4)::date as day,
       count(*) filter (where direction = 'outbound' and status in ('sent', 'delivered', 'undelivered', 'failed')) as sent,
       count(*) filter (where status = 'delivered') as delivered, count(*) filter (where status in ('failed', 'undelivered')) as failed,
       count(*) filter (where direction = 'inbound') as received, sum(segments) as segments
     from messages where account_id = $1 and created_at >= now() - make_interval(days => $2::int) and ($3::uuid is null or number_id = $3::uuid)
     group by 1 order by 1`, [accountId, days, numberId, zone]);
}

const quantile = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

async function timeCalls(n: number, call: () => Promise<unknown>) {
  await call(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await call(); ms.push(performance.now() - t); }
  return { p50: Math.round(quantile(ms, 0.5) * 10) / 10, p99: Math.round(quantile(ms, 0.99) * 10) / 10, n };
}

/** New traffic for the consumer: messages created → sent → delivered, three outbox events each. */
async function incremental(q: Q, accountId: string) {
  const m = Math.ceil(EVENTS / 3);
  const ms = Date.now() + 1;
  await q(
    `with m as (
       insert into messages (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, provider, created_at, sent_at, delivered_at)
       select ${uuid('$3::bigint', 'g')}, $1, $4::uuid, 'outbound', 'conversational', '+15125550199', '+1415' || (3000000 + g)::text, 'Your order is ready.', 'GSM-7', 1, 'delivered', 'simulator', now(), now(), now()
       from generate_series(1, $2::int) g returning id)
     insert into outbox (account_id, type, subject_id, payload)
     select $1, 'message.' || case when s.n = 1 then 'created' else 'status_changed' end, m.id,
       jsonb_build_object('status', s.status, 'from', s.prev, 'errorCode', null, 'source', 'bench')
     from m cross join (values (1, 'queued', null), (2, 'sent', 'queued'), (3, 'delivered', 'sent')) s(n, status, prev)`,
    [accountId, m, ms, numberUuid(0)]);
}

export async function benchAnalytics() {
  if (!(await postgresReachable())) throw new Error('the analytics benchmark needs PostgreSQL (TEST_DATABASE_URL or BENCH_DATABASE_URL)');
  const db = await benchDatabase();
  const { ctx, close } = await services(db.url, {});
  const raw = new pg.Client({ connectionString: db.url });
  await raw.connect();
  const q: Q = (t, p) => raw.query(t, p);
  const load0 = (await import('node:os')).loadavg();
  try {
    const app = await buildApp(ctx, { logger: false });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const owner = await signUp(app);
    const accountId = fromPublicId('account', owner.accountId)!;
    const key = (await owner.client.post('/v1/api-keys', { name: 'bench', scopes: ['messages:read'] })).json().key as string;
    // The consumer starts after the sign-up's events (they are not part of the figures).
    await rollupAll(ctx);
    const tLoad = performance.now();
    await load(q, accountId);
    console.log(`loaded ${N.toLocaleString('en')} messages in ${((performance.now() - tLoad) / 1000).toFixed(1)} s`);
    const rollup = await buildRollups(q, accountId);
    console.log(`rollups: ${rollup.rows.toLocaleString('en')} hour rows in ${rollup.seconds.toFixed(1)} s`);

    const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
    const numberPublic = toPublicId('number', numberUuid(0));
    const cases = [
      { name: '30 days', days: 30, numberId: null as string | null },
      { name: '365 days', days: DAYS, numberId: null },
      { name: '365 days, one number', days: DAYS, numberId: numberUuid(0) },
    ];
    const table: Row[] = [];
    let zone = 'UTC';
    const results: Record<string, unknown>[] = [];
    for (const c of cases) {
      const url = `http://127.0.0.1:${port}/v1/analytics/summary?from=${day(c.days - 1)}&to=${day(0)}${c.numberId ? `&numberId=${numberPublic}` : ''}`;
      const check = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
      if (!check.ok) throw new Error(`summary: ${check.status} ${await check.text()}`);
      const body = await check.json() as { totals: { sent: number }; timeZone: string };
      zone = body.timeZone;
      const api = await timeCalls(CALLS, async () => {
        const r = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
        if (!r.ok) throw new Error(`summary: ${r.status}`);
        await r.arrayBuffer();
      });
      const scan = await timeCalls(Math.max(3, Math.round(CALLS / 10)), () => rawScan(q, accountId, c.days, c.numberId, zone));
      const ratio = scan.p50 / api.p50;
      table.push({ range: c.name, 'texts sent in range': body.totals.sent, 'raw scan p50 ms': scan.p50, 'API p50 ms': api.p50, 'API p99 ms': api.p99, 'raw / API': ratio.toFixed(1), '< 1 s': api.p99 < 1000 ? 'yes' : 'NO' });
      results.push({ ...c, sentInRange: body.totals.sent, raw: scan, api, ratio });
    }
    await incremental(q, accountId);
    const t = performance.now();
    const events = await rollupAll(ctx);
    const consumer = { events, seconds: (performance.now() - t) / 1000, eventsPerSec: Math.round(events / ((performance.now() - t) / 1000)) };
    table.push({ range: `consumer: ${events.toLocaleString('en')} new outbox events rolled up`, 'texts sent in range': '', 'raw scan p50 ms': '', 'API p50 ms': '', 'API p99 ms': '', 'raw / API': '', '< 1 s': `${consumer.eventsPerSec.toLocaleString('en')} events/s` });
    const load1 = (await import('node:os')).loadavg();
    printTable(`Analytics dashboard (PostgreSQL, ${N.toLocaleString('en')} messages over ${DAYS} days, ${rollup.rows.toLocaleString('en')} rollup rows); load average ${load0[0].toFixed(1)} → ${load1[0].toFixed(1)}`, table);
    writeResult('analytics', { messages: N, days: DAYS, rollupRows: rollup.rows, rollupBuildSeconds: rollup.seconds, loadAverage: { start: load0, end: load1 }, table, results, consumer });
    await app.close();
  } finally {
    await raw.end();
    await close();
    await db.drop();
  }
}
