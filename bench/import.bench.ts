import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { analysePhone } from '../src/lib/phone.js';
import { fromPublicId } from '../src/lib/ids.js';
import { runImport } from '../src/modules/imports/import-runner.js';
import { closePhonePool } from '../src/modules/imports/phone-pool.js';
import { startServices } from '../src/server.js';
import { testConfig } from '../test/harness.js';
import { signUp } from '../test/factories.js';
import { expectedUnique, generateCsv } from './csv-gen.js';
import { benchDatabase, postgresReachable, printTable, writeResult, type Row } from './lib.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
/** PGlite is the try-it-out database: by default it imports a tenth of the rows. */
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? Math.round(ROWS / 10));
const mb = (b: number) => Math.round(b / 1048576);

/** The same rows, parsed, as COPY text for a table shaped like contacts (the raw write limit). */
function* copyText(rows: number): Generator<string> {
  const account = '019a0000-0000-7000-8000-0000000000ff';
  let i = 0;
  const seen = new Set<string>();
  for (const chunk of generateCsv(rows)) {
    let out = '';
    for (const line of chunk.split('\n')) {
      if (!line || line.startsWith('phone,')) continue;
      const [phone, first, last, email] = line.split(',');
      const p = analysePhone(phone, 'US');
      if ('problem' in p || seen.has(p.e164)) continue;
      seen.add(p.e164);
      i++;
      const id = `019a0000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
      out += `${id}\t${account}\t${p.e164}\t${first}\t${last}\t${email}\t{customer}\t{}\topted_in\n`;
    }
    yield out;
  }
}

async function rawCopy(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`insert into accounts (id, name) values ('019a0000-0000-7000-8000-0000000000ff', 'copy') on conflict do nothing`);
  await c.query('create table copy_contacts (like contacts including all)');
  const lines = [...copyText(ROWS)]; // parsed beforehand: this measures the database write alone
  const t = performance.now();
  await pipeline(Readable.from(lines), c.query(copyFrom('copy copy_contacts (id, account_id, phone, first_name, last_name, email, tags, fields, consent_state) from stdin')));
  const ms = performance.now() - t;
  await c.end();
  return Math.round((lines.length ? expectedUnique(ROWS) : 0) / (ms / 1000));
}

async function importOnce(ctx: Ctx, ROWS: number) {
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
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const before = process.memoryUsage().rss;
  const progress = setInterval(async () => {
    const s = (await client.get(`/v1/imports/${r.json().id}`)).json();
    const quarter = Math.floor((s.percent ?? 0) / 25);
    while (marks.length < quarter) marks.push(process.memoryUsage().rss);
  }, 250);
  const t = performance.now();
  await runImport(ctx, { accountId: fromPublicId('account', accountId)!, importId: id });
  const ms = performance.now() - t;
  clearInterval(sampler);
  clearInterval(progress);
  const done = (await client.get(`/v1/imports/${r.json().id}`)).json();
  await app.close();
  if (done.status !== 'completed' || done.inserted !== expectedUnique(ROWS)) throw new Error(`import ended ${JSON.stringify(done)}`);
  return { rowsPerSec: Math.round(ROWS / (ms / 1000)), seconds: +(ms / 1000).toFixed(1), rssBeforeMb: mb(before), peakRssMb: mb(peak), rssAtQuartersMb: marks.map(mb), fileMb: mb(fileBytes) };
}

/** CSV import of ROWS generated rows on both databases, beside a raw COPY of the same rows. */
export async function benchImport() {
  const rows: Row[] = [];
  const results: Record<string, unknown> = { rows: ROWS };
  if (await postgresReachable()) {
    const db = await benchDatabase();
    const { ctx } = await startServices(testConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), { dataDir: null, schedule: false });
    const copy = await rawCopy(db.url);
    const imp = await importOnce(ctx, ROWS);
    await ctx.jobs.stop();
    await ctx.database.close();
    await db.drop();
    console.log('postgres', JSON.stringify({ rawCopyRowsPerSec: copy, ...imp }));
    results.postgres = { ...imp, rawCopyRowsPerSec: copy };
    rows.push({ case: 'raw COPY into contacts shape (PostgreSQL)', 'rows/s': copy, ratio: '1.00', 'RSS before / peak MB': '', 'RSS at 25/50/75/100 % (MB)': '' });
    rows.push({ case: `import ${ROWS.toLocaleString('en')} rows, PostgreSQL`, 'rows/s': imp.rowsPerSec, ratio: (imp.rowsPerSec / copy).toFixed(2), 'RSS before / peak MB': `${imp.rssBeforeMb} / ${imp.peakRssMb}`, 'RSS at 25/50/75/100 % (MB)': imp.rssAtQuartersMb.join(' / ') });
  }
  // On disk, as `npm start` runs it: RSS then shows the import, not the database held in memory.
  const config = testConfig({ LOG_LEVEL: 'warn' });
  const { ctx } = await startServices(config, { dataDir: `${config.dataDir}/pglite`, schedule: false });
  const imp = await importOnce(ctx, PGLITE_ROWS);
  console.log('pglite', JSON.stringify(imp));
  await ctx.jobs.stop();
  await ctx.database.close();
  results.pglite = imp;
  rows.push({ case: `import ${PGLITE_ROWS.toLocaleString('en')} rows, PGlite (on disk)`, 'rows/s': imp.rowsPerSec, ratio: '', 'RSS before / peak MB': `${imp.rssBeforeMb} / ${imp.peakRssMb}`, 'RSS at 25/50/75/100 % (MB)': imp.rssAtQuartersMb.join(' / ') });
  await closePhonePool();
  printTable(`CSV import (${ROWS.toLocaleString('en')} rows: mixed formats, 2 % invalid, 1 % duplicates; consent evidence per row)`, rows);
  writeResult('import', { table: rows, results });
}
