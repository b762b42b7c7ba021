import { and, desc, eq, gt, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { hot } from './hot-queries.js';
import { accounts, apiKeys, authThrottle, invitations, passwordResets, sessions, users } from '../../db/schema/index.js';

// ---- sessions ----
export async function insertSession(tx: Db, row: typeof sessions.$inferInsert) {
  await tx.insert(sessions).values(row);
}

/** The live session behind a token hash, with its user and account, or null. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  const [r] = await hot(db).session.execute({ hash: tokenHash, now });
  return r ?? null;
}

// Sessions belong to a person (a platform table); `account_id` is the account a session acts in.
export async function touchSession(db: Db, sessionId: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(tx: Db, sessionId: string, now: Date) {
  await tx.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId));
}

/** Points a live session at another account (the account switcher). */
export async function switchSessionAccount(tx: Db, sessionId: string, accountId: string) {
  await tx.update(sessions).set({ accountId }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every session of a person in every account, optionally keeping one (the caller's). */
export async function revokeUserSessions(tx: Db, userId: string, now: Date, keepId?: string) {
  const keep = keepId ? sql` and ${sessions.id} <> ${keepId}` : sql``;
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(sql`${sessions.userId} = ${userId} and ${sessions.revokedAt} is null${keep}`);
}

export async function deleteDeadSessions(db: Db, before: Date) {
  const r = await db.delete(sessions).where(or(lt(sessions.expiresAt, before), lt(sessions.revokedAt, before))).returning({ id: sessions.id });
  return r.length;
}

// ---- API keys ----
export async function insertApiKey(tx: Db, row: typeof apiKeys.$inferInsert) {
  const [k] = await tx.insert(apiKeys).values(row).returning();
  return k;
}

export async function findLiveApiKey(db: Db, keyHash: string, now: Date) {
  const [r] = await hot(db).apiKey.execute({ hash: keyHash, now });
  return r ?? null;
}

export async function touchApiKey(db: Db, accountId: string, keyId: string, now: Date, ip: string | null) {
  await db.update(apiKeys).set({ lastUsedAt: now, lastUsedIp: ip }).where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, keyId)));
}

export async function revokeApiKey(tx: Db, accountId: string, keyId: string, now: Date) {
  const [k] = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning();
  return k ?? null;
}

export async function findApiKey(db: Db, accountId: string, keyId: string) {
  const [k] = await db.select().from(apiKeys).where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, keyId)));
  return k ?? null;
}

export async function revokeUserApiKeys(tx: Db, accountId: string, userId: string, now: Date) {
  await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)));
}

// ---- invitations ----
export async function insertInvitation(tx: Db, row: typeof invitations.$inferInsert) {
  const [i] = await tx.insert(invitations).values(row).returning();
  return i;
}

export async function listPendingInvitations(db: Db, accountId: string, now: Date) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

/** Lookup by token hash (the link carries no account): the token is the credential. */
export async function findOpenInvitation(db: Db, tokenHash: string, now: Date) {
  const [r] = await db
    .select({ invitation: invitations, account: accounts })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)));
  return r ?? null;
}

/** Revokes the pending invitations a member sent with a role they may no longer give (any role but `keep`); returns them. */
export async function revokeInvitationsBy(tx: Db, accountId: string, invitedBy: string, keep: readonly string[], now: Date) {
  return tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(
      eq(invitations.accountId, accountId), eq(invitations.invitedBy, invitedBy), isNull(invitations.acceptedAt), isNull(invitations.revokedAt),
      keep.length ? notInArray(invitations.role, [...keep]) : undefined,
    ))
    .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
}

export async function closeInvitation(tx: Db, accountId: string, id: string, field: 'acceptedAt' | 'revokedAt', now: Date) {
  const [i] = await tx
    .update(invitations)
    .set({ [field]: now })
    .where(and(eq(invitations.accountId, accountId), eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning();
  return i ?? null;
}

// ---- password resets ----
export async function insertPasswordReset(tx: Db, row: typeof passwordResets.$inferInsert) {
  await tx.insert(passwordResets).values(row);
}

/**
 * How many reset links the person was sent in the last hour (database clock, as their created_at),
 * counted under a lock on the person until the transaction ends, so concurrent jobs count each other.
 */
export async function lockAndCountRecentResets(tx: Db, userId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wm.password-reset:${userId}`}::text, 0))`);
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(passwordResets)
    .where(and(eq(passwordResets.userId, userId), sql`${passwordResets.createdAt} > now() - interval '1 hour'`));
  return Number(r?.n ?? 0);
}

/** Marks an unused, unexpired reset token used and returns it: a token works once. */
export async function consumePasswordReset(tx: Db, tokenHash: string, now: Date) {
  const [r] = await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning();
  return r ?? null;
}

/** Kills every outstanding one-time token of a person (password or email change, or use of any one). */
export async function killPasswordResets(tx: Db, userId: string, now: Date) {
  await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

// ---- throttle ----
export async function readThrottle(db: Db, keys: string[]) {
  if (keys.length === 0) return [];
  return db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
}

/** Counts a failure in a sliding window; locks the key once it reaches `limit`. */
export async function recordFailure(db: Db, key: string, now: Date, windowMs: number, limit: number, lockMs: number) {
  const windowStart = new Date(now.getTime() - windowMs);
  const lockUntil = new Date(now.getTime() + lockMs);
  await db.execute(sql`
    insert into auth_throttle (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, ${limit <= 1 ? lockUntil : null})
    on conflict (key) do update set
      failures = case when auth_throttle.window_started_at < ${windowStart} then 1 else auth_throttle.failures + 1 end,
      window_started_at = case when auth_throttle.window_started_at < ${windowStart} then ${now} else auth_throttle.window_started_at end,
      locked_until = case
        when auth_throttle.window_started_at >= ${windowStart} and auth_throttle.failures + 1 >= ${limit} then ${lockUntil}
        else auth_throttle.locked_until end`);
}

export async function clearThrottle(db: Db, key: string) {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}
