import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { pgArray } from '../../db/pg-array.js';
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

/** Messages of one account by id (any order; missing ids are left out). */
export async function findMessages(db: Db, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(messages).where(and(eq(messages.accountId, accountId), inArray(messages.id, ids)));
}

/**
 * The campaign of each contact's latest campaign text created in (since, before]: analytics credits
 * an opt-out to it (the marketing index: account, contact, created_at).
 */
export async function latestCampaignOf(db: Db, accountId: string, contactIds: string[], since: Date, before: Date) {
  if (!contactIds.length) return [];
  const { rows } = await txQuery(db)<{ contact_id: string; campaign_id: string }>(
    `select distinct on (contact_id) contact_id, campaign_id from messages
     where account_id = $1 and contact_id = any($2::uuid[]) and kind = 'marketing' and direction = 'outbound' and campaign_id is not null
       and created_at > $3 and created_at <= $4
     order by contact_id, created_at desc`,
    [accountId, pgArray(contactIds), since.toISOString(), before.toISOString()],
  );
  return rows;
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
  then?: { to: string; errorCode?: string | null; source?: string } | null;
}

/** What the history event of a status change adds to the row update (status.service writes both at once). */
export interface StatusEventInput extends StatusUpdate {
  /** Facts the event keeps beside the status (JSON object), or none. `then.source`: the chained change's event's `source`. */
  details?: Record<string, unknown>;
}

/** Two details objects with the same keys and values (dates by their time): one JSON serialises both. */
function sameDetails(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (!(x instanceof Date && y instanceof Date && x.getTime() === y.getTime())) return false;
  }
  return true;
}

/**
 * Writes status changes, each guarded by the status it expects (and the claim, when given), so a
 * concurrent change wins and nothing moves back, and the `message.status_changed` outbox event of
 * every change it applied (two for a chained change: `to`, then `then.to`) — one statement. The
 * events are built in the database from the same unnest (`{status, from, errorCode, source,
 * conversationId}` and the change's details), not serialised to JSON per event here and parsed
 * there; they are inserted in the order of `changes`. Returns the rows it changed with their
 * conversation. Callers go through status.service, which checks the transitions.
 */
export async function updateStatusesWithEvents(tx: Db, changes: StatusEventInput[], source: string): Promise<Array<{ id: string; conversation_id: string | null }>> {
  if (!changes.length) return [];
  // Array parameters as literals built in one pass (pgArray): ids, statuses and numbers need no escaping.
  const col = <K extends keyof StatusEventInput>(k: K) => pgArray(changes.map((c) => c[k] as string | number | null | undefined));
  // A batch's changes mostly share their details (a claim's time, its hand-over's): each distinct object is sent once
  // (serialised only when it differs from the previous change's).
  const details: string[] = [];
  const detailIdx = new Map<string, number>();
  let prev: { details: Record<string, unknown>; idx: number } | null = null;
  const detailOf = changes.map((c) => {
    if (!c.details) return null;
    if (prev && sameDetails(prev.details, c.details)) return prev.idx;
    const json = JSON.stringify(c.details);
    let i = detailIdx.get(json);
    if (i === undefined) detailIdx.set(json, (i = details.push(json)));
    prev = { details: c.details, idx: i };
    return i;
  });
  const { rows } = await txQuery(tx)<{ id: string; conversation_id: string | null }>(
    `with u as (
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[], $10::uuid[], $11::text[], $12::text[], $13::int[], $14::text[])
         with ordinality as u(account_id, id, from_status, to_status, error_code, error_message, provider_message_id, next_attempt_at, attempt, connection_id, then_status, then_error_code, details_idx, then_source, ord)),
     m as (
       update messages m set status = coalesce(u.then_status, u.to_status), updated_at = now(),
         error_code = coalesce(u.then_error_code, u.error_code, m.error_code), error_message = coalesce(u.error_message, m.error_message),
         provider_message_id = coalesce(u.provider_message_id, m.provider_message_id),
         connection_id = coalesce(u.connection_id, m.connection_id),
         next_attempt_at = case when u.to_status = 'queued' then coalesce(u.next_attempt_at, m.next_attempt_at) else m.next_attempt_at end,
         claimed_until = null,
         sent_at = case when u.to_status = 'sent' then now() else m.sent_at end,
         delivered_at = case when coalesce(u.then_status, u.to_status) = 'delivered' then now() else m.delivered_at end
       from u
       where m.account_id = u.account_id and m.id = u.id and m.status = u.from_status and (u.attempt is null or m.attempts = u.attempt)
       returning m.account_id, m.id, m.conversation_id),
     e as (
       insert into outbox (account_id, type, subject_id, payload)
       select u.account_id, 'message.status_changed', u.id, x.payload
       from u join m on m.account_id = u.account_id and m.id = u.id
       cross join lateral (values
         (1, jsonb_build_object('status', u.to_status, 'from', u.from_status, 'errorCode', u.error_code, 'source', $15::text, 'conversationId', m.conversation_id)
             || coalesce(($16::jsonb[])[u.details_idx], '{}'::jsonb)),
         (2, case when u.then_status is not null then
             jsonb_build_object('status', u.then_status, 'from', u.to_status, 'errorCode', u.then_error_code, 'source', u.then_source, 'conversationId', m.conversation_id) end)
       ) as x(n, payload)
       where x.payload is not null
       order by u.ord, x.n)
     select id, conversation_id from m`,
    [col('accountId'), col('id'), col('from'), col('to'), col('errorCode'), col('errorMessage'), col('providerMessageId'),
      pgArray(changes.map((c) => c.nextAttemptAt?.toISOString() ?? null)), col('attempt'), col('connectionId'),
      pgArray(changes.map((c) => c.then?.to ?? null)), pgArray(changes.map((c) => c.then?.errorCode ?? null)), pgArray(detailOf), pgArray(changes.map((c) => c.then?.source ?? null)),
      source, pgArray(details)],
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

/** What the account's message log (GET /v1/messages) is narrowed by; `numberIds`/`teamIds` restrict a partner caller to its grant. */
export interface MessageLogFilter {
  status?: string;
  direction?: string;
  numberId?: string;
  contactId?: string;
  /** ISO date-times, compared in SQL: exact to the microsecond (a Date would cut them to milliseconds). */
  since?: string;
  until?: string;
  numberIds?: string[];
  teamIds?: string[];
}

/**
 * One page of the account's messages, newest first, by (created_at, id) on messages_log_idx;
 * each row with its keyset position. The other filters narrow the walk of that index.
 */
export async function listMessageLog(db: Db, accountId: string, f: MessageLogFilter, after: KeysetPosition | null, limit: number) {
  const conds: SQL[] = [eq(messages.accountId, accountId)];
  if (f.status) conds.push(eq(messages.status, f.status));
  if (f.direction) conds.push(eq(messages.direction, f.direction));
  if (f.numberId) conds.push(eq(messages.numberId, f.numberId));
  if (f.contactId) conds.push(eq(messages.contactId, f.contactId));
  if (f.since) conds.push(sql`${messages.createdAt} >= ${f.since}::timestamptz`);
  if (f.until) conds.push(sql`${messages.createdAt} < ${f.until}::timestamptz`);
  if (f.numberIds) conds.push(inArray(messages.numberId, f.numberIds));
  if (f.teamIds) {
    conds.push(sql`exists (select 1 from conversations c where c.account_id = ${messages.accountId} and c.id = ${messages.conversationId}
      and c.team_id = any(${pgArray(f.teamIds)}::uuid[]))`);
  }
  if (after) conds.push(afterPositionSql(messages.createdAt, messages.id, after, 'desc'));
  return db.select({ message: messages, us: positionUsSql(messages.createdAt) }).from(messages)
    .where(and(...conds)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit);
}

/**
 * Serialises the automatic replies to one contact until the transaction ends: taken before counting
 * them (recentAutoReplies, a statement of its own, so it sees the previous holder's reply). Inbound
 * texts also lock the contact's row (touchLastMessage) before this; the bound does not rely on it.
 */
export async function lockAutoReplies(tx: Db, accountId: string, contactId: string): Promise<void> {
  await txQuery(tx)(`select pg_advisory_xact_lock(hashtextextended('wm.auto-replies:' || $1::text || ':' || $2::text, 0))`, [accountId, contactId]);
}

/**
 * Automatic replies (kind keyword_reply) queued to this contact in the last hour, counted up to
 * `atMost` (the outbound-contact index; inbound.service bounds a contact's automatic replies with it).
 */
export async function recentAutoReplies(db: Db, accountId: string, contactId: string, atMost: number): Promise<number> {
  const { rows } = await txQuery(db)<{ n: number }>(
    `select count(*)::int n from (select 1 from messages
       where account_id = $1 and contact_id = $2 and direction = 'outbound' and kind = 'keyword_reply' and created_at > now() - interval '1 hour'
       limit $3) r`,
    [accountId, contactId, atMost],
  );
  return rows[0].n;
}
