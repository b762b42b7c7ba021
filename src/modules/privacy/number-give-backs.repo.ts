import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { numberGiveBacks } from '../../db/schema/index.js';

export type GiveBackRow = typeof numberGiveBacks.$inferSelect;

/** Keeps what giving these numbers back needs past the account's erasure (once per number). */
export async function insertGiveBacks(tx: Db, rows: Array<typeof numberGiveBacks.$inferInsert>): Promise<number> {
  if (!rows.length) return 0;
  return (await tx.insert(numberGiveBacks).values(rows).onConflictDoNothing().returning({ id: numberGiveBacks.numberId })).length;
}

/** Kept numbers whose next attempt is due (oldest first). */
export function dueGiveBacks(db: Db, now: Date, limit: number): Promise<GiveBackRow[]> {
  return db.select().from(numberGiveBacks).where(lte(numberGiveBacks.nextAttemptAt, now)).orderBy(asc(numberGiveBacks.nextAttemptAt), asc(numberGiveBacks.numberId)).limit(limit);
}

/** Claims a due attempt: moves its next attempt on, so another run at the same time does not make it too (false: taken). */
export async function claimGiveBack(db: Db, numberId: string, seen: Date, next: Date): Promise<boolean> {
  const rows = await db.update(numberGiveBacks).set({ nextAttemptAt: next })
    .where(and(eq(numberGiveBacks.numberId, numberId), eq(numberGiveBacks.nextAttemptAt, seen))).returning({ id: numberGiveBacks.numberId });
  return rows.length > 0;
}

/** An attempt the carrier refused: counted, with its reason and the next attempt's time. */
export async function markRefused(db: Db, numberId: string, attempts: number, error: string, next: Date): Promise<void> {
  await db.update(numberGiveBacks).set({ attempts, lastError: error, nextAttemptAt: next }).where(eq(numberGiveBacks.numberId, numberId));
}

/** The carrier took it back: nothing is kept any more (the sealed credentials go with it). */
export async function deleteGiveBack(tx: Db, numberId: string): Promise<void> {
  await tx.delete(numberGiveBacks).where(eq(numberGiveBacks.numberId, numberId));
}
