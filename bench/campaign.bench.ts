// `npm run bench campaign`: a campaign to BENCH_CAMPAIGN_CONTACTS (default 1,000,000) opted-in
// contacts on PostgreSQL (own database). Measured in the same run:
//  1. raw: INSERT … SELECT of the same rows (recipient rows and message rows, same columns) into
//     copies of campaign_recipients and messages with the same indexes — the limit;
//  2. fan-out (runFanout, the job's code, in this process) until every recipient row exists and
//     every eligible message is queued, in recipients/s → ratio to raw; this process's RSS sampled
//     every 100 ms (start, max, end);
//  3. dispatch of the first BENCH_CAMPAIGN_DISPATCH (default 100,000) of its messages to the SMPP
//     SMSC of the tests in its own process, until delivered, beside raw SKIP LOCKED claim+mark of
//     as many rows (as `npm run bench dispatch`); BENCH_CAMPAIGN_DISPATCH=0 leaves it out (fan-out only).
// The contacts are bulk-loaded with generate_series (fast setup, not measured): US numbers across
// area codes (Florida and Oklahoma ones among them), time zones where it is now inside the sending
// window (so the messages are due at once and the dispatch phase can run), time-ordered ids as
// the app's own (UUIDv7).
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { signUp } from '../test/factories.js';
import { rawClaim, services } from './dispatch.bench.js';
import { benchDatabase, cpuSeconds, postgresReachable, printTable, startPeer, strays, writeResult, type Peer, type Row } from './lib.js';

const N = Number(process.env.BENCH_CAMPAIGN_CONTACTS ?? 1_000_000);
const DISPATCH_N = Math.min(N, Number(process.env.BENCH_CAMPAIGN_DISPATCH ?? 100_000));
const WINDOW = Number(process.env.BENCH_SMPP_WINDOW ?? 500);
/** BENCH_CAMPAIGN_LINK=1: the text carries a URL, so every recipient also gets a tracked short link (links are tracked by default). */
const LINK = process.env.BENCH_CAMPAIGN_LINK === '1';
const BODY = `Hi {{first_name|there}}, our spring sale starts today: 20% off everything in store until Sunday${LINK ? ' https://shop.example.com/spring-sale' : ''}. Reply STOP to opt out.`;
const AREA_CODES = ['212', '305', '312', '405', '415', '512', '617', '702', '786', '918']; // 305/786 Florida, 405/918 Oklahoma
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', '', 'Radia', 'Tim'];
/** CAMPAIGN_BATCH_ROWS for the fan-out (the app's default unless set). */
const BATCH_ENV: Record<string, string> = process.env.CAMPAIGN_BATCH_ROWS ? { CAMPAIGN_BATCH_ROWS: process.env.CAMPAIGN_BATCH_ROWS } : {};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const mib = (b: number) => Math.round(b / 2 ** 20);

/** Zones where it is now (and for the next hours) well inside every window: 09:00–17:59 local. */
export function insideZones(): string[] {
  const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu', 'Pacific/Auckland', 'Asia/Tokyo',
    'Asia/Kolkata', 'Asia/Dubai', 'Europe/Moscow', 'Europe/Berlin', 'Europe/London', 'Atlantic/Azores', 'America/Sao_Paulo'];
  const inside = zones.filter((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 18; });
  if (!inside.length) throw new Error('no zone inside the sending window');
  return inside.slice(0, 4);
}

export interface Audience { accountId: string; publicAccountId: string; numberId: string; from: string }

/**
 * `n` opted-in contacts tagged `tag`, straight into the table (what an import leaves behind, without
 * its consent events), time-ordered ids. Returns the load's seconds.
 */
export async function loadContacts(q: (text: string, params?: unknown[]) => Promise<unknown>, accountId: string, n: number, tag: string, zones: string[]) {
  const t = performance.now();
  const ms = Date.now();
  await q(
    `insert into contacts (id, account_id, phone, phone_type, country, first_name, last_name, email, time_zone, time_zone_source, tags, consent_state, consent_updated_at)
     select (lpad(to_hex($3::bigint), 12, '0') || '7' || lpad(to_hex(g), 19, '0'))::uuid, $1,
       '+1' || ($4::text[])[1 + g % 10] || (2000000 + g / 10)::text, 'mobile', 'US',
       nullif(($5::text[])[1 + g % 10], ''), 'Lee', 'c' || g || '@example.com', ($6::text[])[1 + g % cardinality($6::text[])], 'explicit',
       array[$7::text], 'opted_in', now()
     from generate_series(1, $2::int) g`,
    [accountId, n, ms, AREA_CODES, FIRST, zones, tag],
  );
  await q('analyze contacts');
  return (performance.now() - t) / 1000;
}

/** An account (signed up through the API) with an SMPP connection to the SMSC and one high-throughput number on it. */
async function smppAccount(ctx: Ctx, smsc: Peer) {
  const app = await buildApp(ctx, { logger: false });
  const a = await signUp(app);
  const conn = await a.client.post('/v1/provider-connections', {
    kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
    settings: { host: '127.0.0.1', port: smsc.port, window: WINDOW, enquireLinkMs: 60_000 },
  });
  if (conn.statusCode !== 201) throw new Error(`connection: ${conn.statusCode} ${conn.body}`);
  const num = await a.client.post('/v1/numbers', { connectionId: conn.json().id, phoneNumber: '+15125550199', mps: 100_000 });
  if (num.statusCode !== 201) throw new Error(`number: ${num.statusCode} ${num.body}`);
  return { app, client: a.client, accountId: fromPublicId('account', a.accountId)!, numberPublicId: num.json().id as string, numberId: fromPublicId('number', num.json().id)! };
}

/**
 * The raw limit: the same recipient rows and message rows (same columns, the merged body, segments)
 * by one INSERT … SELECT each, into empty copies of the tables with the same indexes (LIKE … INCLUDING ALL;
 * no foreign keys). Returns rows/s (recipients, each with its message).
 */
async function rawInsertSelect(ctx: Ctx, accountId: string, campaignId: string, numberId: string, from: string, tag: string) {
  await ctx.database.exec(`drop table if exists raw_recipients; drop table if exists raw_messages;
    create table raw_recipients (like campaign_recipients including all); create table raw_messages (like messages including all);`);
  const t = performance.now();
  await ctx.database.query(
    `insert into raw_recipients (account_id, campaign_id, contact_id, status, reason, message_id, scheduled_for)
     select account_id, $2, id, 'queued', null, gen_random_uuid(), now() from contacts where account_id = $1 and tags && array[$3::text]`,
    [accountId, campaignId, tag]);
  const tRecipients = performance.now() - t;
  await ctx.database.query(
    `insert into raw_messages (id, account_id, conversation_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments,
       status, provider, next_attempt_at, send_at, created_by, campaign_id)
     select gen_random_uuid(), account_id, gen_random_uuid(), id, $2, 'outbound', 'marketing', $3, phone, b.body, 'GSM-7',
       case when char_length(b.body) <= 160 then 1 else ceil(char_length(b.body)::numeric / 153)::int end,
       'queued', 'smpp', now(), null, null, $4
     from contacts, lateral (select replace($5::text, '{{first_name|there}}', coalesce(nullif(first_name, ''), 'there')) as body) b
     where account_id = $1 and tags && array[$6::text]`,
    [accountId, numberId, from, campaignId, BODY, tag]);
  const seconds = (performance.now() - t) / 1000;
  await ctx.database.exec('drop table raw_recipients; drop table raw_messages; checkpoint;');
  return { seconds, recipientsSeconds: tRecipients / 1000, rate: Math.round(N / seconds) };
}

/**
 * CPU seconds spent from now on by the bench database's backends (PostgreSQL) and by this process
 * (Node): on a shared machine a rate moves with the load, CPU per row much less.
 */
async function cpuMeter(ctx: Ctx) {
  const backends = async () => (await ctx.database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
  const pg0 = new Map((await backends()).map((p) => [p, cpuSeconds(p)]));
  const node0 = process.cpuUsage();
  return async () => {
    const node = process.cpuUsage(node0);
    let postgres = 0;
    for (const p of await backends()) postgres += cpuSeconds(p) - (pg0.get(p) ?? 0);
    return { postgres, node: (node.user + node.system) / 1e6 };
  };
}
const usPer = (seconds: number) => Math.round((seconds * 1e6) / N);

/** Samples this process's RSS every 100 ms until stopped. */
function rssSampler() {
  const samples: number[] = [process.memoryUsage().rss];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 100);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(process.memoryUsage().rss);
      return { startMiB: mib(samples[0]), maxMiB: mib(Math.max(...samples)), endMiB: mib(samples[samples.length - 1]), growthMiB: mib(samples[samples.length - 1] - samples[0]), samples: samples.length };
    },
  };
}

export async function benchCampaign() {
  const left = strays();
  if (left.length) console.warn(`warning: processes left over from earlier runs may skew the numbers:\n${left.join('\n')}`);
  if (!(await postgresReachable())) {
    console.log('campaign: PostgreSQL is not reachable (BENCH_DATABASE_URL); skipped');
    return;
  }
  const loadAt: Record<string, string> = { start: load() };
  const db = await benchDatabase();
  let smsc: Peer | null = null;
  const rows: Row[] = [];
  const results: Record<string, unknown> = { contacts: N, loadAverage: loadAt };
  try {
    smsc = await startPeer('test/peers/smsc.ts', ['--port', '0']);
    const admin = (path: string, body: unknown = {}) => fetch(`http://127.0.0.1:${smsc!.admin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    const setup = await services(db.url, BATCH_ENV);
    let accountId: string;
    let campaignId: string;
    let numberId: string;
    try {
      const acct = await smppAccount(setup.ctx, smsc);
      ({ accountId, numberId } = acct);
      // Created before the contacts exist (its checks are not what is measured); the launch (live count, worst-case segments over the audience) is timed.
      const created = await acct.client.post('/v1/campaigns', { name: 'Spring sale', from: acct.numberPublicId, body: BODY, audience: { tags: ['bench'] } });
      if (created.statusCode !== 201) throw new Error(`campaign: ${created.statusCode} ${created.body}`);
      const zones = insideZones();
      const loadSeconds = await loadContacts((text, params) => setup.ctx.database.query(text, params), accountId, N, 'bench', zones);
      console.log(`campaign: ${N.toLocaleString('en')} contacts loaded in ${loadSeconds.toFixed(1)} s (zones ${zones.join(', ')})`);
      const tLaunch = performance.now();
      const launched = await acct.client.post(`/v1/campaigns/${created.json().id}/launch`);
      if (launched.statusCode !== 202) throw new Error(`launch: ${launched.statusCode} ${launched.body}`);
      results.launchSeconds = (performance.now() - tLaunch) / 1000;
      console.log(`campaign: launch (POST …/launch: live count and worst-case segments over the audience) ${(results.launchSeconds as number).toFixed(1)} s`);
      await acct.app.close();
      campaignId = fromPublicId('campaign', created.json().id)!;

      loadAt.raw = load();
      const rawCpu = await cpuMeter(setup.ctx);
      const raw = await rawInsertSelect(setup.ctx, accountId, campaignId, numberId, '+15125550199', 'bench');
      const rawUs = usPer((await rawCpu()).postgres);
      console.log(`campaign: raw INSERT … SELECT ${raw.rate}/s (${raw.seconds.toFixed(1)} s, recipients ${raw.recipientsSeconds.toFixed(1)} s; database CPU ${rawUs} µs/row)`);

      loadAt.fanout = load();
      const rss = rssSampler();
      const fanoutCpu = await cpuMeter(setup.ctx);
      const t = performance.now();
      await runFanout(setup.ctx, { accountId, campaignId });
      const seconds = (performance.now() - t) / 1000;
      const mem = rss.stop();
      const cpu = await fanoutCpu();
      const cpuUs = { postgres: usPer(cpu.postgres), node: usPer(cpu.node) };
      loadAt.afterFanout = load();
      const { rows: [check] } = await setup.ctx.database.query<{ recipients: number; queued: number; no_message: number; messages: number; fanned: boolean }>(
        `select (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2) recipients,
                (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'queued') queued,
                (select count(*)::int from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'queued' and message_id is null) no_message,
                (select count(*)::int from messages where account_id = $1 and campaign_id = $2) messages,
                (select fanned_out_at is not null from campaigns where account_id = $1 and id = $2) fanned`, [accountId, campaignId]);
      if (check.recipients !== N || check.queued !== N || check.messages !== N || check.no_message !== 0 || !check.fanned) throw new Error(`fan-out incomplete: ${JSON.stringify(check)}`);
      const rate = Math.round(N / seconds);
      results.fanout = { rate, seconds, raw: raw.rate, rawSeconds: raw.seconds, ratio: rate / raw.rate, rss: mem, batchRows: setup.ctx.config.campaignBatchRows,
        cpuMicrosPerRecipient: { ...cpuUs, rawPostgres: rawUs } };
      console.log('fanout', JSON.stringify(results.fanout));
      rows.push({ case: `raw INSERT … SELECT, ${N.toLocaleString('en')} recipient rows + message rows`, 'per s': raw.rate, ratio: '1.00', seconds: raw.seconds.toFixed(1),
        'CPU µs/row (db, node)': `${rawUs}`, 'RSS MiB (start → end, max)': '' });
      rows.push({ case: `campaign fan-out, ${N.toLocaleString('en')} recipients (batches of ${setup.ctx.config.campaignBatchRows}${LINK ? ', a tracked link each' : ''})`, 'per s': rate, ratio: (rate / raw.rate).toFixed(2), seconds: seconds.toFixed(1),
        'CPU µs/row (db, node)': `${cpuUs.postgres}, ${cpuUs.node}`, 'RSS MiB (start → end, max)': `${mem.startMiB} → ${mem.endMiB}, ${mem.maxMiB}` });
      if (DISPATCH_N > 0) {
        loadAt.rawClaim = load();
        results.rawClaim = await rawClaim(setup.ctx, { accountId, numberId }, { id: campaignId, n: DISPATCH_N });
      }
    } finally {
      await setup.close();
    }
    if (DISPATCH_N > 0) {
      // Dispatch: a worker's own services (own pool), as `npm start` runs it.
      await admin('/reset');
      await admin('/auto-receipts', { stat: 'DELIVRD' });
      loadAt.dispatch = load();
      const work = await services(db.url, {});
      try {
        const d = startDispatcher(work.ctx, console);
        const t = performance.now();
        let atCarrier = 0;
        try {
          for (;;) {
            const s = await admin('/summary') as { submits: number };
            if (s.submits >= DISPATCH_N && !atCarrier) atCarrier = (performance.now() - t) / 1000;
            if (atCarrier) {
              const { rows: [r] } = await work.ctx.database.query<{ n: number }>(
                `select count(*)::int n from messages where account_id = $1 and campaign_id = $2 and status = 'delivered'`, [accountId, campaignId]);
              if (r.n >= DISPATCH_N) break;
            }
            if (performance.now() - t > 900_000) throw new Error(`${s.submits} submitted after 15 minutes`);
            await sleep(100);
          }
        } finally {
          await d.stop();
        }
        const seconds = (performance.now() - t) / 1000;
        const ledger = await admin('/summary') as { submits: number; duplicates: unknown[] };
        if (ledger.duplicates.length) throw new Error(`SMSC received ${ledger.duplicates.length} duplicated messages`);
        const rate = Math.round(DISPATCH_N / seconds);
        results.dispatch = { rate, seconds, toCarrierRate: Math.round(DISPATCH_N / atCarrier), rawClaim: results.rawClaim, ratio: rate / (results.rawClaim as number), smscSubmits: ledger.submits, window: WINDOW };
        console.log('dispatch', JSON.stringify(results.dispatch));
        rows.push({ case: `raw SKIP LOCKED claim+mark, ${DISPATCH_N.toLocaleString('en')} rows`, 'per s': results.rawClaim as number, ratio: '1.00' });
        rows.push({ case: `dispatch of the first ${DISPATCH_N.toLocaleString('en')} → SMPP SMSC (own process, window ${WINDOW}) → delivered`, 'per s': rate, ratio: (rate / (results.rawClaim as number)).toFixed(2), seconds: seconds.toFixed(1) });
      } finally {
        await work.close();
      }
    }
    loadAt.end = load();
  } finally {
    await smsc?.stop();
    await db.drop();
  }
  printTable(`Campaign on PostgreSQL (load average 1/5/15 min: ${Object.entries(loadAt).map(([k, v]) => `${k} ${v}`).join('; ')})`, rows);
  writeResult('campaign', { table: rows, results });
}
