// `npm run bench export`: an account export (POST /v1/exports {scope: "account"}, the job's code in this
// process) of an account holding BENCH_EXPORT_MESSAGES (default 1,000,000) messages and 10,000 contacts
// on PostgreSQL (own database). Measured in the same run:
//  1. raw: `COPY (select … the messages' columns …) TO STDOUT (FORMAT csv)` of the same rows, drained — the limit;
//  2. the export (keyset pages → API-shaped JSON + CSV → deflate → ZIP in DATA_DIR) in rows/s → ratio to raw;
//     this process's RSS sampled every 100 ms (start, max, end) to show memory stays flat; the
//     progress figures the export reported while it ran.
// The rows are bulk-loaded with generate_series (not measured), time-ordered ids like the app's.
// V8 lets the heap grow lazily when there is room: run with NODE_OPTIONS=--max-old-space-size=192 to see the
// export finish inside a small fixed heap (RSS then stays within a few MB of its start).
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { buildApp } from '../src/app.js';
import { fromPublicId } from '../src/lib/ids.js';
import { runExport } from '../src/modules/exports/export-runner.js';
import { signUp } from '../test/factories.js';
import { services } from './dispatch.bench.js';
import { benchDatabase, postgresReachable, printTable, writeResult, type Row } from './lib.js';

const N = Number(process.env.BENCH_EXPORT_MESSAGES ?? 1_000_000);
const CONTACTS = 10_000;
const mib = (b: number) => Math.round(b / 2 ** 20);

async function load(q: (t: string, p?: unknown[]) => Promise<unknown>, accountId: string) {
  const ms = Date.now();
  await q(
    `insert into contacts (id, account_id, phone, phone_type, country, first_name, last_name, email, time_zone, time_zone_source, consent_state)
     select (lpad(to_hex($3::bigint), 12, '0') || '7' || lpad(to_hex(g), 19, '0'))::uuid, $1, '+1415' || (2000000 + g)::text, 'mobile', 'US',
       'Ada' || g, 'Lee', 'c' || g || '@example.com', 'America/New_York', 'explicit', 'opted_in'
     from generate_series(1, $2::int) g`, [accountId, CONTACTS, ms]);
  await q(
    `insert into messages (id, account_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, provider, created_at, sent_at, delivered_at)
     select (lpad(to_hex($3::bigint + g / 1000), 12, '0') || '7' || lpad(to_hex(g), 19, '0'))::uuid, $1,
       (lpad(to_hex($4::bigint), 12, '0') || '7' || lpad(to_hex(1 + g % $5::int), 19, '0'))::uuid, $6,
       case when g % 3 = 0 then 'inbound' else 'outbound' end, 'conversational', '+15125550199', '+1415' || (2000000 + 1 + g % $5::int)::text,
       'Hi Ada, your order #' || g || ' is ready for pickup at our Main St store, open until 6pm. Reply STOP to opt out.', 'GSM-7', 1,
       'delivered', 'simulator', now() - make_interval(secs => $2::int - g), now(), now()
     from generate_series(1, $2::int) g`, [accountId, N, ms, ms, CONTACTS, '00000000-0000-7000-8000-000000000001']);
  await q('analyze messages; analyze contacts');
}

/** The raw limit: the same message rows and columns as CSV through COPY, read to the end. */
async function rawCopy(url: string, accountId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t = performance.now();
  let bytes = 0;
  const stream = client.query(copyTo(`copy (select id, conversation_id, contact_id, direction, kind, "from", "to", body, encoding, segments, status,
    error_code, error_message, send_at, created_at, sent_at, delivered_at, media from messages where account_id = '${accountId}' order by id) to stdout (format csv, header)`));
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  const seconds = (performance.now() - t) / 1000;
  await client.end();
  return { seconds, rate: Math.round(N / seconds), mb: mib(bytes) };
}

export async function benchExport() {
  if (!(await postgresReachable())) throw new Error('the export benchmark needs PostgreSQL (TEST_DATABASE_URL or BENCH_DATABASE_URL)');
  const db = await benchDatabase();
  const { ctx, close } = await services(db.url, {});
  try {
    const app = await buildApp(ctx, { logger: false });
    const owner = await signUp(app);
    const accountId = fromPublicId('account', owner.accountId)!;
    const tLoad = performance.now();
    await load((t, p) => ctx.database.query(t, p), accountId);
    console.log(`loaded ${N.toLocaleString('en')} messages in ${((performance.now() - tLoad) / 1000).toFixed(1)} s`);
    const raw = await rawCopy(db.url, accountId);
    console.log('raw COPY', JSON.stringify(raw));

    const r = await owner.client.post('/v1/exports', { scope: 'account' });
    if (r.statusCode !== 202) throw new Error(`export: ${r.statusCode} ${r.body}`);
    const exportId = fromPublicId('dataExport', r.json().id)!;
    global.gc?.();
    const rss = { start: process.memoryUsage().rss, max: 0, end: 0 };
    const progress = new Set<number>();
    const sample = setInterval(() => { rss.max = Math.max(rss.max, process.memoryUsage().rss); }, 100);
    const watch = setInterval(() => {
      void ctx.database.query<{ progress: number }>('select progress from data_exports where id = $1', [exportId]).then((x) => progress.add(x.rows[0]?.progress ?? -1));
    }, 500);
    const t = performance.now();
    await runExport(ctx, { accountId, exportId });
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sample);
    clearInterval(watch);
    rss.end = process.memoryUsage().rss;
    rss.max = Math.max(rss.max, rss.end);
    const done = (await owner.client.get(`/v1/exports/${r.json().id}`)).json();
    await app.close();
    if (done.status !== 'completed') throw new Error(`export ended ${JSON.stringify(done)}`);
    const rows = N + CONTACTS; // plus a handful (account, member, audit entries)
    const rate = Math.round(rows / seconds);
    const zipMb = mib(done.size); // the ZIP stored in the database (export_chunks)
    const table: Row[] = [
      { case: `raw COPY of the ${N.toLocaleString('en')} messages (CSV, drained)`, 'rows/s': raw.rate, ratio: '1.00', seconds: raw.seconds.toFixed(1), 'RSS start / max / end MB': '', output: `${raw.mb} MB CSV` },
      {
        case: `account export: ${N.toLocaleString('en')} messages + ${CONTACTS.toLocaleString('en')} contacts → ZIP (JSON + CSV)`, 'rows/s': rate, ratio: (rate / raw.rate).toFixed(2),
        seconds: seconds.toFixed(1), 'RSS start / max / end MB': `${mib(rss.start)} / ${mib(rss.max)} / ${mib(rss.end)}`, output: `${zipMb} MB ZIP`,
      },
    ];
    printTable(`Data export (PostgreSQL, ${N.toLocaleString('en')} messages); progress seen: ${[...progress].sort((a, b) => a - b).join(', ')}`, table);
    writeResult('export', { messages: N, contacts: CONTACTS, table, results: { raw, export: { rows, seconds, rowsPerSec: rate, ratio: rate / raw.rate, rssMb: { start: mib(rss.start), max: mib(rss.max), end: mib(rss.end) }, zipMb, progressSeen: [...progress].sort((a, b) => a - b) } } });
  } finally {
    await close();
    await db.drop();
  }
}
