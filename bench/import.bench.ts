import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { analysePhone } from '../src/lib/phone.js';
import { fromPublicId } from '../src/lib/ids.js';
import { resolveTimeZone } from '../src/modules/contacts/time-zone.js';
import { runImport } from '../src/modules/imports/import-runner.js';
import { closePhonePool } from '../src/modules/imports/phone-pool.js';
import { resetStages, stageTimes } from '../src/modules/imports/stages.js';
import { startServices } from '../src/server.js';
import { testConfig } from '../test/harness.js';
import { signUp } from '../test/factories.js';
import { expectedUnique, generateCsv } from './csv-gen.js';
import { benchDatabase, cpuSeconds, postgresReachable, printTable, startProfile, tableWrites, writeResult, writesDelta, type Row } from './lib.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
/** PGlite is the try-it-out database: by default it imports a tenth of the rows. */
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? Math.round(ROWS / 10));
const mb = (b: number) => Math.round(b / 1048576);
const per100k = (seconds: number, n: number) => +((seconds / n) * 100_000).toFixed(2);

/**
 * The contacts the import writes for `generateCsv(rows)` (same numbers, names, emails, types,
 * zones, tags and consent state), as COPY text, parsed beforehand so that the raw COPY measures
 * the database write alone.
 */
const IMPORT_ID = '019a0000-0000-7000-8000-0000000000fe';
function* copyText(rows: number, account: string): Generator<string> {
  let i = 0;
  const seen = new Set<string>();
  const now = new Date().toISOString();
  for (const chunk of generateCsv(rows)) {
    let out = '';
    for (const line of chunk.split('\n')) {
      if (!line || line.startsWith('phone,')) continue;
      const [phone, first, last, email, tags] = line.split(',');
      const p = analysePhone(phone, 'US');
      if ('problem' in p || seen.has(p.e164)) continue;
      seen.add(p.e164);
      i++;
      const tz = resolveTimeZone({ e164: p.e164, country: p.country, accountZone: 'UTC' });
      const id = `019a0000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
      out += `${id}\t${account}\t${IMPORT_ID}\t${p.e164}\t${p.type}\t${p.country}\t${first}\t${last}\t${email}\t${tz.zone}\t${tz.source}\t{${tags.split(';').join(',')}}\t{}\topted_in\t${now}\n`;
    }
    yield out;
  }
}

/**
 * Raw limit: COPY of those contacts into the contacts table itself (same indexes, empty like the
 * import finds it), streamed from a file written beforehand; then the table is emptied again.
 */
async function rawCopy(url: string) {
  const account = '019a0000-0000-7000-8000-0000000000ff';
  const file = join(mkdtempSync(join(tmpdir(), 'wm-copy-')), 'contacts.copy');
  await pipeline(Readable.from(copyText(ROWS, account)), createWriteStream(file));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`insert into accounts (id, name) values ($1, 'copy') on conflict do nothing`, [account]);
  await c.query('checkpoint');
  const { rows: [{ pid }] } = await c.query<{ pid: number }>('select pg_backend_pid() pid');
  const cpu0 = cpuSeconds(pid);
  const t = performance.now();
  await pipeline(createReadStream(file), c.query(copyFrom('copy contacts (id, account_id, import_id, phone, phone_type, country, first_name, last_name, email, time_zone, time_zone_source, tags, fields, consent_state, consent_updated_at) from stdin')));
  const ms = performance.now() - t;
  const pgCpu = cpuSeconds(pid) - cpu0;
  const { rows } = await c.query<{ n: number }>('select count(*)::int n from contacts where account_id = $1', [account]);
  if (rows[0].n !== expectedUnique(ROWS)) throw new Error(`raw COPY wrote ${rows[0].n} contacts`);
  await c.query('truncate contacts cascade');
  await c.query('checkpoint');
  await c.end();
  rmSync(file, { force: true });
  return { contactsPerSec: Math.round(rows[0].n / (ms / 1000)), seconds: +(ms / 1000).toFixed(1), postgresCpuSecPer100k: per100k(pgCpu, ROWS) };
}

/** CPU seconds of this process's threads, summed by thread name (main "node", workers, libuv pool, V8's GC helpers). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const name = tid === String(process.pid) ? 'main' : readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** PostgreSQL backends of the bench database (PGlite: none). */
async function backends(ctx: Ctx, url: string | null): Promise<number[]> {
  if (!url) return [];
  return (await ctx.database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
}

async function importOnce(ctx: Ctx, ROWS: number, url: string | null = null) {
  const app = await buildApp(ctx, { logger: false });
  const { client, accountId } = await signUp(app);
  // The file is generated while it uploads, so the process never holds all of it.
  const boundary = 'wmbenchboundary';
  let fileBytes = 0;
  async function* body() {
    yield `--${boundary}\r\nContent-Disposition: form-data; name="options"\r\n\r\n${JSON.stringify({ consent: { basis: 'consented', description: 'Bench list' } })}\r\n`;
    yield `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    for (const chunk of generateCsv(ROWS)) {
      fileBytes += Buffer.byteLength(chunk);
      yield chunk;
    }
    yield `\r\n--${boundary}--\r\n`;
  }
  const r = await client.request('POST', '/v1/imports', Readable.from(body()), { 'content-type': `multipart/form-data; boundary=${boundary}` });
  if (r.statusCode !== 202) throw new Error(r.body);
  const id = fromPublicId('import', r.json().id)!;
  let peak = 0;
  const marks: number[] = [];
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss()); // rss() alone: memoryUsage() also walks the heap spaces, every 50 ms
  }, 50);
  const before = process.memoryUsage.rss();
  const progress = setInterval(async () => {
    const s = (await client.get(`/v1/imports/${r.json().id}`)).json();
    const quarter = Math.floor((s.percent ?? 0) / 25);
    while (marks.length < quarter) marks.push(process.memoryUsage.rss());
  }, 250);
  const load = loadavg()[0];
  const writes0 = url ? await tableWrites(url) : null;
  const pg0 = new Map((await backends(ctx, url)).map((p) => [p, cpuSeconds(p)]));
  const node0 = process.cpuUsage();
  const threads0 = threadCpu();
  resetStages();
  const profiler = await startProfile('BENCH_IMPORT_PROF');
  const t = performance.now();
  await runImport(ctx, { accountId: fromPublicId('account', accountId)!, importId: id });
  const ms = performance.now() - t;
  await profiler?.();
  const nodeUsed = process.cpuUsage(node0);
  const threads = Object.fromEntries([...threadCpu()].map(([k, v]) => [k, per100k(v - (threads0.get(k) ?? 0), ROWS)]).filter(([, v]) => Number(v) > 0));
  // Our process (every thread: the phone-parsing workers too) and the database's backends (those opened during the run count from zero).
  const cpu = { node: (nodeUsed.user + nodeUsed.system) / 1e6, postgres: (await backends(ctx, url)).reduce((a, p) => a + cpuSeconds(p) - (pg0.get(p) ?? 0), 0) };
  const writes = writes0 && url ? writesDelta(writes0, await tableWrites(url)) : null;
  clearInterval(sampler);
  clearInterval(progress);
  while (marks.length < 4) marks.push(process.memoryUsage.rss()); // the last quarter ends with the import
  const done = (await client.get(`/v1/imports/${r.json().id}`)).json();
  await app.close();
  if (done.status !== 'completed' || done.inserted !== expectedUnique(ROWS)) throw new Error(`import ended ${JSON.stringify(done)}`);
  return {
    rowsPerSec: Math.round(ROWS / (ms / 1000)), contactsPerSec: Math.round(done.inserted / (ms / 1000)), seconds: +(ms / 1000).toFixed(1),
    rssBeforeMb: mb(before), peakRssMb: mb(peak), rssAtQuartersMb: marks.map(mb), fileMb: mb(fileBytes), loadAvg: [load, loadavg()[0]].map((l) => +l.toFixed(1)),
    cpuSecPer100kRows: { node: per100k(cpu.node, ROWS), postgres: url ? per100k(cpu.postgres, ROWS) : null, threads }, stageMs: stageTimes(), writes,
  };
}

/** CSV import of ROWS generated rows on both databases, beside a raw COPY of the same rows. */
export async function benchImport() {
  const rows: Row[] = [];
  const results: Record<string, unknown> = { rows: ROWS };
  if (await postgresReachable()) {
    const db = await benchDatabase();
    const { ctx } = await startServices(testConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', IMPORT_BATCH_ROWS: process.env.IMPORT_BATCH_ROWS }), { dataDir: null, schedule: false });
    const load = loadavg()[0];
    const copy = { ...(await rawCopy(db.url)), loadAvg: [load, loadavg()[0]].map((l) => +l.toFixed(1)) };
    const imp = await importOnce(ctx, ROWS, db.url);
    await ctx.jobs.stop();
    await ctx.database.close();
    await db.drop();
    console.log('postgres', JSON.stringify({ rawCopy: copy, import: imp }));
    results.postgres = { ...imp, rawCopy: copy };
    // The ratio compares the time to put the same contacts into the same table: copy s / import s.
    rows.push({ case: 'raw COPY of the same contacts into contacts (PostgreSQL)', 'contacts/s': copy.contactsPerSec, 'file rows/s': '', seconds: copy.seconds, ratio: '1.00', 'RSS before / peak MB': '', 'RSS at 25/50/75/100 % (MB)': '', 'load avg (1 min) start / end': copy.loadAvg.join(' / '), 'CPU s/100k rows (ours, PostgreSQL)': `-, ${copy.postgresCpuSecPer100k}` });
    rows.push({ case: `import ${ROWS.toLocaleString('en')} rows, PostgreSQL`, 'contacts/s': imp.contactsPerSec, 'file rows/s': imp.rowsPerSec, seconds: imp.seconds, ratio: (copy.seconds / imp.seconds).toFixed(2), 'RSS before / peak MB': `${imp.rssBeforeMb} / ${imp.peakRssMb}`, 'RSS at 25/50/75/100 % (MB)': imp.rssAtQuartersMb.join(' / '), 'load avg (1 min) start / end': imp.loadAvg.join(' / '), 'CPU s/100k rows (ours, PostgreSQL)': `${imp.cpuSecPer100kRows.node}, ${imp.cpuSecPer100kRows.postgres}` });
  }
  // On disk, as `npm start` runs it: RSS then shows the import, not the database held in memory.
  if (PGLITE_ROWS > 0) {
    const config = testConfig({ LOG_LEVEL: 'warn' });
    const { ctx } = await startServices(config, { dataDir: `${config.dataDir}/pglite`, schedule: false });
    const imp = await importOnce(ctx, PGLITE_ROWS);
    console.log('pglite', JSON.stringify(imp));
    await ctx.jobs.stop();
    await ctx.database.close();
    results.pglite = imp;
    rows.push({ case: `import ${PGLITE_ROWS.toLocaleString('en')} rows, PGlite (on disk)`, 'contacts/s': imp.contactsPerSec, 'file rows/s': imp.rowsPerSec, seconds: imp.seconds, ratio: '', 'RSS before / peak MB': `${imp.rssBeforeMb} / ${imp.peakRssMb}`, 'RSS at 25/50/75/100 % (MB)': imp.rssAtQuartersMb.join(' / '), 'load avg (1 min) start / end': imp.loadAvg.join(' / '), 'CPU s/100k rows (ours, PostgreSQL)': `${imp.cpuSecPer100kRows.node}, -` });
  }
  await closePhonePool();
  printTable(`CSV import (${ROWS.toLocaleString('en')} rows: mixed formats, 2 % invalid, 1 % duplicates; consent evidence per row)`, rows);
  writeResult('import', { table: rows, results });
}
