import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { twilioInboundAttempts, twilioInboundDeliveries, type TwimlOutcome } from '../../db/schema/index.js';

export type InboundDeliveryRow = typeof twilioInboundDeliveries.$inferSelect;
export type InboundAttemptRow = typeof twilioInboundAttempts.$inferSelect;
export type NewInboundDelivery = typeof twilioInboundDeliveries.$inferInsert;

/** One row per inbound text (the unique index makes a second fan-out of the same text a no-op). */
export async function insertDeliveries(tx: Db, rows: NewInboundDelivery[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await tx.insert(twilioInboundDeliveries).values(rows).onConflictDoNothing().returning({ id: twilioInboundDeliveries.id });
  return r.length;
}

export interface ClaimedInbound { account_id: string; id: string; message_id: string; number_id: string; url: string; attempts: number }

/** Claims due deliveries (SKIP LOCKED) until `claimUntil`: a worker that dies mid-attempt loses its claim, and the delivery is tried again. */
export async function claimDue(q: RawQuery, now: Date, claimUntil: Date, limit: number): Promise<ClaimedInbound[]> {
  const { rows } = await q<ClaimedInbound>(
    `with pick as (
       select account_id, id from twilio_inbound_deliveries
       where status = 'pending' and next_attempt_at <= $1 and (claimed_until is null or claimed_until < $1)
       order by next_attempt_at limit $3
       for update skip locked
     )
     update twilio_inbound_deliveries d set claimed_until = $2 from pick where d.account_id = pick.account_id and d.id = pick.id
     returning d.account_id, d.id, d.message_id, d.number_id, d.url, d.attempts`,
    [now, claimUntil, limit],
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

export async function insertAttempt(tx: Db, row: typeof twilioInboundAttempts.$inferInsert): Promise<void> {
  await tx.insert(twilioInboundAttempts).values(row);
}

/** Settles an attempt; only while the row is still this claim's (a late duplicate finisher changes nothing). Whether it did. */
export async function finishAttempt(
  tx: Db, accountId: string, id: string, attemptsBefore: number,
  set: { status: string; attempts: number; nextAttemptAt: Date | null; lastStatusCode: number | null; lastError: string | null; lastAttemptAt: Date; outcome?: TwimlOutcome | null },
): Promise<boolean> {
  const r = await tx.update(twilioInboundDeliveries).set({ ...set, claimedUntil: null })
    .where(and(eq(twilioInboundDeliveries.accountId, accountId), eq(twilioInboundDeliveries.id, id), eq(twilioInboundDeliveries.status, 'pending'), eq(twilioInboundDeliveries.attempts, attemptsBefore)))
    .returning({ id: twilioInboundDeliveries.id });
  return r.length > 0;
}

/** An account's deliveries (optionally of one number), newest first, after a keyset position; each with its position time (`us`). */
export function listDeliveries(db: Db, accountId: string, numberId: string | null, limit: number, after: KeysetPosition | null) {
  const where = [eq(twilioInboundDeliveries.accountId, accountId)];
  if (numberId) where.push(eq(twilioInboundDeliveries.numberId, numberId));
  if (after) where.push(afterPositionSql(twilioInboundDeliveries.createdAt, twilioInboundDeliveries.id, after, 'desc'));
  return db.select({ row: twilioInboundDeliveries, us: positionUsSql(twilioInboundDeliveries.createdAt) }).from(twilioInboundDeliveries).where(and(...where))
    .orderBy(desc(twilioInboundDeliveries.createdAt), desc(twilioInboundDeliveries.id)).limit(limit);
}

export async function findDelivery(db: Db, accountId: string, id: string): Promise<InboundDeliveryRow | null> {
  const [r] = await db.select().from(twilioInboundDeliveries).where(and(eq(twilioInboundDeliveries.accountId, accountId), eq(twilioInboundDeliveries.id, id)));
  return r ?? null;
}

export async function attemptsOf(q: RawQuery, accountId: string, deliveryIds: string[]): Promise<InboundAttemptRow[]> {
  if (!deliveryIds.length) return [];
  const { rows } = await q<Record<string, unknown>>(
    `select account_id, id, delivery_id, url, status_code, response_excerpt, error, latency_ms, created_at
     from twilio_inbound_attempts where account_id = $1 and delivery_id = any($2::uuid[]) order by created_at, id`, [accountId, deliveryIds],
  );
  return rows.map((r) => ({
    accountId: r.account_id as string, id: r.id as string, deliveryId: r.delivery_id as string, url: r.url as string,
    statusCode: r.status_code === null ? null : Number(r.status_code), responseExcerpt: r.response_excerpt as string | null,
    error: r.error as string | null, latencyMs: Number(r.latency_ms), createdAt: new Date(r.created_at as string),
  }));
}

/** Erase hook: the deliveries of these messages go, with their attempts (the answers, which may quote the person). */
export async function deleteForMessages(tx: Db, accountId: string, messageIds: string[]): Promise<number> {
  if (!messageIds.length) return 0;
  const { rows } = await txQuery(tx)(`delete from twilio_inbound_deliveries where account_id = $1 and message_id = any($2::uuid[]) returning id`, [accountId, messageIds]);
  return rows.length;
}

/** Redaction hook: the answers to these messages' deliveries (TwiML, which may quote the text) go; status and what the TwiML did stay. */
export async function dropAnswersFor(tx: Db, accountId: string, messageIds: string[]): Promise<number> {
  if (!messageIds.length) return 0;
  const { rows } = await txQuery(tx)(
    `update twilio_inbound_attempts a set response_excerpt = null from twilio_inbound_deliveries d
     where d.account_id = $1 and d.message_id = any($2::uuid[]) and a.account_id = d.account_id and a.delivery_id = d.id and a.response_excerpt is not null
     returning a.id`, [accountId, messageIds],
  );
  return rows.length;
}

/** Log retention: settled deliveries (and their attempts) older than `before`. */
export async function purgeBefore(db: Db, before: Date): Promise<number> {
  const r = await db.delete(twilioInboundDeliveries).where(and(lt(twilioInboundDeliveries.createdAt, before), sql`${twilioInboundDeliveries.status} <> 'pending'`)).returning({ id: twilioInboundDeliveries.id });
  return r.length;
}

/**
 * Serialises the TwiML replies to one contact until the transaction ends: taken before counting them
 * (recentTwimlReplies, in a statement of its own so that it sees the previous holder's reply), so the
 * count and the reply's insert are one step per (account, contact) across connections and workers.
 */
export async function lockTwimlReplies(tx: Db, accountId: string, contactId: string): Promise<void> {
  await txQuery(tx)(`select pg_advisory_xact_lock(hashtextextended('wm.twiml-replies:' || $1::text || ':' || $2::text, 0))`, [accountId, contactId]);
}

/** TwiML replies (once-only keys `twiml:…`) queued to this contact in the last hour, counted up to `atMost` (the outbound-contact index). */
export async function recentTwimlReplies(db: Db, accountId: string, contactId: string, atMost: number): Promise<number> {
  const { rows } = await txQuery(db)<{ n: number }>(
    `select count(*)::int n from (select 1 from messages
       where account_id = $1 and contact_id = $2 and direction = 'outbound' and idempotency_key like 'twiml:%' and created_at > now() - interval '1 hour'
       limit $3) r`,
    [accountId, contactId, atMost],
  );
  return rows[0].n;
}
