import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sessions, signInEvents } from '../../db/schema/index.js';

// Sessions and sign-in events belong to a person (platform tables): every query is scoped by user_id.

/** A person's live sessions (not revoked, not expired), newest activity first. */
export async function listLiveSessions(db: Db, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(200);
}

/** Revokes one live session of a person; null when the person has no such live session. */
export async function revokeOwnSession(tx: Db, userId: string, sessionId: string, now: Date) {
  const [s] = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .returning({ id: sessions.id });
  return s ?? null;
}

/** Revokes every live session of a person but one; returns how many. */
export async function revokeOtherSessions(tx: Db, userId: string, keepId: string, now: Date) {
  const r = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(sql`${sessions.userId} = ${userId} and ${sessions.id} <> ${keepId} and ${sessions.revokedAt} is null and ${sessions.expiresAt} > ${now}`)
    .returning({ id: sessions.id });
  return r.length;
}

export async function insertSignInEvent(tx: Db, row: typeof signInEvents.$inferInsert) {
  await tx.insert(signInEvents).values(row);
}

/** What the login's earlier successful sign-ins say about a device: any password sign-in at all, and any from this device. */
export async function priorSignIns(tx: Db, userId: string, deviceHash: string) {
  const r = (await tx.execute(sql`
    select
      exists(select 1 from sign_in_events where user_id = ${userId} and outcome = 'succeeded' and method = 'password') as password,
      exists(select 1 from sign_in_events where user_id = ${userId} and outcome = 'succeeded' and device_hash = ${deviceHash}) as device`)) as unknown as { rows: Array<{ password: boolean; device: boolean }> };
  const row = r.rows[0];
  return { password: !!row?.password, device: !!row?.device };
}

export async function listSignInEvents(db: Db, userId: string, limit: number) {
  return db.select().from(signInEvents).where(eq(signInEvents.userId, userId)).orderBy(desc(signInEvents.at), desc(signInEvents.id)).limit(limit);
}

/** Daily: the history keeps a year. */
export async function deleteSignInEventsBefore(db: Db, before: Date) {
  const r = await db.delete(signInEvents).where(sql`${signInEvents.at} < ${before}`).returning({ id: signInEvents.id });
  return r.length;
}
