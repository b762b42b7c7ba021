import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, retentionSettings } from '../../db/schema/index.js';

export type RetentionRow = typeof retentionSettings.$inferSelect;

export async function findSettings(db: Db, accountId: string): Promise<RetentionRow | null> {
  const [row] = await db.select().from(retentionSettings).where(eq(retentionSettings.accountId, accountId));
  return row ?? null;
}

export async function upsertSettings(tx: Db, row: Pick<RetentionRow, 'accountId' | 'messageBodyDays' | 'uploadDays' | 'inactiveContactMonths' | 'exportDays'>) {
  const [saved] = await tx
    .insert(retentionSettings)
    .values(row)
    .onConflictDoUpdate({ target: retentionSettings.accountId, set: { ...row, updatedAt: sql`now()` } })
    .returning();
  return saved;
}

/** Records the last daily run; an account that never set its rules gets the defaults it ran with written down. */
export async function recordRun(db: Db, accountId: string, at: Date, done: Record<string, number>, defaults: Omit<RetentionRow, 'accountId' | 'lastRunAt' | 'lastRun' | 'updatedAt'>) {
  await db
    .insert(retentionSettings)
    .values({ accountId, ...defaults, lastRunAt: at, lastRun: done })
    .onConflictDoUpdate({ target: retentionSettings.accountId, set: { lastRunAt: at, lastRun: done } });
}

/**
 * A page of accounts with their rules (none: the defaults apply), by id. Reads the accounts
 * table for ids and status only: retention runs for every account that is not closed.
 */
export async function accountsPage(db: Db, afterId: string | null, limit: number) {
  return db
    .select({ id: accounts.id, status: accounts.status, settings: retentionSettings })
    .from(accounts)
    .leftJoin(retentionSettings, eq(retentionSettings.accountId, accounts.id))
    .where(afterId ? gt(accounts.id, afterId) : undefined)
    .orderBy(asc(accounts.id))
    .limit(limit);
}
