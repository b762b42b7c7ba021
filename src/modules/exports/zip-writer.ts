import { createReadStream, createWriteStream, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
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
  /**
   * A folder that does not exist yet, in a private place its caller sweeps (a killed process
   * never removes it): the CSV spools — personal data — go there; removed when the ZIP ends.
   */
  scratch: string;
}

/** Deflate level: 1 is several times faster than the default 6 on JSON and CSV and still shrinks them ~5×. */
const LEVEL = 1;

/** The ZIP goes to the database in chunks of this size (the last one smaller). */
export const ZIP_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes the ZIP as it is produced to `store`, in chunks of `chunkBytes` numbered from 0
 * (one chunk in memory at a time; the ZIP output waits while a chunk is stored): per section
 * `<name>.json` (an array of API-shaped items) streamed from keyset pages, and `<name>.csv`
 * spooled to a side file during the same pass and added right after (one read of each table).
 * The spools are files of this run in `plan.scratch`, removed when it ends.
 */
export async function writeZip(plan: ZipPlan, store: (seq: number, data: Buffer) => Promise<void>, chunkBytes = ZIP_CHUNK_BYTES): Promise<{ size: number; counts: Record<string, number> }> {
  const zip = new yazl.ZipFile();
  const counts: Record<string, number> = {};
  const scratch = plan.scratch;
  mkdirSync(scratch, { mode: 0o700 });
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => {});
  const lazy = (name: string, make: () => Readable) =>
    zip.addReadStreamLazy(name, { compressionLevel: LEVEL, mtime: new Date() }, (cb) => {
      const stream = make();
      stream.on('error', (err) => zip.emit('error', err));
      cb(null, stream);
    });

  for (const section of plan.sections) {
    const spool = section.csv ? join(scratch, `${section.name}.csv`) : null;
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
  const output = zip.outputStream as unknown as Readable;
  let size = 0;
  const chunking = (async () => {
    let seq = 0;
    let parts: Buffer[] = [];
    let held = 0;
    const flush = async (upTo: number) => {
      const all = Buffer.concat(parts, held);
      await store(seq++, all.subarray(0, upTo));
      parts = held > upTo ? [all.subarray(upTo)] : [];
      held -= upTo;
    };
    for await (const piece of output) {
      parts.push(piece as Buffer);
      held += (piece as Buffer).length;
      size += (piece as Buffer).length;
      while (held >= chunkBytes) await flush(chunkBytes);
    }
    if (held > 0 || seq === 0) await flush(held);
  })();
  try {
    await Promise.race([chunking, failed]);
  } catch (err) {
    output.destroy();
    await chunking.catch(() => {});
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { size, counts };
}

async function* sectionJson(plan: ZipPlan, section: Section, spool: string | null, counts: Record<string, number>): AsyncGenerator<string> {
  const csv = section.csv && spool ? await section.csv(plan.db, plan.scope) : null;
  // Opened here, so a spool folder swept meanwhile (this runner was superseded) throws into the ZIP instead of an
  // 'error' event nobody listens to; a later write error ends the section the same way (never a drain that never comes).
  const out = csv && spool ? createWriteStream(spool, { fd: openSync(spool, 'w', 0o600) }) : null;
  let broken: Error | null = null;
  out?.on('error', (err) => (broken = err));
  const write = async (text: string) => {
    if (broken) throw broken;
    if (!out!.write(text)) await once(out!, 'drain'); // rejects on a write error
  };
  try {
    if (out && csv) await write(stringify([csv.header]));
    let n = 0;
    yield '[';
    for await (const page of section.pages(plan.db, plan.scope, plan.pageSize)) {
      yield (n ? ',\n' : '\n') + page.map((item) => JSON.stringify(item)).join(',\n');
      if (out && csv) await write(stringify(page.map((item) => csv.row(item).map(escapeCsvCell))));
      n += page.length;
      await plan.onRows(page.length);
    }
    yield n ? '\n]\n' : ']\n';
    counts[section.name] = n;
    if (out) {
      if (!broken) {
        out.end();
        await once(out, 'close').catch(() => {}); // a write error: `broken`
      }
      if (broken) throw broken; // the CSV spool is incomplete
    }
  } finally {
    if (out && !out.closed) out.destroy(); // abandoned or failed: its file descriptor is closed
  }
}
