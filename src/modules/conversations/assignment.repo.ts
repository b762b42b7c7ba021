import type { RawQuery } from '../../db/client.js';
import type { Availability } from './round-robin.js';

/** Assignment's SQL: the account's settings, its agents' availability and load, conversations' assignees. */

export interface InboxSettings { autoAssign: boolean; reassignAfterMinutes: number | null }
export interface AgentSettings { userId: string; availability: Availability; capacity: number | null; lastAssignedAt: Date | null }

/**
 * Serialises automatic assignment within an account (across processes) until the transaction
 * ends: agents' loads are counted after the lock, so two openings never both take the last slot.
 */
export async function lockAccountAssignment(q: RawQuery, accountId: string) {
  await q(`select pg_advisory_xact_lock(hashtextextended('wm.assign:' || $1::text, 0))`, [accountId]);
}

export async function inboxSettingsOf(q: RawQuery, accountId: string): Promise<InboxSettings> {
  const { rows: [r] } = await q<{ auto_assign: boolean; reassign_after_minutes: number | null }>(
    `select auto_assign, reassign_after_minutes from inbox_settings where account_id = $1`, [accountId]);
  return { autoAssign: r?.auto_assign ?? false, reassignAfterMinutes: r?.reassign_after_minutes ?? null };
}

export async function saveInboxSettings(q: RawQuery, accountId: string, s: InboxSettings) {
  await q(
    `insert into inbox_settings (account_id, auto_assign, reassign_after_minutes, updated_at) values ($1, $2, $3, now())
     on conflict (account_id) do update set auto_assign = excluded.auto_assign, reassign_after_minutes = excluded.reassign_after_minutes, updated_at = now()`,
    [accountId, s.autoAssign, s.reassignAfterMinutes],
  );
}

export async function agentSettingsOf(q: RawQuery, accountId: string): Promise<AgentSettings[]> {
  const { rows } = await q<{ user_id: string; availability: Availability; capacity: number | null; last_assigned_at: Date | null }>(
    `select user_id, availability, capacity, last_assigned_at from agent_settings where account_id = $1`, [accountId]);
  return rows.map((r) => ({ userId: r.user_id, availability: r.availability, capacity: r.capacity, lastAssignedAt: r.last_assigned_at }));
}

/** Sets a member's availability and/or capacity (a row is created with the defaults for what is not given). */
export async function saveAgentSettings(q: RawQuery, accountId: string, userId: string, patch: { availability?: Availability; capacity?: number | null }) {
  await q(
    `insert into agent_settings (account_id, user_id, availability, capacity, updated_at) values ($1, $2, coalesce($3, 'online'), $5, now())
     on conflict (account_id, user_id) do update set
       availability = coalesce($3, agent_settings.availability),
       capacity = case when $4 then $5 else agent_settings.capacity end,
       updated_at = now()`,
    [accountId, userId, patch.availability ?? null, patch.capacity !== undefined, patch.capacity ?? null],
  );
}

/** Round-robin's clock: when the member was last given a conversation. */
export async function markAssigned(q: RawQuery, accountId: string, userId: string, at: Date) {
  await q(
    `insert into agent_settings (account_id, user_id, last_assigned_at) values ($1, $2, $3)
     on conflict (account_id, user_id) do update set last_assigned_at = excluded.last_assigned_at`,
    [accountId, userId, at.toISOString()],
  );
}

/** What a caller may see of the account's conversations: only these numbers / teams (null: no restriction) — a partner's grant. */
export interface Reach { numberIds: string[] | null; teamIds: string[] | null }

/** Open conversations assigned to each member of the account who has any (only those within `within`, when given). */
export async function openCounts(q: RawQuery, accountId: string, within?: Reach): Promise<Map<string, number>> {
  const { rows } = await q<{ assignee_user_id: string; n: number | string }>(
    `select assignee_user_id, count(*) as n from conversations where account_id = $1 and assignee_user_id is not null and status = 'open'
       and ($2::uuid[] is null or number_id = any($2::uuid[])) and ($3::uuid[] is null or team_id = any($3::uuid[])) group by 1`,
    [accountId, within?.numberIds ?? null, within?.teamIds ?? null]);
  return new Map(rows.map((r) => [r.assignee_user_id, Number(r.n)]));
}

/** Sets (or clears) a conversation's assignee and team; returns the previous ones, or null when there is no such conversation. */
export async function setAssignment(q: RawQuery, accountId: string, id: string, userId: string | null, teamId: string | null, at: Date) {
  const { rows: [r] } = await q<{ prev_user: string | null; prev_team: string | null }>(
    `update conversations c set assignee_user_id = $3, team_id = $4, assigned_at = case when $3::uuid is null then null else $5::timestamptz end
     from (select assignee_user_id as prev_user, team_id as prev_team from conversations where account_id = $1 and id = $2 for update) p
     where c.account_id = $1 and c.id = $2
     returning p.prev_user, p.prev_team`,
    [accountId, id, userId, teamId, at.toISOString()],
  );
  return r ? { previousUserId: r.prev_user, previousTeamId: r.prev_team } : null;
}

/** The conversations (not closed) assigned to a member: un-assigned, their team kept. */
export async function releaseAssignee(q: RawQuery, accountId: string, userId: string) {
  const { rows } = await q<{ id: string; team_id: string | null; status: string }>(
    `update conversations set assignee_user_id = null, assigned_at = null
     where account_id = $1 and assignee_user_id = $2 and status <> 'closed' returning id, team_id, status`,
    [accountId, userId],
  );
  return rows;
}

export interface Overdue { accountId: string; id: string; assigneeUserId: string; teamId: string | null }

/**
 * Open, assigned conversations whose customer has waited longer than their account's
 * `reassign_after_minutes` for an answer: since the later of the assignment and the first
 * customer text after the last reply.
 */
export async function overdueConversations(q: RawQuery, now: Date, limit: number): Promise<Overdue[]> {
  const { rows } = await q<{ account_id: string; id: string; assignee_user_id: string; team_id: string | null }>(
    `select c.account_id, c.id, c.assignee_user_id, c.team_id
     from inbox_settings s
     join conversations c on c.account_id = s.account_id and c.assignee_user_id is not null and c.status = 'open'
     where s.reassign_after_minutes is not null
       and c.last_inbound_at is not null and (c.last_reply_at is null or c.last_reply_at < c.last_inbound_at)
       and greatest(c.assigned_at, (
             select min(m.created_at) from messages m
             where m.account_id = c.account_id and m.conversation_id = c.id and m.direction = 'inbound'
               and m.created_at > coalesce(c.last_reply_at, '-infinity'::timestamptz)))
           <= $1::timestamptz - make_interval(mins => s.reassign_after_minutes)
     order by c.account_id, c.assigned_at
     limit $2`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ accountId: r.account_id, id: r.id, assigneeUserId: r.assignee_user_id, teamId: r.team_id }));
}

/** Whether the conversation is still assigned to this member, open and unanswered (re-read under the lock). */
export async function stillOverdue(q: RawQuery, accountId: string, id: string, userId: string) {
  const { rows } = await q(
    `select 1 from conversations where account_id = $1 and id = $2 and assignee_user_id = $3 and status = 'open'
       and last_inbound_at is not null and (last_reply_at is null or last_reply_at < last_inbound_at) for update`,
    [accountId, id, userId],
  );
  return rows.length > 0;
}
