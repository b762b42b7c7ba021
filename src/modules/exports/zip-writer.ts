import { createReadStream, createWriteStream, rmSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import type { Db } from '../../db/client.js';
import { escapeCsvCell } from '../../lib/csv.js';
import type { Section } from './sections.js';
import type { ExportScope } from './sources.repo.js';

export interface ZipPlan {
  db: Db;
  scope: ExportScope;
  sections: Section[];
  /** Rows per database page (memory holds about one page per section at a time). */
  pageSize: number;
  /** Called after each page with the rows it held (progress, heartbeat); throwing aborts the export. */
  onRows(rows: number): Promise<void>;
  /** Extra small files (README, manifest), written after the sections; `text` runs when its turn comes. */
  trailer: Array<{ name: string; text: (counts: Record<string, number>) => string }>;
}

/** Deflate level: 1 is several times faster than the default 6 on JSON and CSV and still shrinks them ~5×. */
const LEVEL = 1;

async function write(out: WriteStream, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes the ZIP to `path`: per section `<name>.json` (an array of API-shaped items) streamed from
 * keyset pages, and `<name>.csv` spooled to a side file during the same pass and added right after
 * (one read of each table). Nothing holds more than a page; the caller renames the file when done.
 */
export async function writeZip(plan: ZipPlan, path: string): Promise<{ size: number; counts: Record<string, number> }> {
  const zip = new yazl.ZipFile();
  const counts: Record<string, number> = {};
  const spools: string[] = [];
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  const lazy = (name: string, make: () => Readable) =>
    zip.addReadStreamLazy(name, { compressionLevel: LEVEL, mtime: new Date() }, (cb) => {
      const stream = make();
      stream.on('error', (err) => zip.emit('error', err));
      cb(null, stream);
    });

  for (const section of plan.sections) {
    const spool = section.csv ? `${path}.${section.name}.csv.part` : null;
    if (spool) spools.push(spool);
    lazy(`${section.name}.json`, () => Readable.from(sectionJson(plan, section, spool, counts), { highWaterMark: 1 })); // one page buffered
    if (spool) {
      lazy(`${section.name}.csv`, () => Readable.from((async function* () {
        yield* createReadStream(spool);
        rmSync(spool, { force: true });
      })()));
    }
  }
  for (const t of plan.trailer) lazy(t.name, () => Readable.from([t.text(counts)]));
  zip.end();
  const file = createWriteStream(path, { mode: 0o600 });
  try {
    await Promise.race([pipeline(zip.outputStream, file), failed]);
  } catch (err) {
    (zip.outputStream as unknown as Readable).destroy();
    file.destroy();
    throw err;
  } finally {
    for (const s of spools) rmSync(s, { force: true });
  }
  return { size: statSync(path).size, counts };
}

async function* sectionJson(plan: ZipPlan, section: Section, spool: string | null, counts: Record<string, number>): AsyncGenerator<string> {
  const csv = section.csv && spool ? await section.csv(plan.db, plan.scope) : null;
  const out = csv && spool ? createWriteStream(spool, { mode: 0o600 }) : null;
  try {
    if (out && csv) await write(out, stringify([csv.header]));
    let n = 0;
    yield '[';
    for await (const page of section.pages(plan.db, plan.scope, plan.pageSize)) {
      yield (n ? ',\n' : '\n') + page.map((item) => JSON.stringify(item)).join(',\n');
      if (out && csv) await write(out, stringify(page.map((item) => csv.row(item).map(escapeCsvCell))));
      n += page.length;
      await plan.onRows(page.length);
    }
    yield n ? '\n]\n' : ']\n';
    counts[section.name] = n;
  } finally {
    if (out) {
      out.end();
      await once(out, 'close');
    }
  }
}
