import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse';
import { withTx } from '../../db/tx.js';
import type { Ctx } from '../../context.js';
import { crashPoint } from '../../lib/crash-point.js';
import { newUuids, toPublicId } from '../../lib/ids.js';
import { replaceBadText } from '../../lib/text.js';
import { recordAuditAlone } from '../audit/audit.service.js';
import { listFields } from '../contacts/fields.service.js';
import type { FieldDef } from '../contacts/fields.js';
import { resolveTimeZone } from '../contacts/time-zone.js';
import * as accounts from '../accounts/account.service.js';
import { prebuildBatch, writeBatch, type Accepted, type ImportPolicy, type Prebuilt, type WriteHint } from './batch-writer.js';
import { decodeChunks, headerLineOf, sniffDelimiter, sniffEncoding } from './decode.js';
import * as repo from './imports.repo.js';
import { finishImport } from './import-events.js';
import { countPlainLines } from './line-count.js';
import type { Mapping } from './mapping.js';
import { parsePhones } from './phone-pool.js';
import { failureMessage, ImportFileError } from './failure.js';
import { mapRecord, type Candidate, type RowError } from './rows.js';
import { timed } from './stages.js';

export const IMPORT_JOB = 'imports.run';

export interface ImportOptions {
  defaultCountry: string;
  tags: string[];
  existing: 'update' | 'skip';
  consent: { basis: 'consented' | 'unknown'; description?: string };
  skipLandlines: boolean;
}

interface Record_ { row: number; cells: string[] | null; error?: string }

/** The stored file's encoding and delimiter, from its first chunk (a file that is not text fails the import). */
async function openFile(ctx: Ctx, imp: repo.ImportRow, upload: repo.UploadRow) {
  const first = await repo.readUpload(ctx.db, imp.accountId, upload).next();
  const sample = first.done ? new Uint8Array() : first.value;
  const sniff = sniffEncoding(sample);
  if ('error' in sniff) throw new ImportFileError(sniff.hint);
  const headerLine = headerLineOf(new TextDecoder(sniff.encoding).decode(sample.subarray(sniff.bomLength, sniff.bomLength + 65536)));
  return { sniff, delimiter: sniffDelimiter(headerLine) };
}

/**
 * The CSV parser's options for an import (with the file's delimiter and the record size limit), and
 * the preview's. Lenient: a stray quote or a ragged row is read as it stands, so the only record the
 * parser skips is one whose quote stays open to the end of the file (test/import-malformed). Empty
 * lines come as records (one empty cell): `records()` counts each as a row — a spreadsheet shows it
 * as one, and the error report's row numbers must match what people see — and yields none.
 */
export const CSV_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, skip_records_with_error: true } as const;

/** An empty line of the file (the parser's record for it: one empty cell). The preview passes these over too. */
export const isBlank = (r: string[]) => r.length === 1 && r[0] === '';

/**
 * Decoded, parsed records of the stored file, in file order; row 1 is the header. Bad records
 * come as errors. A record's row is its place among the file's records, those the parser skipped
 * included (the parser's own `info.records` counts only the ones it emits, counted here: asking
 * the parser for per-record info objects costs as much as the parsing itself). Rows strictly
 * increase, so a checkpoint (the last row of a committed batch) covers every row before it.
 */
async function* records(ctx: Ctx, imp: repo.ImportRow, upload: repo.UploadRow): AsyncGenerator<Record_> {
  const { sniff, delimiter } = await openFile(ctx, imp, upload);
  // Where each skipped record was: after how many emitted records (the parser's info.records at the
  // skip). The parser calls on_skip while it reads, maybe well ahead of the records this loop has
  // taken from its buffer: a skip is yielded only once the records before it have been.
  const skipped: number[] = [];
  let parsed = 0; // records taken from the parser (its info.records: the records it emits, not the skipped ones)
  let skippedSoFar = 0; // skipped records already yielded
  let leading = 0; // empty lines before the header: not rows (the header is row 1)
  // The overlong record: after how many emitted records, after how many skipped ones (its row: minus the empty lines before the header).
  let oversize = null as { after: number; skips: number } | null; // (set in on_skip: not narrowed to null)
  const parser = parse({
    ...CSV_OPTIONS,
    // Beyond this the CSV parser cannot recover (it would drop every later row): the import fails.
    max_record_size: ctx.config.importMaxRecordBytes, delimiter,
    on_skip: (err) => {
      const after = Number(err?.records ?? 0);
      if (err?.code === 'CSV_MAX_RECORD_SIZE') oversize ??= { after, skips: skippedSoFar + skipped.length };
      else if (skipped[skipped.length - 1] !== after) skipped.push(after); // one report per record, not per error in it
    },
  });
  const feed = (async () => {
    try {
      for await (const text of decodeChunks(repo.readUpload(ctx.db, imp.accountId, upload), sniff)) {
        if (!parser.write(text)) await new Promise((r) => parser.once('drain', r));
      }
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  const tooLong = () => new ImportFileError(`Row ${oversize!.after - leading + oversize!.skips + 1} is longer than ${Math.round(ctx.config.importMaxRecordBytes / 1048576)} MB (a missing closing quote?); nothing was imported past it.`);
  const malformed = (): Record_ => ({ row: parsed - leading + ++skippedSoFar, cells: null, error: 'malformed_row' });
  for await (const record of parser as AsyncIterable<string[]>) {
    // Once the empty lines before the header are all counted (a record after them read, or every record before the overlong one).
    if (oversize && (parsed > leading || parsed >= oversize.after)) throw tooLong();
    while (skipped.length && skipped[0] <= parsed) {
      skipped.shift();
      yield malformed();
    }
    parsed++;
    if (isBlank(record)) {
      if (parsed - leading === 1 && skippedSoFar === 0) leading++; // before the header
      continue; // a row of its own, nothing to import
    }
    yield { row: parsed - leading + skippedSoFar, cells: record };
  }
  await feed;
  if (oversize) throw tooLong();
  while (skipped.length) {
    skipped.shift();
    yield malformed();
  }
}

/** Rows in the file (a first pass), by counting lines where that is exact, else by parsing. */
async function countRows(ctx: Ctx, imp: repo.ImportRow, upload: repo.UploadRow) {
  const lines = await countLines(ctx, imp, upload);
  if (lines !== null) return lines;
  let n = 0;
  for await (const r of records(ctx, imp, upload)) if (r.row > 1) n++;
  return n;
}

/** Data rows of a file without quotes or carriage returns, from its lines (line-count.ts); null for any other file. */
async function countLines(ctx: Ctx, imp: repo.ImportRow, upload: repo.UploadRow): Promise<number | null> {
  const { sniff } = await openFile(ctx, imp, upload);
  // A character is at most 4 bytes: a line under a quarter of the limit never reaches it.
  return countPlainLines(decodeChunks(repo.readUpload(ctx.db, imp.accountId, upload), sniff), Math.floor(ctx.config.importMaxRecordBytes / 4));
}

async function acceptRows(ctx: Ctx, candidates: Candidate[], options: ImportOptions, accountZone: string, phoneColumn: string, errors: RowError[]): Promise<Accepted[]> {
  // The numbers' hashes come from the worker threads too (phoneHash: the same HMAC).
  const parsed = await parsePhones(candidates.map((c) => c.phoneRaw), options.defaultCountry, ctx.config.secretKey);
  const ids = newUuids(candidates.length);
  const accepted: Accepted[] = [];
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    const p = parsed[i];
    if ('problem' in p) return void errors.push({ row: c.row, column: phoneColumn, reason: p.problem, value: c.phoneRaw.slice(0, 100) });
    if (options.skipLandlines && p.type === 'fixed_line') return void errors.push({ row: c.row, column: phoneColumn, reason: 'landline', value: c.phoneRaw.slice(0, 100) });
    if (seen.has(p.e164)) return void errors.push({ row: c.row, column: phoneColumn, reason: 'duplicate_in_file', value: p.e164 });
    seen.add(p.e164);
    const tz = resolveTimeZone({ explicit: c.timeZone, e164: p.e164, country: p.country, accountZone });
    accepted.push({
      row: c.row, e164: p.e164, type: p.type, country: p.country, firstName: c.firstName, lastName: c.lastName, email: c.email,
      tags: [...new Set([...c.tags, ...options.tags])], notes: c.notes, fields: c.fields, timeZone: tz.zone, timeZoneSource: tz.source, consent: c.consent,
      phoneHash: p.hash, newId: ids[i], // here, not in the batch's transaction
    });
  });
  return accepted;
}

/**
 * Runs (or resumes) an import. Each batch — its contacts, consent events, error rows, counters
 * and checkpoint — commits in one transaction, so a crash loses nothing and repeats nothing.
 */
/** The job's payload carries the account, like every job (the tenant-key contract). */
export interface ImportJob { accountId: string; importId: string }

export async function runImport(ctx: Ctx, { accountId, importId }: ImportJob): Promise<void> {
  const token = randomUUID();
  const claimed = await repo.claim(ctx.db, accountId, importId, token, ctx.config.jobStaleAfterMs);
  if (!claimed) return; // finished, canceled, or another runner is alive
  const imp = claimed;
  try {
    const upload = (await repo.findUpload(ctx.db, imp.accountId, imp.uploadId))!;
    const account = (await accounts.findAccount(ctx, imp.accountId))!;
    const options = imp.options as unknown as ImportOptions;
    const mapping = imp.mapping as unknown as Mapping;
    const defs = (await listFields(ctx.db, imp.accountId)) as FieldDef[];
    const policy: ImportPolicy = {
      importId, accountId: imp.accountId, existing: options.existing, userId: imp.createdBy,
      consentDescription: options.consent.basis === 'consented' ? options.consent.description ?? null : null,
      actor: { type: 'system', id: null, label: `import ${toPublicId('import', importId)}` },
    };
    let total = imp.total ?? undefined;
    if (total === undefined) {
      total = await timed('count pass', () => countRows(ctx, imp, upload));
      if (!(await withTx(ctx.db, (tx) => repo.advance(tx, accountId, importId, token, zero(imp.checkpointRow), total)))) return;
    }
    let headers: string[] = [];
    let batch: Record_[] = [];
    const run: BatchRun = { ctx, accountId: imp.accountId, token, policy, options, accountZone: account.timeZone, mapping, defs, hint: { lookupFirst: false } };
    // Pipeline: while batch k commits, batch k+1 has its numbers parsed on the worker pool and
    // batch k+2 is read (CSV) on this thread. Commits stay strictly ordered, so each batch sees
    // the ones before it; at most PIPELINE_DEPTH batches wait, so memory stays flat.
    const inFlight: Promise<boolean>[] = [];
    let committed: Promise<boolean> = Promise.resolve(true);
    const flush = async () => {
      const preparing = timed('prepare (overlaps)', () => prepareBatch(run, headers, batch));
      batch = [];
      const previous = committed;
      committed = (async () => {
        const p = await preparing;
        return (await previous) && commitBatch(run, p);
      })();
      committed.catch(() => undefined); // awaited in order below (or by the next batch); marked handled meanwhile
      inFlight.push(committed);
      return inFlight.length < PIPELINE_DEPTH || (await inFlight.shift()!);
    };
    try {
      for await (const rec of records(ctx, imp, upload)) {
        if (rec.row === 1 && rec.cells) headers = rec.cells.map((h) => replaceBadText(h.trim())); // names go into the error report
        if (rec.row <= Math.max(1, imp.checkpointRow)) continue; // header, or committed before a restart
        batch.push(rec);
        if (batch.length >= ctx.config.importBatchRows && !(await flush())) return;
      }
      if (batch.length && !(await flush())) return;
      if (!(await committed)) return;
    } finally {
      await Promise.allSettled(inFlight); // no batch still writing once this runner gives up or fails
    }
    if (await finishImport(ctx, accountId, importId, token, 'completed')) {
      const done = await repo.findImport(ctx.db, imp.accountId, importId);
      await recordAuditAlone(ctx.db, {
        accountId: imp.accountId, actor: policy.actor, action: 'import.completed', target: { type: 'import', id: importId },
        details: { inserted: done?.inserted, updated: done?.updated, skipped: done?.skipped, failed: done?.failed },
      });
    }
  } catch (err) {
    await finishImport(ctx, accountId, importId, token, 'failed', failureMessage(err)); // never the database's own words
    // A problem of the file is the user's to fix (told on the import); anything else goes on to the job runner, which
    // logs and counts it — its retry finds the import finished and does nothing.
    if (!(err instanceof ImportFileError)) throw err;
  }
}

const zero = (checkpointRow: number): repo.Progress => ({ processed: 0, inserted: 0, updated: 0, skipped: 0, failed: 0, checkpointRow });

interface BatchRun {
  ctx: Ctx;
  accountId: string;
  token: string;
  policy: ImportPolicy;
  options: ImportOptions;
  accountZone: string;
  mapping: Mapping;
  defs: FieldDef[];
  hint: WriteHint;
}
interface Prepared { accepted: Accepted[]; errors: RowError[]; rows: number; empty: number; lastRow: number; prebuilt: Prebuilt | null }

/** Maps and checks a batch's rows and parses their numbers; touches no database. */
async function prepareBatch(run: BatchRun, headers: string[], batch: Record_[]): Promise<Prepared> {
  const errors: RowError[] = [];
  const candidates: Candidate[] = [];
  let empty = 0;
  for (const rec of batch) {
    if (!rec.cells) {
      errors.push({ row: rec.row, column: null, reason: rec.error ?? 'malformed_row' });
      continue;
    }
    const r = mapRecord(rec.cells, rec.row, headers, run.mapping, run.defs);
    if (r === null) empty++;
    else if ('reason' in r) errors.push(r);
    else candidates.push(r);
  }
  const phoneColumn = headers[run.mapping.phone ?? 0] ?? 'phone';
  const accepted = await acceptRows(run.ctx, candidates, run.options, run.accountZone, phoneColumn, errors);
  // PostgreSQL, while batches find no known numbers: the COPY texts are built here, outside the
  // transaction (which uses them unless a number turns out known or suppressed).
  const prebuilt = run.ctx.database.kind === 'postgres' && !run.hint.lookupFirst ? prebuildBatch(run.policy, accepted, run.ctx.now()) : null;
  return { accepted, errors, rows: batch.length, empty, lastRow: batch[batch.length - 1].row, prebuilt };
}

/** Error-report rows that count as skipped, not failed: a repeat of an earlier row, a landline the user chose to skip. */
const SKIP_REASONS = new Set<string>(['duplicate_in_file', 'landline']);

/** Batches read ahead of the one committing (one with its numbers being parsed, one being read). */
const PIPELINE_DEPTH = 2;
class RunnerLost extends Error {}

/**
 * Writes a prepared batch with its counters and checkpoint in one transaction; false (and
 * nothing written) when this runner lost the import (canceled, or taken over as stale).
 */
async function commitBatch(run: BatchRun, p: Prepared): Promise<boolean> {
  if (run.ctx.testHooks?.beforeImportCommit) await run.ctx.testHooks.beforeImportCommit();
  return timed('commit', () => withTx(run.ctx.db, async (tx) => {
    const failedBefore = p.errors.filter((e) => !SKIP_REASONS.has(e.reason)).length;
    const dupBefore = p.errors.length - failedBefore;
    const counts = await writeBatch(run.ctx, tx, run.policy, p.accepted, p.errors, run.hint, p.prebuilt);
    await timed('commit: error rows', () => repo.insertErrors(tx, run.accountId, run.policy.importId, p.errors));
    crashPoint(run.ctx.config.testCrashAt, 'import.batch'); // crash tests: die with this batch written, uncommitted
    const ok = await repo.advance(tx, run.accountId, run.policy.importId, run.token, {
      ...counts, processed: p.rows, failed: failedBefore, skipped: counts.skipped + dupBefore + p.empty, checkpointRow: p.lastRow,
    });
    if (!ok) throw new RunnerLost();
    return true;
  })).catch((err) => {
    if (err instanceof RunnerLost) return false;
    throw err;
  });
}

/** Re-queues imports whose runner died (process killed, machine lost). */
export async function resumeStaleImports(ctx: Ctx, staleMs = ctx.config.jobStaleAfterMs): Promise<number> {
  const stale = await repo.staleRunning(ctx.db, staleMs);
  for (const s of stale) await ctx.jobs.send(IMPORT_JOB, { accountId: s.accountId, importId: s.id } satisfies ImportJob);
  return stale.length;
}
