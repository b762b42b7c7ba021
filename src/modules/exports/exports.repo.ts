import { and, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { txQuery, type Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { dataExports, exportChunks } from '../../db/schema/index.js';

export type ExportRow = typeof dataExports.$inferSelect;

export async function insertExport(tx: Db, row: typeof dataExports.$inferInsert) {
  const [e] = await tx.insert(dataExports).values(row).returning();
  return e;
}

export async function findExport(db: Db, accountId: string, id: string) {
  const [e] = await db.select().from(dataExports).where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id)));
  return e ?? null;
}

export async function listExports(db: Db, accountId: string, userId: string, limit: number) {
  return db.select().from(dataExports)
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.requestedBy, userId)))
    .orderBy(desc(dataExports.createdAt), desc(dataExports.id)).limit(limit);
}

/** Serialises one person's export requests in an account until the transaction ends (the in-progress check then holds when the row is written). */
export async function lockRequester(tx: Db, accountId: string, userId: string): Promise<void> {
  await txQuery(tx)(`select pg_advisory_xact_lock(hashtextextended('wm.exports.request:' || $1::text || ':' || $2::text, 0))`, [accountId, userId]);
}

const staleSql = (staleMs: number) =>
  sql`(${dataExports.status} = 'queued' or (${dataExports.status} = 'running' and (${dataExports.heartbeatAt} is null or ${dataExports.heartbeatAt} < now() - make_interval(secs => ${staleMs / 1000}))))`;

/**
 * The account's erasure lock for exports: an erasure holds it exclusively from the moment it
 * passes over the account's exports until it commits, a claim holds it shared. So an export is
 * either running when the erasure looks (then requeued) or claimed only after the erasure
 * committed (then it reads none of the erased data) — never claimed in between, reading rows
 * the uncommitted erasure has deleted.
 */
const EXPORTS_LOCK = (fn: 'pg_advisory_xact_lock' | 'pg_advisory_xact_lock_shared') =>
  `select ${fn}(hashtextextended('wm.exports:' || $1::text, 0))`;

/** Claims an export for one runner: a queued one, or a running one whose runner went silent (it restarts from scratch). */
export async function claim(db: Db, accountId: string, id: string, token: string, staleMs: number) {
  return withTx(db, async (tx) => {
    await txQuery(tx)(EXPORTS_LOCK('pg_advisory_xact_lock_shared'), [accountId]); // waits for an erasure being committed
    const [e] = await tx.update(dataExports)
      .set({ runnerToken: token, heartbeatAt: sql`now()`, status: 'running', progress: 0, startedAt: sql`now()`, attempts: sql`${dataExports.attempts} + 1` })
      .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id), staleSql(staleMs)))
      .returning();
    return e ?? null;
  });
}

/** Progress and heartbeat; false when another runner took the export over. */
export async function advance(db: Db, accountId: string, id: string, token: string, progress: number) {
  const r = await db.update(dataExports).set({ progress, heartbeatAt: sql`now()` })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id), eq(dataExports.runnerToken, token), eq(dataExports.status, 'running')))
    .returning({ id: dataExports.id });
  return r.length > 0;
}

export async function complete(tx: Db, accountId: string, id: string, token: string, size: number, expiresAt: Date) {
  const r = await tx.update(dataExports)
    .set({ status: 'completed', progress: 100, size, finishedAt: sql`now()`, expiresAt, runnerToken: null })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id), eq(dataExports.runnerToken, token), eq(dataExports.status, 'running')))
    .returning();
  return r[0] ?? null;
}

/** Marks the runner's export failed; false when another runner (or an erasure) took it meanwhile. */
export async function fail(db: Db, accountId: string, id: string, token: string, error: string): Promise<boolean> {
  const r = await db.update(dataExports).set({ status: 'failed', error, finishedAt: sql`now()`, runnerToken: null })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id), eq(dataExports.runnerToken, token)))
    .returning({ id: dataExports.id });
  return r.length > 0;
}

/** Exports whose runner died (or that were never picked up), across accounts (the watchdog). */
export async function staleExports(db: Db, staleMs: number) {
  const waited = sql`${dataExports.createdAt} < now() - make_interval(secs => ${staleMs / 1000})`;
  return db.select({ accountId: dataExports.accountId, id: dataExports.id }).from(dataExports).where(and(staleSql(staleMs), waited)).limit(500);
}

/** Completed exports past their expiry, and failed ones (their partial files), across accounts. */
export async function dueForCleanup(db: Db, now: Date) {
  return db.select({ accountId: dataExports.accountId, id: dataExports.id }).from(dataExports)
    .where(sql`(${dataExports.status} = 'completed' and ${dataExports.expiresAt} <= ${now}) or (${dataExports.status} = 'failed' and ${dataExports.finishedAt} < ${now}::timestamptz - interval '1 day')`)
    .limit(1000);
}

export async function markExpired(db: Db, accountId: string, id: string) {
  await db.update(dataExports).set({ status: 'expired' })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id), sql`${dataExports.status} in ('completed', 'failed')`));
}

/* ── The ZIP, in chunks in the database (any process serves it; no shared disk) ── */

/**
 * Stores chunk `seq` of the runner's ZIP, only while the runner still holds the export (its token,
 * running). The check locks the export row (FOR SHARE): a takeover or an erasure that changes the
 * row waits for this insert, or this insert waits for it and then stores nothing — so no chunk of
 * a superseded runner lands after its successor (or the erasure) cleared the export's chunks.
 */
export async function insertChunk(db: Db, accountId: string, id: string, token: string, seq: number, data: Uint8Array): Promise<boolean> {
  const r = await txQuery(db)(
    `insert into export_chunks (account_id, export_id, seq, data)
       select $1::uuid, $2::uuid, $4::int, $5::bytea where exists (
         select 1 from data_exports where account_id = $1::uuid and id = $2::uuid and runner_token = $3 and status = 'running' for share)
     returning seq`,
    [accountId, id, token, seq, data],
  );
  return r.rows.length > 0;
}

export async function deleteChunks(db: Db, accountId: string, id: string): Promise<void> {
  await db.delete(exportChunks).where(and(eq(exportChunks.accountId, accountId), eq(exportChunks.exportId, id)));
}

/** How many chunks an export has and their total length (the download checks it against `size`). */
export async function chunkStats(db: Db, accountId: string, id: string): Promise<{ chunks: number; bytes: number }> {
  const [r] = await db.select({ chunks: sql<number>`count(*)::int`, bytes: sql<string>`coalesce(sum(octet_length(${exportChunks.data})), 0)::bigint` })
    .from(exportChunks).where(and(eq(exportChunks.accountId, accountId), eq(exportChunks.exportId, id)));
  return { chunks: Number(r?.chunks ?? 0), bytes: Number(r?.bytes ?? 0) };
}

/** The ZIP, chunk by chunk in order: memory holds one chunk whatever the size. */
export async function* readChunks(db: Db, accountId: string, id: string, chunks: number): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < chunks; seq++) {
    const [c] = await db.select({ data: exportChunks.data }).from(exportChunks)
      .where(and(eq(exportChunks.accountId, accountId), eq(exportChunks.exportId, id), eq(exportChunks.seq, seq)));
    if (!c) throw new Error(`export ${id} is missing chunk ${seq} (erased or expired while downloading)`);
    yield Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  }
}

/**
 * An erasure of people in the account (in its transaction): the account's built exports may hold
 * them, so their chunks go and they count as expired; exports being built are put back in the
 * queue (their runner stops at its next step, its chunks are deleted here) to be built again after
 * the erasure. Returns the exports affected and which ones to run again.
 */
export async function eraseAccountExports(tx: Db, accountId: string): Promise<{ affected: number; requeued: string[] }> {
  await txQuery(tx)(EXPORTS_LOCK('pg_advisory_xact_lock'), [accountId]); // no claim until this erasure commits
  const requeued = await tx.update(dataExports).set({ status: 'queued', runnerToken: null, progress: 0, heartbeatAt: null, attempts: 0 })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.status, 'running'))).returning({ id: dataExports.id });
  const expired = await tx.update(dataExports).set({ status: 'expired' })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.status, 'completed'))).returning({ id: dataExports.id });
  await tx.delete(exportChunks).where(eq(exportChunks.accountId, accountId));
  return { affected: requeued.length + expired.length, requeued: requeued.map((r) => r.id) };
}

/**
 * Retention redacted these messages' bodies (in its transaction): the account's built exports that may hold one of them go —
 * those finished after the message was written, of a scope that holds it (the account's ZIP every message, a person's own
 * ZIP the messages they sent) — their chunks deleted, shown as expired; a ZIP built before the message was written keeps
 * its link. With `requeueRunning`, exports being built start over after the redaction commits. Takes the lock an erasure takes.
 */
export async function expireHoldingMessages(tx: Db, accountId: string, messageIds: string[], opts: { requeueRunning: boolean }): Promise<{ affected: number; requeued: string[] }> {
  await txQuery(tx)(EXPORTS_LOCK('pg_advisory_xact_lock'), [accountId]); // no claim until this redaction commits
  const requeued = opts.requeueRunning ? await requeueRunning(tx, accountId) : [];
  if (!messageIds.length) return { affected: requeued.length, requeued };
  const { rows } = await txQuery(tx)<{ id: string }>(
    `update data_exports e set status = 'expired'
      where e.account_id = $1::uuid and e.status = 'completed' and exists (
        select 1 from messages m where m.account_id = $1::uuid and m.id = any($2::uuid[]) and m.created_at <= e.finished_at
           and (e.scope = 'account' or m.created_by = e.requested_by))
      returning e.id`,
    [accountId, messageIds],
  );
  if (rows.length) await tx.delete(exportChunks).where(and(eq(exportChunks.accountId, accountId), inArray(exportChunks.exportId, rows.map((r) => r.id))));
  return { affected: requeued.length + rows.length, requeued };
}

/**
 * The last step of a retention run of several batches: exports claimed since `since` (the database's clock when its first
 * batch began; an export being built then was put back in the queue) were built while later batches ran and may hold
 * bodies redacted after they read them — the completed ones go, the running ones start over.
 */
export async function expireBuiltSince(tx: Db, accountId: string, since: Date): Promise<{ affected: number; requeued: string[] }> {
  await txQuery(tx)(EXPORTS_LOCK('pg_advisory_xact_lock'), [accountId]);
  const requeued = await requeueRunning(tx, accountId);
  const expired = await tx.update(dataExports).set({ status: 'expired' })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.status, 'completed'), sql`${dataExports.startedAt} >= ${since}`)).returning({ id: dataExports.id });
  if (expired.length) await tx.delete(exportChunks).where(and(eq(exportChunks.accountId, accountId), inArray(exportChunks.exportId, expired.map((r) => r.id))));
  return { affected: requeued.length + expired.length, requeued };
}

async function requeueRunning(tx: Db, accountId: string): Promise<string[]> {
  const rows = await tx.update(dataExports).set({ status: 'queued', runnerToken: null, progress: 0, heartbeatAt: null, attempts: 0 })
    .where(and(eq(dataExports.accountId, accountId), eq(dataExports.status, 'running'))).returning({ id: dataExports.id });
  if (rows.length) await tx.delete(exportChunks).where(and(eq(exportChunks.accountId, accountId), inArray(exportChunks.exportId, rows.map((r) => r.id))));
  return rows.map((r) => r.id);
}

/** The database's clock in this transaction (its start): what `started_at` of a later claim is compared with. */
export async function transactionNow(tx: Db): Promise<Date> {
  const { rows } = await txQuery(tx)<{ at: string | Date }>('select now() as at');
  return new Date(rows[0]!.at);
}

/**
 * Other accounts whose exports hold a ZIP or are being or about to be built (a user's erasure looks
 * which of them name the person). Queued ones count: eraseAccountExports' lock keeps them from
 * being claimed until the erasure commits. Reads the status index, not the accounts.
 */
export async function accountsWithExports(db: Db, exceptAccountId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ accountId: dataExports.accountId }).from(dataExports)
    .where(and(inArray(dataExports.status, ['queued', 'running', 'completed']), ne(dataExports.accountId, exceptAccountId)));
  return rows.map((r) => r.accountId);
}

/* ── Reading the account's data for the ZIP: keyset pages, never a whole table ── */

/** One page of `table` ordered by `keys`, after the cursor `after` (the keys' values of the last row). */
export async function keysetPage<T>(db: Db, table: unknown, where: SQL, keys: PgColumn[], after: unknown[] | null, limit: number, select?: Record<string, unknown>): Promise<T[]> {
  const past = after ? sql`(${sql.join(keys, sql`, `)}) > (${sql.join(after.map((v) => sql`${v}`), sql`, `)})` : undefined;
  const q = (select ? db.select(select as never) : db.select()).from(table as never) as unknown as {
    where: (w: SQL | undefined) => { orderBy: (...k: PgColumn[]) => { limit: (n: number) => Promise<T[]> } };
  };
  return q.where(past ? and(where, past) : where).orderBy(...keys).limit(limit);
}

/** A join page: `from` builds the query (select + joins), this adds the keyset condition, order and limit. */
export async function keysetJoinPage<T>(
  from: { where: (w: SQL | undefined) => { orderBy: (...k: PgColumn[]) => { limit: (n: number) => Promise<T[]> } } },
  where: SQL, keys: PgColumn[], after: unknown[] | null, limit: number,
): Promise<T[]> {
  const past = after ? sql`(${sql.join(keys, sql`, `)}) > (${sql.join(after.map((v) => sql`${v}`), sql`, `)})` : undefined;
  return from.where(past ? and(where, past) : where).orderBy(...keys).limit(limit);
}

export async function countWhere(db: Db, table: unknown, where: SQL): Promise<number> {
  const rows = (await db.select({ n: sql<number>`count(*)::int` }).from(table as never).where(where)) as Array<{ n: number }>;
  return Number(rows[0]?.n ?? 0);
}
