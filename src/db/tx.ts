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
export async function withTx<T>(db: Db, work: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
  const own: Array<() => void> = [];
  const result = await db.transaction((tx) => {
    committed.set(tx, own);
    return work(tx);
  }, config);
  // A savepoint that was released hands its hooks to the enclosing transaction; the outermost runs them.
  const parent = committed.get(db);
  if (parent) parent.push(...own);
  else for (const hook of own) hook();
  return result;
}

/** Hooks of the open transactions (and savepoints) opened by `withTx`, keyed by their handle. */
const committed = new WeakMap<object, Array<() => void>>();

/**
 * Runs `hook` once the work done through `db` is durable: after the outermost `withTx` transaction
 * committed (never when it rolled back), or at once when `db` is no transaction of `withTx` (an
 * autocommit statement already committed). For effects outside the database that must not count
 * work a rollback undoes — e.g. in-process metric counters.
 */
export function afterCommit(db: Db, hook: () => void): void {
  const hooks = committed.get(db);
  if (hooks) hooks.push(hook);
  else hook();
}
