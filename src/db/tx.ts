import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgQueryResultHKT, PgTransaction, PgTransactionConfig } from 'drizzle-orm/pg-core';
import type { Db, Schema } from './client.js';

/**
 * The handle of an open transaction. It is a `Db` too (Drizzle's transaction extends its
 * database class), so repos that take `Db` take it as is: no cast anywhere.
 */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws
 * (the error propagates). Called on a `Tx`, it opens a savepoint. Services open every
 * transaction through this; repos only ever receive the handle.
 */
export function withTx<T>(db: Db, work: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
  return db.transaction(work, config);
}
