import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { twilioAuthTokens } from '../../db/schema/index.js';

export type AuthTokenRow = typeof twilioAuthTokens.$inferSelect;

export async function findAuthToken(db: Db, accountId: string): Promise<AuthTokenRow | null> {
  const [r] = await db.select().from(twilioAuthTokens).where(eq(twilioAuthTokens.accountId, accountId));
  return r ?? null;
}

/** Inserts the account's first token; a concurrent first insert wins and this one is dropped (false). */
export async function insertAuthTokenIfNone(db: Db, accountId: string, sealed: string, now: Date): Promise<boolean> {
  const r = await db.insert(twilioAuthTokens).values({ accountId, token: sealed, createdAt: now }).onConflictDoNothing().returning({ accountId: twilioAuthTokens.accountId });
  return r.length > 0;
}

/** Replaces the account's token (rotation). */
export async function upsertAuthToken(db: Db, accountId: string, sealed: string, now: Date) {
  await db.insert(twilioAuthTokens).values({ accountId, token: sealed, createdAt: now })
    .onConflictDoUpdate({ target: twilioAuthTokens.accountId, set: { token: sealed, createdAt: now } });
}

export async function deleteAuthToken(db: Db, accountId: string) {
  await db.delete(twilioAuthTokens).where(and(eq(twilioAuthTokens.accountId, accountId)));
}
