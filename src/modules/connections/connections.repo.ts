import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { providerConnections } from '../../db/schema/index.js';

export type ConnectionRow = typeof providerConnections.$inferSelect;
export type NewConnection = typeof providerConnections.$inferInsert;
export type ConnectionChange = Partial<Pick<ConnectionRow, 'name' | 'credentials' | 'settings' | 'status' | 'lastErrorCode' | 'lastError' | 'lastErrorAt' | 'lastCheckedAt' | 'deletedAt'>>;

const live = (accountId: string, id: string) =>
  and(eq(providerConnections.accountId, accountId), eq(providerConnections.id, id), isNull(providerConnections.deletedAt));

export async function insertConnection(tx: Db, row: NewConnection): Promise<ConnectionRow> {
  const [c] = await tx.insert(providerConnections).values(row).returning();
  return c;
}

export function listConnections(db: Db, accountId: string): Promise<ConnectionRow[]> {
  return db.select().from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), isNull(providerConnections.deletedAt)))
    .orderBy(asc(providerConnections.createdAt));
}

/** A live (not deleted) connection; `lock` takes a row lock in the caller's transaction. */
export async function findConnection(db: Db, accountId: string, id: string, lock?: 'update' | 'share'): Promise<ConnectionRow | null> {
  const q = db.select().from(providerConnections).where(live(accountId, id));
  const [c] = lock === 'update' ? await q.for('update') : lock === 'share' ? await q.for('share') : await q;
  return c ?? null;
}

export async function updateConnection(tx: Db, accountId: string, id: string, change: ConnectionChange, now: Date): Promise<ConnectionRow | null> {
  const [c] = await tx.update(providerConnections).set({ ...change, updatedAt: now }).where(live(accountId, id)).returning();
  return c ?? null;
}

/** Webhooks: the connection whose token hashes to `hash` (the account is not known yet). */
export async function findByWebhookTokenHash(db: Db, hash: string): Promise<ConnectionRow | null> {
  const [c] = await db.select().from(providerConnections)
    .where(and(eq(providerConnections.webhookTokenHash, hash), isNull(providerConnections.deletedAt)));
  return c ?? null;
}
