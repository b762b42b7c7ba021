import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';

/** Filters of the Twilio-compatible message list: exact addresses, and the sent (else created) time in [since, until). */
export interface ApiMessageFilter { to?: string; from?: string; since?: Date; until?: Date }
/** A keyset position in the list (newest first). */
export interface ApiListAfter { createdAt: Date; id: string }

const sentAt = sql`coalesce(${messages.sentAt}, ${messages.createdAt})`;
/** How much later than its creation a text may be sent and still be found by created_at (messages_sent_late_idx holds the later ones). */
export const SENT_LATE_MS = 86_400_000;
const sentLate = sql`${messages.sentAt} - ${messages.createdAt} > interval '24 hours'`;
const newestFirst = [desc(messages.createdAt), desc(messages.id)];

/**
 * One page of an account's messages, newest first, by offset or after a keyset position.
 *
 * The sent time is coalesce(sent_at, created_at), which no index holds; every bound is turned into
 * index ranges that find the same rows. A text is sent at or after it was created (sent_at is set by the
 * 'sent' transition; inbound texts have none), so `until` bounds created_at too. A lower bound `since`
 * splits the window in two disjoint parts: texts created from a day before `since` (the log index, over
 * created_at), and texts created earlier but sent from `since` on — sent more than a day after their
 * creation, so in messages_sent_late_idx (their log: a small index). Each part is read newest first up to the page's
 * end; every text of the first was created after every text of the second, so the page is one, then the other.
 */
export async function listApiMessages(db: Db, accountId: string, f: ApiMessageFilter, page: { offset: number; after: ApiListAfter | null; limit: number }) {
  const where: SQL[] = [eq(messages.accountId, accountId)];
  if (f.to) where.push(eq(messages.to, f.to));
  if (f.from) where.push(eq(messages.from, f.from));
  if (f.until) where.push(lt(sentAt, f.until), lt(messages.createdAt, f.until));
  if (page.after) {
    where.push(or(lt(messages.createdAt, page.after.createdAt), and(eq(messages.createdAt, page.after.createdAt), lt(messages.id, page.after.id)))!);
  }
  const offset = page.after ? 0 : page.offset;
  if (!f.since) return db.select().from(messages).where(and(...where)).orderBy(...newestFirst).limit(page.limit).offset(offset);
  const edge = new Date(f.since.getTime() - SENT_LATE_MS);
  const upTo = offset + page.limit;
  const recent = await db.select().from(messages).where(and(...where, gte(messages.createdAt, edge), gte(sentAt, f.since)))
    .orderBy(...newestFirst).limit(upTo);
  // Every text of the first part was created after every one of the second: the page is the first part, then the second.
  if (recent.length >= upTo) return recent.slice(offset, upTo);
  const late = await db.select().from(messages).where(and(...where, lt(messages.createdAt, edge), sentLate, gte(messages.sentAt, f.since), ...(f.until ? [lt(messages.sentAt, f.until)] : [])))
    .orderBy(...newestFirst).limit(upTo - recent.length);
  return [...recent, ...late].slice(offset, upTo);
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
