import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';

/** Filters of the Twilio-compatible message list: exact addresses, and the sent (else created) time in [since, until). */
export interface ApiMessageFilter { to?: string; from?: string; since?: Date; until?: Date }
/** A keyset position in the list (newest first). */
export interface ApiListAfter { createdAt: Date; id: string }

const sentAt = sql`coalesce(${messages.sentAt}, ${messages.createdAt})`;

/** One page of an account's messages, newest first, by offset or after a keyset position. */
export async function listApiMessages(db: Db, accountId: string, f: ApiMessageFilter, page: { offset: number; after: ApiListAfter | null; limit: number }) {
  const where: SQL[] = [eq(messages.accountId, accountId)];
  if (f.to) where.push(eq(messages.to, f.to));
  if (f.from) where.push(eq(messages.from, f.from));
  if (f.since) where.push(gte(sentAt, f.since));
  if (f.until) {
    where.push(lt(sentAt, f.until));
    // Redundant but indexable: a message is sent at or after it was created (sent_at is set by the 'sent'
    // transition, inbound texts have none), so the log index (account_id, created_at, id) is walked only
    // from the window's end down, not from the account's newest message. A lower bound has no such
    // counterpart (a text may be sent long after it was created: scheduled, held), so DateSent> still walks down to the page's end.
    where.push(lt(messages.createdAt, f.until));
  }
  if (page.after) {
    where.push(or(lt(messages.createdAt, page.after.createdAt), and(eq(messages.createdAt, page.after.createdAt), lt(messages.id, page.after.id)))!);
  }
  return db.select().from(messages).where(and(...where)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(page.limit).offset(page.after ? 0 : page.offset);
}

/** Empties a message's body (Twilio's redaction); returns whether a row changed. */
export async function redactBody(tx: Db, accountId: string, id: string): Promise<boolean> {
  const r = await tx.update(messages).set({ body: '', updatedAt: sql`now()` }).where(and(eq(messages.accountId, accountId), eq(messages.id, id))).returning({ id: messages.id });
  return r.length > 0;
}

/** Deletes a message that is not waiting or being sent (its carrier parts with it); false when none was deleted. */
export async function deleteSettledMessage(tx: Db, accountId: string, id: string): Promise<boolean> {
  const q = txQuery(tx);
  const r = await q(`delete from messages where account_id = $1 and id = $2 and status not in ('accepted', 'scheduled', 'queued', 'sending') returning id`, [accountId, id]);
  if (!r.rows.length) return false;
  await q(`delete from carrier_message_parts where account_id = $1 and message_id = $2`, [accountId, id]);
  return true;
}
