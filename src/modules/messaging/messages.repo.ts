import { and, desc, eq } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';

export type MessageRow = typeof messages.$inferSelect;

/** Inserts a message row only: status.service's createMessage checks its status and writes its first event. */
export async function insertMessage(tx: Db, row: typeof messages.$inferInsert) {
  const [m] = await tx.insert(messages).values(row).returning();
  return m;
}

export async function findMessage(db: Db, accountId: string, id: string) {
  const [m] = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.id, id)));
  return m ?? null;
}

export async function findByIdempotencyKey(db: Db, accountId: string, key: string) {
  const [m] = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.idempotencyKey, key)));
  return m ?? null;
}

/** A received message of the account with this carrier id (carrier ids mean something only within one account). */
export async function findByProviderId(db: Db, accountId: string, provider: string, providerMessageId: string) {
  const [m] = await db.select().from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.provider, provider), eq(messages.providerMessageId, providerMessageId)));
  return m ?? null;
}

export async function conversationMessages(db: Db, accountId: string, conversationId: string, limit: number) {
  return db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.conversationId, conversationId))).orderBy(desc(messages.createdAt)).limit(limit);
}

export interface StatusUpdate {
  id: string;
  accountId: string;
  from: string;
  to: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  providerMessageId?: string | null;
  nextAttemptAt?: Date | null;
  /** The dispatcher's claim (its attempt number): a stale worker's outcome does not overwrite a newer claim's. */
  attempt?: number | null;
  /** The provider connection that received the message (the sub-processor record); kept when null. */
  connectionId?: string | null;
  /** A second status right after `to` in the same write (status.service writes both events): the row ends in it. */
  then?: { to: string; errorCode?: string | null } | null;
}

/**
 * Writes status changes in one statement, each guarded by the status it expects (and the claim,
 * when given), so a concurrent change wins and nothing moves back. Returns the rows it changed
 * with their conversation. Callers go through status.service, which checks the transitions.
 */
export async function updateStatuses(tx: Db, changes: StatusUpdate[]): Promise<Array<{ id: string; conversation_id: string | null }>> {
  if (!changes.length) return [];
  const col = <K extends keyof StatusUpdate>(k: K) => changes.map((c) => c[k] ?? null);
  // A chained change (`then`) passes through `to` (u.via) and ends in `then.to`.
  const { rows } = await txQuery(tx)<{ id: string; conversation_id: string | null }>(
    `update messages m set status = coalesce(u.then_status, u.to_status), updated_at = now(),
       error_code = coalesce(u.then_error_code, u.error_code, m.error_code), error_message = coalesce(u.error_message, m.error_message),
       provider_message_id = coalesce(u.provider_message_id, m.provider_message_id),
       connection_id = coalesce(u.connection_id, m.connection_id),
       next_attempt_at = case when u.to_status = 'queued' then coalesce(u.next_attempt_at, m.next_attempt_at) else m.next_attempt_at end,
       claimed_until = null,
       sent_at = case when u.to_status = 'sent' then now() else m.sent_at end,
       delivered_at = case when coalesce(u.then_status, u.to_status) = 'delivered' then now() else m.delivered_at end
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[], $10::uuid[], $11::text[], $12::text[])
       as u(account_id, id, from_status, to_status, error_code, error_message, provider_message_id, next_attempt_at, attempt, connection_id, then_status, then_error_code)
     where m.account_id = u.account_id and m.id = u.id and m.status = u.from_status and (u.attempt is null or m.attempts = u.attempt)
     returning m.id, m.conversation_id`,
    [col('accountId'), col('id'), col('from'), col('to'), col('errorCode'), col('errorMessage'), col('providerMessageId'),
      changes.map((c) => c.nextAttemptAt?.toISOString() ?? null), col('attempt'), col('connectionId'),
      changes.map((c) => c.then?.to ?? null), changes.map((c) => c.then?.errorCode ?? null)],
  );
  return rows;
}

/**
 * When the contact's marketing texts went or will go (sent_at, else the planned next_attempt_at),
 * those after `since`: the daily cap of Florida and Oklahoma (3 per 24 h) counts them.
 */
export async function marketingMoments(tx: Db, accountId: string, contactId: string, since: Date): Promise<Date[]> {
  const { rows } = await txQuery(tx)<{ at: Date | string }>(
    `select coalesce(sent_at, next_attempt_at, created_at) as at from messages
     where account_id = $1 and contact_id = $2 and kind = 'marketing' and status <> 'canceled' and coalesce(sent_at, next_attempt_at, created_at) > $3`,
    [accountId, contactId, since.toISOString()],
  );
  return rows.map((r) => new Date(r.at));
}
