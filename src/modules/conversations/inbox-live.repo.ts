import { txQuery, type Db, type RawQuery } from '../../db/client.js';

/**
 * SQL of the inbox's live layer: per-person read marks (unread), presence heartbeats (who is
 * viewing or typing) and the snooze wake-up. Conversations themselves are in conversations.repo.
 */

/**
 * "Unread for this person" as a condition on alias `c` (a filter's `extra`): the customer texted
 * after the person last read it, or they marked it unread (read_at far in the past). A
 * conversation nobody ever read is unread once the customer has texted in it.
 */
export const unreadSql = (userParam: string) => `coalesce(
  (select r.read_at < coalesce(c.last_inbound_at, c.created_at) from conversation_reads r
   where r.account_id = c.account_id and r.conversation_id = c.id and r.user_id = ${userParam}::uuid),
  c.last_inbound_at is not null)`;

/** "Needs a reply" as a condition on alias `c`: the customer texted last (as the API's needsReply). */
export const NEEDS_REPLY_SQL = 'c.last_inbound_at is not null and (c.last_reply_at is null or c.last_reply_at < c.last_inbound_at)';

/** The ids among `ids` that are unread for the person. */
export async function unreadAmong(q: RawQuery, accountId: string, userId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q<{ id: string }>(
    `select c.id from conversations c where c.account_id = $1 and c.id = any($3::uuid[]) and ${unreadSql('$2')}`,
    [accountId, userId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Marks read now — the database's clock, the one that stamps last_inbound_at (a mark never moves
 * back in time, unless it was "marked unread").
 */
export async function markRead(tx: Db, accountId: string, conversationId: string, userId: string) {
  await txQuery(tx)(
    `insert into conversation_reads (account_id, conversation_id, user_id, read_at) values ($1, $2, $3, now())
     on conflict (account_id, conversation_id, user_id) do update set read_at = greatest(conversation_reads.read_at, excluded.read_at)`,
    [accountId, conversationId, userId],
  );
}

/** Marks unread for the person until they open it again. */
export async function markUnread(tx: Db, accountId: string, conversationId: string, userId: string) {
  await txQuery(tx)(
    `insert into conversation_reads (account_id, conversation_id, user_id, read_at) values ($1, $2, $3, 'epoch')
     on conflict (account_id, conversation_id, user_id) do update set read_at = 'epoch'`,
    [accountId, conversationId, userId],
  );
}

// ---- presence ----

export interface PresenceRow {
  conversation_id: string;
  user_id: string;
  name: string | null;
  state: string;
  updated_at: Date;
}

/** Records a heartbeat (upsert) and drops the account's expired ones. */
export async function beat(tx: Db, accountId: string, conversationId: string, userId: string, state: string, now: Date, expiresAt: Date) {
  const q = txQuery(tx);
  await q(
    `insert into conversation_presence (account_id, conversation_id, user_id, state, updated_at, expires_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (account_id, conversation_id, user_id) do update set state = excluded.state, updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    [accountId, conversationId, userId, state, now.toISOString(), expiresAt.toISOString()],
  );
  await q(`delete from conversation_presence where account_id = $1 and expires_at < $2`, [accountId, now.toISOString()]);
}

/** A person left the conversation. */
export async function leave(tx: Db, accountId: string, conversationId: string, userId: string) {
  await txQuery(tx)(`delete from conversation_presence where account_id = $1 and conversation_id = $2 and user_id = $3`, [accountId, conversationId, userId]);
}

/** Who is present (not expired) in the account, optionally in one conversation, by name. */
export async function presentNow(q: RawQuery, accountId: string, now: Date, conversationId?: string) {
  const { rows } = await q<PresenceRow>(
    `select p.conversation_id, p.user_id, u.name, p.state, p.updated_at
     from conversation_presence p join users u on u.id = p.user_id
     where p.account_id = $1 and p.expires_at > $2 and ($3::uuid is null or p.conversation_id = $3::uuid)
     order by p.conversation_id, p.updated_at`,
    [accountId, now.toISOString(), conversationId ?? null],
  );
  return rows;
}

// ---- snooze ----

export interface WokenRow {
  id: string;
  account_id: string;
  snoozed_until: Date;
}

/**
 * Opens the conversations (of every account) whose snooze time has come, a bounded batch,
 * skipping rows another worker is waking. Returns what it woke.
 */
export async function wakeDue(tx: Db, now: Date, limit: number): Promise<WokenRow[]> {
  const { rows } = await txQuery(tx)<WokenRow>(
    `with due as (
       select account_id, id, snoozed_until from conversations
       where status = 'snoozed' and snoozed_until is not null and snoozed_until <= $1
       order by snoozed_until limit $2 for update skip locked
     )
     update conversations c set status = 'open', snoozed_until = null
     from due where c.account_id = due.account_id and c.id = due.id
     returning c.id, c.account_id, due.snoozed_until`,
    [now.toISOString(), limit],
  );
  return rows;
}

/** The number and team of conversations (for a partner's restriction on the account stream). */
export async function placesOf(q: RawQuery, accountId: string, ids: string[]): Promise<Map<string, { numberId: string; teamId: string | null }>> {
  if (!ids.length) return new Map();
  const { rows } = await q<{ id: string; number_id: string; team_id: string | null }>(
    `select id, number_id, team_id from conversations where account_id = $1 and id = any($2::uuid[])`, [accountId, ids]);
  return new Map(rows.map((r) => [r.id, { numberId: r.number_id, teamId: r.team_id }]));
}

/** A filter condition (alias `c`): the conversation's team is one the person is in ("My teams"). */
export const inMyTeamsSql = (userId: string) => (param: (v: unknown) => string) =>
  `c.team_id in (select tm.team_id from team_members tm where tm.account_id = c.account_id and tm.user_id = ${param(userId)}::uuid)`;
