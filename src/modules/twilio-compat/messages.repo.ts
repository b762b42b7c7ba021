import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, RawQuery } from '../../db/client.js';
import { twilioMessages, twilioStatusCallbacks } from '../../db/schema/index.js';

export type TwilioMessageRow = typeof twilioMessages.$inferSelect;

/** Records a Twilio-API send before the message exists (its id is named by the message's idempotency key). */
export async function insertTwilioMessage(db: Db, row: typeof twilioMessages.$inferInsert) {
  await db.insert(twilioMessages).values(row);
}

export async function deleteTwilioMessage(db: Db, accountId: string, id: string) {
  await db.delete(twilioMessages).where(and(eq(twilioMessages.accountId, accountId), eq(twilioMessages.messageId, id)));
}

export async function twilioMessagesByIds(db: Db, accountId: string, ids: string[]): Promise<TwilioMessageRow[]> {
  if (!ids.length) return [];
  return db.select().from(twilioMessages).where(and(eq(twilioMessages.accountId, accountId), inArray(twilioMessages.messageId, ids)));
}

export async function insertCallbacks(tx: Db, rows: Array<typeof twilioStatusCallbacks.$inferInsert>) {
  if (rows.length) await tx.insert(twilioStatusCallbacks).values(rows).onConflictDoNothing();
}

export interface ClaimedCallback { account_id: string; id: string; message_id: string; message_status: string; error_code: string | null; url: string; attempts: number; outbox_event_id: number }

/** Claims due callbacks (SKIP LOCKED) until `claimUntil`: a worker that dies mid-attempt loses its claim. */
export async function claimDueCallbacks(q: RawQuery, now: Date, claimUntil: Date, limit: number): Promise<ClaimedCallback[]> {
  const { rows } = await q<ClaimedCallback>(
    `with pick as (
       select account_id, id from twilio_status_callbacks
       where status = 'pending' and next_attempt_at <= $1 and (claimed_until is null or claimed_until < $1)
       order by next_attempt_at, outbox_event_id limit $3
       for update skip locked
     )
     update twilio_status_callbacks c set claimed_until = $2 from pick where c.account_id = pick.account_id and c.id = pick.id
     returning c.account_id, c.id, c.message_id, c.message_status, c.error_code, c.url, c.attempts, c.outbox_event_id`,
    [now, claimUntil, limit],
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), outbox_event_id: Number(r.outbox_event_id) }));
}

/** Settles an attempt while the row is still this claim's. */
export async function finishCallback(db: Db, accountId: string, id: string, attemptsBefore: number, set: {
  status: string; attempts: number; nextAttemptAt: Date | null; lastStatusCode: number | null; lastError: string | null; lastAttemptAt: Date;
}) {
  await db.update(twilioStatusCallbacks).set({ ...set, claimedUntil: null })
    .where(and(eq(twilioStatusCallbacks.accountId, accountId), eq(twilioStatusCallbacks.id, id), eq(twilioStatusCallbacks.status, 'pending'), eq(twilioStatusCallbacks.attempts, attemptsBefore)));
}

/** The callbacks of one message, oldest first (tests and support). */
export async function callbacksOf(db: Db, accountId: string, messageId: string) {
  return db.select().from(twilioStatusCallbacks).where(and(eq(twilioStatusCallbacks.accountId, accountId), eq(twilioStatusCallbacks.messageId, messageId)))
    .orderBy(twilioStatusCallbacks.outboxEventId);
}

export async function deleteCallbacksOf(db: Db, accountId: string, messageId: string) {
  await db.delete(twilioStatusCallbacks).where(and(eq(twilioStatusCallbacks.accountId, accountId), eq(twilioStatusCallbacks.messageId, messageId), sql`true`));
}
