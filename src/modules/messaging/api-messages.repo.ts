import { and, asc, desc, eq, getTableColumns, gte, lt, sql, type SQL } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';
import type { MessageRow } from './messages.repo.js';

/** Filters of the Twilio-compatible message list: exact addresses, and the sent (else created) time in [since, until). */
export interface ApiMessageFilter { to?: string; from?: string; since?: Date; until?: Date }
/** A keyset position in the list: created_at in whole microseconds since the epoch (digits, as text) and the id. */
export interface ApiListPosition { us: string; id: string }
/** Where a page starts: at an offset from the newest, just older than a position (`after`), or just newer (`before`). */
export interface ApiListPage { offset: number; after: ApiListPosition | null; before?: ApiListPosition | null; limit: number }
/** A listed message with its position (`positionUs`: created_at in microseconds, exact where a Date keeps only milliseconds). */
export type ApiListRow = MessageRow & { positionUs: string };

const sentAt = sql`coalesce(${messages.sentAt}, ${messages.createdAt})`;
/** How much later than its creation a text may be sent and still be found by created_at (messages_sent_late_idx holds the later ones). */
export const SENT_LATE_MS = 86_400_000;
const sentLate = sql`${messages.sentAt} - ${messages.createdAt} > interval '24 hours'`;
const newestFirst = [desc(messages.createdAt), desc(messages.id)];
const oldestFirst = [asc(messages.createdAt), asc(messages.id)];
const listed = { ...getTableColumns(messages), positionUs: sql<string>`((extract(epoch from ${messages.createdAt}) * 1000000)::bigint)::text` };
const positionSql = (p: ApiListPosition) => sql`(timestamptz 'epoch' + ${p.us}::bigint * interval '1 microsecond', ${p.id}::uuid)`;

/**
 * One page of an account's messages, by offset or from a keyset position: newest first, except that the
 * rows `before` a position are read nearest to it first (oldest first; the caller turns them round), so a
 * page ending `limit` rows above the position holds the rows just newer than it, whatever arrived since.
 *
 * The sent time is coalesce(sent_at, created_at), which no index holds; every bound is turned into
 * index ranges that find the same rows. A text is sent at or after it was created (sent_at is set by the
 * 'sent' transition; inbound texts have none), so `until` bounds created_at too. A lower bound `since`
 * splits the window in two disjoint parts: texts created from a day before `since` (the log index, over
 * created_at), and texts created earlier but sent from `since` on — sent more than a day after their
 * creation, so in messages_sent_late_idx (their log: a small index). Each part is read in the page's order up to
 * its end; every text of the first was created after every text of the second, so a page is one, then the other
 * (the other, then the one, read oldest first).
 */
export async function listApiMessages(db: Db, accountId: string, f: ApiMessageFilter, page: ApiListPage): Promise<ApiListRow[]> {
  const where: SQL[] = [eq(messages.accountId, accountId)];
  if (f.to) where.push(eq(messages.to, f.to));
  if (f.from) where.push(eq(messages.from, f.from));
  if (f.until) where.push(lt(sentAt, f.until), lt(messages.createdAt, f.until));
  if (page.after) where.push(sql`(${messages.createdAt}, ${messages.id}) < ${positionSql(page.after)}`);
  if (page.before) where.push(sql`(${messages.createdAt}, ${messages.id}) > ${positionSql(page.before)}`);
  const order = page.before ? oldestFirst : newestFirst;
  const offset = page.after || page.before ? 0 : page.offset;
  const read = (cond: SQL[], limit: number) => db.select(listed).from(messages).where(and(...where, ...cond)).orderBy(...order).limit(limit);
  if (!f.since) return read([], page.limit).offset(offset);
  const edge = new Date(f.since.getTime() - SENT_LATE_MS);
  const upTo = offset + page.limit;
  const recent = [gte(messages.createdAt, edge), gte(sentAt, f.since)];
  const late = [lt(messages.createdAt, edge), sentLate, gte(messages.sentAt, f.since), ...(f.until ? [lt(messages.sentAt, f.until)] : [])];
  // Every text of the recent part was created after every one of the late part: a page is one part, then the other.
  const [first, second] = page.before ? [late, recent] : [recent, late];
  const head = await read(first, upTo);
  if (head.length >= upTo) return head.slice(offset, upTo);
  return [...head, ...(await read(second, upTo - head.length))].slice(offset, upTo);
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
