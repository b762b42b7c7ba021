import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emailChanges, signupRequests } from '../../db/schema/index.js';

export type SignupRequestRow = typeof signupRequests.$inferSelect;

// ---- pending sign-ups ----
export async function insertSignupRequest(tx: Db, row: typeof signupRequests.$inferInsert) {
  await tx.insert(signupRequests).values(row);
}

/** Sign-ups submitted from an IP address since a moment, and the oldest of them (signup_requests_ip_idx). */
export async function signupsFromIp(db: Db, ip: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
  const [r] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<Date | string | null>`min(${signupRequests.createdAt})` })
    .from(signupRequests).where(and(eq(signupRequests.ip, ip), gt(signupRequests.createdAt, since)));
  return { n: Number(r?.n ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null };
}

/**
 * How many sign-ups named this email (any case) since `since`, counted under a lock on the address
 * until the transaction ends, so concurrent sign-ups count each other.
 */
export async function lockAndCountSignupsFor(tx: Db, email: string, since: Date): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wm.signup-email:${email.toLowerCase()}`}::text, 0))`);
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(signupRequests)
    .where(and(sql`lower(${signupRequests.email}) = ${email.toLowerCase()}`, gt(signupRequests.createdAt, since)));
  return Number(r?.n ?? 0);
}

/** Marks an unused, unexpired sign-up link used and returns its request: a link works once. */
export async function consumeSignupRequest(tx: Db, tokenHash: string, now: Date) {
  const [r] = await tx
    .update(signupRequests)
    .set({ usedAt: now })
    .where(and(eq(signupRequests.tokenHash, tokenHash), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, now)))
    .returning();
  return r ?? null;
}

/** Kills every other open sign-up link of an email (one confirmed, the rest die). */
export async function killSignupRequests(tx: Db, email: string, now: Date) {
  await tx
    .update(signupRequests)
    .set({ usedAt: now })
    .where(and(sql`lower(${signupRequests.email}) = lower(${email})`, isNull(signupRequests.usedAt)));
}

// ---- email changes ----
export async function insertEmailChange(tx: Db, row: typeof emailChanges.$inferInsert) {
  await tx.insert(emailChanges).values(row);
}

export async function consumeEmailChange(tx: Db, tokenHash: string, now: Date) {
  const [r] = await tx
    .update(emailChanges)
    .set({ usedAt: now })
    .where(and(eq(emailChanges.tokenHash, tokenHash), isNull(emailChanges.usedAt), gt(emailChanges.expiresAt, now)))
    .returning();
  return r ?? null;
}

/** Kills a person's open email-change links (password change or reset, email change). */
export async function killEmailChanges(tx: Db, userId: string, now: Date) {
  await tx.update(emailChanges).set({ usedAt: now }).where(and(eq(emailChanges.userId, userId), isNull(emailChanges.usedAt)));
}

/** Drops used and expired links older than `before` (they hold personal data: keep them no longer than needed). */
export async function purgeConfirmations(db: Db, before: Date) {
  const old = (t: typeof signupRequests | typeof emailChanges) => or(lt(t.expiresAt, before), lt(t.usedAt, before));
  const a = await db.delete(signupRequests).where(old(signupRequests)).returning({ id: signupRequests.id });
  const b = await db.delete(emailChanges).where(old(emailChanges)).returning({ id: emailChanges.id });
  return a.length + b.length;
}
