import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { importErrors, imports, uploadChunks, uploads } from '../../db/schema/index.js';
import type { RowError } from './rows.js';

export type ImportRow = typeof imports.$inferSelect;
export type UploadRow = typeof uploads.$inferSelect;

export async function insertUpload(tx: Db, row: typeof uploads.$inferInsert) {
  await tx.insert(uploads).values(row);
}
export async function insertChunk(tx: Db, accountId: string, uploadId: string, seq: number, data: Uint8Array) {
  await tx.insert(uploadChunks).values({ accountId, uploadId, seq, data });
}
export async function deleteUpload(db: Db, accountId: string, uploadId: string) {
  await db.delete(uploadChunks).where(and(eq(uploadChunks.accountId, accountId), eq(uploadChunks.uploadId, uploadId)));
  await db.delete(uploads).where(and(eq(uploads.accountId, accountId), eq(uploads.id, uploadId)));
}
export async function finishUpload(tx: Db, accountId: string, uploadId: string, size: number, chunks: number) {
  await tx.update(uploads).set({ size, chunks }).where(and(eq(uploads.accountId, accountId), eq(uploads.id, uploadId)));
}
export async function findUpload(db: Db, accountId: string, id: string) {
  const [u] = await db.select().from(uploads).where(and(eq(uploads.accountId, accountId), eq(uploads.id, id)));
  return u ?? null;
}

/** The stored file, chunk by chunk (1 MiB each): memory stays flat whatever the file size. */
export async function* readUpload(db: Db, accountId: string, upload: UploadRow): AsyncGenerator<Uint8Array> {
  for (let seq = 0; seq < upload.chunks; seq++) {
    const [c] = await db
      .select({ data: uploadChunks.data })
      .from(uploadChunks)
      .where(and(eq(uploadChunks.accountId, accountId), eq(uploadChunks.uploadId, upload.id), eq(uploadChunks.seq, seq)));
    if (!c) throw new Error(`upload ${upload.id} is missing chunk ${seq}`);
    yield c.data instanceof Uint8Array ? c.data : new Uint8Array(c.data as ArrayBuffer);
  }
}

export async function insertImport(tx: Db, row: typeof imports.$inferInsert) {
  const [i] = await tx.insert(imports).values(row).returning();
  return i;
}
export async function findImport(db: Db, accountId: string, id: string) {
  const [i] = await db.select().from(imports).where(and(eq(imports.accountId, accountId), eq(imports.id, id)));
  return i ?? null;
}
export async function listImports(db: Db, accountId: string, limit: number) {
  return db
    .select({ imp: imports, filename: uploads.filename })
    .from(imports)
    .innerJoin(uploads, and(eq(uploads.id, imports.uploadId), eq(uploads.accountId, imports.accountId)))
    .where(eq(imports.accountId, accountId))
    .orderBy(desc(imports.createdAt))
    .limit(limit);
}

/** Claims an import for one runner: a queued one, or a running one whose runner went silent. */
export async function claim(db: Db, accountId: string, id: string, token: string, staleMs: number) {
  const [i] = await db
    .update(imports)
    .set({ runnerToken: token, heartbeatAt: sql`now()`, status: 'running', startedAt: sql`coalesce(${imports.startedAt}, now())` })
    .where(
      and(
        eq(imports.accountId, accountId),
        eq(imports.id, id),
        sql`(${imports.status} = 'queued' or (${imports.status} = 'running' and (${imports.heartbeatAt} is null or ${imports.heartbeatAt} < now() - make_interval(secs => ${staleMs / 1000}))))`,
      ),
    )
    .returning();
  return i ?? null;
}

export interface Progress { processed: number; inserted: number; updated: number; skipped: number; failed: number; checkpointRow: number }

/** Moves the counters and checkpoint; false when this runner lost the import (canceled or taken over). */
export async function advance(tx: Db, accountId: string, id: string, token: string, p: Progress, total?: number) {
  const r = await tx
    .update(imports)
    .set({
      processed: sql`${imports.processed} + ${p.processed}`, inserted: sql`${imports.inserted} + ${p.inserted}`,
      updated: sql`${imports.updated} + ${p.updated}`, skipped: sql`${imports.skipped} + ${p.skipped}`,
      failed: sql`${imports.failed} + ${p.failed}`, checkpointRow: p.checkpointRow, heartbeatAt: sql`now()`,
      ...(total === undefined ? {} : { total }),
    })
    .where(and(eq(imports.accountId, accountId), eq(imports.id, id), eq(imports.runnerToken, token), eq(imports.status, 'running')))
    .returning({ id: imports.id });
  return r.length === 1;
}

export async function finish(db: Db, accountId: string, id: string, token: string, status: 'completed' | 'failed', error?: string) {
  const r = await db
    .update(imports)
    .set({ status, error: error ?? null, finishedAt: sql`now()`, runnerToken: null })
    .where(and(eq(imports.accountId, accountId), eq(imports.id, id), eq(imports.runnerToken, token), eq(imports.status, 'running')))
    .returning({ id: imports.id });
  return r.length === 1;
}

export async function cancel(tx: Db, accountId: string, id: string) {
  const [i] = await tx
    .update(imports)
    .set({ status: 'canceled', finishedAt: sql`now()`, runnerToken: null })
    .where(and(eq(imports.accountId, accountId), eq(imports.id, id), sql`${imports.status} in ('queued', 'running')`))
    .returning();
  return i ?? null;
}

/**
 * A contact erasure in the account (its transaction): running imports lose their runner (its next
 * batch writes nothing: `advance` checks the token) and wait in the queue, to resume from their
 * checkpoint over the blanked file once the erasure committed. Returns their ids.
 */
export async function requeueRunning(tx: Db, accountId: string): Promise<string[]> {
  const r = await tx.update(imports).set({ status: 'queued', runnerToken: null, heartbeatAt: null })
    .where(and(eq(imports.accountId, accountId), eq(imports.status, 'running'))).returning({ id: imports.id });
  return r.map((x) => x.id);
}

export async function staleRunning(db: Db, staleMs: number) {
  return db
    .select({ id: imports.id, accountId: imports.accountId })
    .from(imports)
    .where(sql`${imports.status} = 'running' and (${imports.heartbeatAt} is null or ${imports.heartbeatAt} < now() - make_interval(secs => ${staleMs / 1000}))`);
}

export async function insertErrors(tx: Db, accountId: string, importId: string, errors: RowError[]) {
  if (!errors.length) return;
  await txQuery(tx)(
    `insert into import_errors (account_id, import_id, row_number, "column", reason, value)
     select $1, $2, * from unnest($3::int[], $4::text[], $5::text[], $6::text[]) on conflict do nothing`,
    [accountId, importId, errors.map((e) => e.row), errors.map((e) => e.column), errors.map((e) => e.reason), errors.map((e) => e.value ?? null)],
  );
}

export async function errorsPage(db: Db, accountId: string, importId: string, afterRow: number, limit: number) {
  return db
    .select()
    .from(importErrors)
    .where(and(eq(importErrors.accountId, accountId), eq(importErrors.importId, importId), sql`${importErrors.rowNumber} > ${afterRow}`))
    .orderBy(asc(importErrors.rowNumber), asc(importErrors.reason))
    .limit(limit);
}
