import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { withTx } from '../../db/tx.js';
import type { Ctx } from '../../context.js';
import { uploads } from '../../db/schema/index.js';
import type { AuthContext } from '../../http/auth.js';
import { escapeCsvCell } from '../../lib/csv.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { listFields } from '../contacts/fields.service.js';
import { normaliseTags } from '../contacts/contacts.service.js';
import { decodeChunks, decodeSample, headerLineOf, sniffDelimiter, sniffEncoding, type Encoding } from './decode.js';
import { CSV_OPTIONS, IMPORT_JOB, isBlank, type ImportJob, type ImportOptions } from './import-runner.js';
import * as repo from './imports.repo.js';
export type { ImportRow } from './imports.repo.js';
import { countHeaderColumns, detectMapping, resolveMapping, type Mapping, type MappingInput } from './mapping.js';
import { MAX_COLUMNS, REASON_MESSAGES } from './rows.js';
import * as retention from './retention.repo.js';

const CHUNK = 1024 * 1024;
const SAMPLE = 64 * 1024;
/** The preview's records: the header and ten rows (empty lines are no rows to show). */
const PREVIEW_RECORDS = 11;

export interface Preview {
  uploadId: string;
  filename: string;
  size: number;
  encoding: Encoding;
  delimiter: string;
  headers: string[];
  sampleRows: string[][];
  mapping: Mapping;
}

/** Stores an uploaded file in 1 MiB chunks in one transaction; a bad file stores nothing. */
export async function storeUpload(ctx: Ctx, auth: AuthContext, filename: string, stream: Readable & { truncated?: boolean }) {
  const id = newUuid();
  return withTx(ctx.db, async (tx) => {
    await repo.insertUpload(tx, { id, accountId: auth.accountId, filename: filename.slice(0, 255), size: 0, chunks: 0, createdBy: auth.userId });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let size = 0;
    let sample: Buffer | null = null;
    const flush = async () => {
      const data = Buffer.concat(pending);
      if (seq === 0) {
        sample = data.subarray(0, SAMPLE);
        const sniff = sniffEncoding(sample);
        if ('error' in sniff) throw unprocessable(sniff.error, sniff.hint);
      }
      await repo.insertChunk(tx, auth.accountId, id, seq++, data);
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of incoming(stream as AsyncIterable<Buffer>)) {
      size += chunk.length;
      if (size > ctx.config.importMaxBytes) throw new AppError(413, 'file_too_large', `Files up to ${Math.round(ctx.config.importMaxBytes / 1048576)} MB are accepted.`);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK) await flush();
    }
    if (stream.truncated) throw new AppError(413, 'file_too_large', 'The file is larger than the server accepts.');
    if (pendingBytes > 0) await flush();
    if (size === 0) throw unprocessable('empty_file', 'The file is empty.');
    await repo.finishUpload(tx, auth.accountId, id, size, seq);
    return { upload: (await repo.findUpload(tx, auth.accountId, id))!, sample: sample! as Buffer };
  });
}

/**
 * The request's bytes; a body that breaks off (the client went away, a cut multipart form) is
 * the client's 400, not our 500. Errors that carry an HTTP status (limits) pass as they are.
 */
export async function* incoming<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await it.next();
      } catch (err) {
        finished = true;
        throw brokenUpload(err);
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) await it.return?.(); // the reader stopped early: the source cleans up as a for-await would
  }
}

export function brokenUpload(err: unknown): unknown {
  if (err instanceof AppError || (err as { statusCode?: number }).statusCode) return err;
  return new AppError(400, 'upload_incomplete', 'The upload broke off before the whole file arrived. Send the file again.');
}

/** Deletes an upload that no import will use (its chunks go with it). */
export async function discardUpload(ctx: Ctx, auth: AuthContext, uploadId: string) {
  await withTx(ctx.db, (tx) => repo.deleteUpload(tx, auth.accountId, uploadId));
}

/**
 * Deletes uploads (file and chunks) that no import uses and that are older than
 * UPLOAD_ABANDON_HOURS: previews never imported, uploads whose request broke off. Batched; a
 * cron job. Returns how many went.
 */
export async function sweepAbandonedUploads(ctx: Ctx, batch = 500): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.config.uploadAbandonAfterMs);
  let total = 0;
  for (;;) {
    const n = await withTx(ctx.db, (tx) => retention.deleteAbandonedUploads(tx, before, batch));
    total += n;
    if (n < batch) return total;
  }
}

/** Header, first rows and a proposed mapping, from the first 64 KiB of the file. */
export async function preview(ctx: Ctx, auth: AuthContext, upload: repo.UploadRow, sample: Uint8Array): Promise<Preview> {
  const sniff = sniffEncoding(sample);
  if ('error' in sniff) throw unprocessable(sniff.error, sniff.hint);
  const whole = decodeSample(sample, sniff);
  const delimiter = sniffDelimiter(headerLineOf(whole));
  let text = whole;
  if (upload.size > sample.length) {
    // The last line break (CR alone ends a line too: the parser takes it as the file's record delimiter).
    const end = Math.max(whole.lastIndexOf('\n'), whole.lastIndexOf('\r'));
    // The header line does not end within the first 64 KiB: count its columns over the whole file.
    if (end < 0) throw await headerTooLong(ctx, auth, upload, sniff, delimiter, sample.length);
    text = whole.slice(0, end);
  }
  // Read as the import reads the file (its CSV options and empty lines), so the preview shows what
  // will be imported; the preview's own part is the input: the sample, and its first records only.
  const rows = (parse(text, { ...CSV_OPTIONS, delimiter }) as string[][]).filter((r) => !isBlank(r)).slice(0, PREVIEW_RECORDS);
  if (!rows.length) throw unprocessable('empty_file', 'The file has no rows.');
  if (rows[0].length > MAX_COLUMNS) throw tooManyColumns(rows[0].length);
  const headers = rows[0].map((h) => h.trim());
  const fields = await listFields(ctx.db, auth.accountId);
  return {
    uploadId: upload.id, filename: upload.filename, size: upload.size, encoding: sniff.encoding, delimiter, headers,
    sampleRows: rows.slice(1), mapping: detectMapping(headers, rows.slice(1), fields),
  };
}

const tooManyColumns = (columns: number) => unprocessable(
  'too_many_columns',
  `The file has ${columns.toLocaleString('en-US')} columns; up to ${MAX_COLUMNS.toLocaleString('en-US')} are accepted. Check the delimiter, or keep only the columns to import.`,
  { columns, limit: MAX_COLUMNS },
);

/** The answer for a file whose header line is longer than the sample: too many columns, or just too long. */
async function headerTooLong(ctx: Ctx, auth: AuthContext, upload: repo.UploadRow, sniff: { encoding: Encoding; bomLength: number }, delimiter: string, limitBytes: number) {
  const columns = await countHeaderColumns(decodeChunks(repo.readUpload(ctx.db, auth.accountId, upload), sniff), delimiter, ctx.config.importMaxRecordBytes);
  if (columns > MAX_COLUMNS) return tooManyColumns(columns);
  return unprocessable('header_too_long', `The first row (the column names) is longer than ${limitBytes / 1024} KB. Is the file a contact list?`, { limitBytes });
}

export interface CreateImportInput {
  uploadId: string;
  mapping?: MappingInput;
  options: Omit<ImportOptions, 'defaultCountry'> & { defaultCountry?: string };
}

export async function createImport(ctx: Ctx, auth: AuthContext, input: CreateImportInput, sample: Uint8Array | null, meta: RequestMeta) {
  const uploadId = fromPublicId('upload', input.uploadId) ?? input.uploadId;
  const upload = /^[0-9a-f-]{36}$/.test(uploadId) ? await repo.findUpload(ctx.db, auth.accountId, uploadId) : null;
  if (!upload) throw notFound('Upload');
  const first = sample ?? (await repo.readUpload(ctx.db, auth.accountId, upload).next()).value;
  const pv = await preview(ctx, auth, upload, first ?? new Uint8Array());
  let mapping = pv.mapping;
  if (input.mapping) {
    const r = resolveMapping(input.mapping, pv.headers);
    if ('error' in r) throw unprocessable('unknown_column', `The file has no column "${r.column}".`, { column: r.column, headers: pv.headers });
    mapping = r.mapping;
  }
  if (mapping.phone === null) throw unprocessable('no_phone_column', 'Map the column that holds phone numbers.', { headers: pv.headers });
  const known = new Set((await listFields(ctx.db, auth.accountId)).map((f) => f.key));
  const unknown = Object.keys(mapping.fields).find((k) => !known.has(k));
  if (unknown) throw unprocessable('unknown_field', `There is no custom field "${unknown}".`, { field: unknown });
  const o = input.options;
  if (o.consent.basis === 'consented' && !o.consent.description?.trim()) {
    throw unprocessable('consent_description_required', 'Describe how these people gave consent (it is kept as evidence).', { field: 'consent.description' });
  }
  const options: ImportOptions = { ...o, defaultCountry: (o.defaultCountry ?? auth.account.defaultCountry).toUpperCase(), tags: normaliseTags(o.tags) };
  return withTx(ctx.db, async (tx) => {
    const imp = await repo.insertImport(tx, {
      id: newUuid(), accountId: auth.accountId, uploadId: upload.id, createdBy: auth.userId, status: 'queued',
      mapping: mapping as unknown as Record<string, unknown>, options: options as unknown as Record<string, unknown>,
    });
    await ctx.jobs.send(IMPORT_JOB, { accountId: imp.accountId, importId: imp.id } satisfies ImportJob, tx);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'import.created', target: { type: 'import', id: imp.id }, meta, details: { filename: upload.filename, size: upload.size, consent: options.consent.basis } });
    return imp;
  });
}

/** The account's latest imports with their file names. */
export function listImports(ctx: Ctx, auth: AuthContext, limit = 100) {
  return repo.listImports(ctx.db, auth.accountId, limit);
}

export async function getImport(ctx: Ctx, auth: AuthContext, publicId: string) {
  const id = fromPublicId('import', publicId);
  const imp = id ? await repo.findImport(ctx.db, auth.accountId, id) : null;
  if (!imp) throw notFound('Import');
  const [upload] = await ctx.db.select({ filename: uploads.filename }).from(uploads).where(eq(uploads.id, imp.uploadId));
  return { imp, filename: upload?.filename ?? '' };
}

export async function cancelImport(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const { imp } = await getImport(ctx, auth, publicId);
  return withTx(ctx.db, async (tx) => {
    const done = await repo.cancel(tx, auth.accountId, imp.id);
    if (!done) throw new AppError(409, 'import_finished', `This import is already ${imp.status}.`);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'import.canceled', target: { type: 'import', id: imp.id }, meta });
    return done;
  });
}

/** The per-row report as CSV (row, column, reason, value, message), page by page. */
export async function* errorsCsv(ctx: Ctx, auth: AuthContext, importId: string): AsyncGenerator<string> {
  yield stringify([['row', 'column', 'reason', 'value', 'message']]);
  let after = 0;
  for (;;) {
    const page = await repo.errorsPage(ctx.db, auth.accountId, importId, after, 5000);
    if (!page.length) return;
    yield stringify(page.map((e) => [e.rowNumber, e.column, e.reason, e.value, REASON_MESSAGES[e.reason] ?? ''].map(escapeCsvCell)));
    after = page[page.length - 1].rowNumber;
  }
}
