import type { RawQuery } from '../../db/client.js';

/** SQL of the per-conversation SLA targets (table sla_targets). */
export type TargetKind = 'first_response' | 'next_response' | 'resolution';
export type TargetStatus = 'active' | 'met' | 'breached' | 'stopped';

export interface TargetRow {
  id: string;
  account_id: string;
  conversation_id: string;
  kind: TargetKind;
  policy_id: string | null;
  started_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  status: TargetStatus;
  met_at: Date | null;
  breached_at: Date | null;
  warned_at: Date | null;
}

export interface ConversationSlaState { status: string; team_id: string | null; assignee_user_id: string | null; last_inbound_at: Date | null; last_reply_at: Date | null }

export async function conversationState(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<ConversationSlaState>(
    `select status, team_id, assignee_user_id, last_inbound_at, last_reply_at from conversations where account_id = $1 and id = $2`, [accountId, id]);
  return r ?? null;
}

export async function targetsOf(q: RawQuery, accountId: string, conversationId: string) {
  const { rows } = await q<TargetRow>(`select * from sla_targets where account_id = $1 and conversation_id = $2 order by started_at, created_at`, [accountId, conversationId]);
  return rows;
}

export interface NewTarget { id: string; accountId: string; conversationId: string; kind: TargetKind; policyId: string; startedAt: Date; dueAt: Date | null; warnAt: Date | null }

export async function insertTargets(q: RawQuery, rows: NewTarget[]) {
  if (!rows.length) return;
  await q(
    `insert into sla_targets (id, account_id, conversation_id, kind, policy_id, started_at, due_at, warn_at)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])`,
    [rows.map((r) => r.id), rows.map((r) => r.accountId), rows.map((r) => r.conversationId), rows.map((r) => r.kind), rows.map((r) => r.policyId),
      rows.map((r) => r.startedAt.toISOString()), rows.map((r) => r.dueAt?.toISOString() ?? null), rows.map((r) => r.warnAt?.toISOString() ?? null)],
  );
}

/** Who the conversation is with now (kept on a target when it is decided, for the report). */
const SNAPSHOT = `assignee_user_id = c.assignee_user_id, team_id = c.team_id`;
const OF_CONVERSATION = `from conversations c where c.account_id = t.account_id and c.id = t.conversation_id and t.account_id = $1 and t.conversation_id = $2`;

/** An agent's reply meets the open response targets: in time (met) or late (breached, met_at kept); partnerId: the replying partner agent's. */
export async function meetResponses(q: RawQuery, accountId: string, conversationId: string, at: Date, partnerId: string | null = null) {
  await q(meetResponsesSql('$1', '$2', '$3', '$4'), [accountId, conversationId, at.toISOString(), partnerId]);
}

/** meetResponses' statement; each argument an SQL expression (parameters, or a sub-select of a composed statement: the send's). */
export function meetResponsesSql(accountId: string, conversationId: string, at: string, partnerId: string) {
  return meetSql(at, partnerId, '', `t.account_id = ${accountId} and t.conversation_id = ${conversationId}`);
}

/** meetResponsesSql for a set of replies (the batched send's): `source` yields (account_id, conversation_id, at, partner_id), one row per conversation. */
export function meetResponsesEachSql(source: string) {
  return meetSql('r.at', 'r.partner_id', `, (${source}) r`, 't.account_id = r.account_id and t.conversation_id = r.conversation_id');
}

function meetSql(at: string, partnerId: string, from: string, which: string) {
  return `update sla_targets t set met_at = ${at}::timestamptz, met_by_partner_id = ${partnerId}::uuid,
       status = case when t.status = 'active' and (t.due_at is null or ${at}::timestamptz <= t.due_at) then 'met' else 'breached' end,
       breached_at = case when t.due_at is not null and ${at}::timestamptz > t.due_at then coalesce(t.breached_at, t.due_at) else t.breached_at end, ${SNAPSHOT}
     from conversations c${from} where c.account_id = t.account_id and c.id = t.conversation_id and ${which}
       and t.kind in ('first_response', 'next_response') and t.met_at is null and t.status in ('active', 'breached')`;
}

/**
 * A close resolves the conversation: its resolution target is met (or late); its response
 * targets stop (a target already past due stays breached) — nothing is breached after it.
 */
export async function closeTargets(q: RawQuery, accountId: string, conversationId: string, at: Date) {
  await q(
    `update sla_targets t set
       met_at = case when t.kind = 'resolution' then $3::timestamptz else t.met_at end,
       status = case when t.due_at is not null and $3::timestamptz > t.due_at then 'breached' when t.kind = 'resolution' then 'met' else 'stopped' end,
       breached_at = case when t.due_at is not null and $3::timestamptz > t.due_at then coalesce(t.breached_at, t.due_at) else null end, ${SNAPSHOT}
     ${OF_CONVERSATION} and t.status = 'active'`,
    [accountId, conversationId, at.toISOString()],
  );
  // A resolution breached earlier is still resolved now (late).
  await q(`update sla_targets t set met_at = $3::timestamptz ${OF_CONVERSATION} and t.kind = 'resolution' and t.status = 'breached' and t.met_at is null`,
    [accountId, conversationId, at.toISOString()]);
}

/** Targets still running (not met, not stopped) on conversations that are not closed, with the conversation's team: what a policy change recomputes. */
export async function openTargets(q: RawQuery, accountId: string) {
  const { rows } = await q<TargetRow & { conversation_team_id: string | null }>(
    `select t.*, c.team_id as conversation_team_id from sla_targets t join conversations c on c.account_id = t.account_id and c.id = t.conversation_id
     where t.account_id = $1 and t.met_at is null and t.status in ('active', 'breached') and c.status <> 'closed'`,
    [accountId],
  );
  return rows;
}

export interface TargetUpdate { id: string; policyId: string | null; dueAt: Date | null; warnAt: Date | null; status: TargetStatus; breachedAt: Date | null; warnedAt: Date | null }

export async function updateTargets(q: RawQuery, accountId: string, rows: TargetUpdate[]) {
  if (!rows.length) return;
  await q(
    `update sla_targets t set policy_id = u.policy_id, due_at = u.due_at, warn_at = u.warn_at, status = u.status, breached_at = u.breached_at, warned_at = u.warned_at
     from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::timestamptz[], $8::timestamptz[])
       as u(id, policy_id, due_at, warn_at, status, breached_at, warned_at)
     where t.account_id = $1 and t.id = u.id`,
    [accountId, rows.map((r) => r.id), rows.map((r) => r.policyId), rows.map((r) => r.dueAt?.toISOString() ?? null), rows.map((r) => r.warnAt?.toISOString() ?? null),
      rows.map((r) => r.status), rows.map((r) => r.breachedAt?.toISOString() ?? null), rows.map((r) => r.warnedAt?.toISOString() ?? null)],
  );
}

/** Accounts with a running target whose policy is no longer the one its conversation's team gets (a team change, a policy added or removed). */
export async function accountsWithStalePolicies(q: RawQuery, limit = 100) {
  const { rows } = await q<{ account_id: string }>(
    `select distinct t.account_id from sla_targets t join conversations c on c.account_id = t.account_id and c.id = t.conversation_id
     where t.status = 'active' and t.policy_id is distinct from coalesce(
       (select p.id from sla_policies p where p.account_id = t.account_id and p.team_id = c.team_id),
       (select p.id from sla_policies p where p.account_id = t.account_id and p.team_id is null))
     limit $1`,
    [limit],
  );
  return rows.map((r) => r.account_id);
}

export interface Alert { account_id: string; id: string; conversation_id: string; kind: TargetKind; due_at: Date; assignee_user_id: string | null; team_id: string | null }

/** Marks the running targets whose warning time has come as warned; returns them with the conversation's assignee. */
export async function takeWarnings(q: RawQuery, now: Date, limit: number) {
  const { rows } = await q<Alert>(
    `with due as (select account_id, id from sla_targets where status = 'active' and warned_at is null and warn_at <= $1 order by warn_at limit $2 for update skip locked)
     update sla_targets t set warned_at = $1 from due, conversations c
     where t.account_id = due.account_id and t.id = due.id and c.account_id = t.account_id and c.id = t.conversation_id
     returning t.account_id, t.id, t.conversation_id, t.kind, t.due_at, c.assignee_user_id, c.team_id`,
    [now.toISOString(), limit],
  );
  return rows;
}

/** Marks the running targets past due as breached (at their due time); returns them. */
export async function takeBreaches(q: RawQuery, now: Date, limit: number) {
  const { rows } = await q<Alert>(
    `with due as (select account_id, id from sla_targets where status = 'active' and due_at <= $1 order by due_at limit $2 for update skip locked)
     update sla_targets t set status = 'breached', breached_at = t.due_at, assignee_user_id = c.assignee_user_id, team_id = c.team_id
     from due, conversations c
     where t.account_id = due.account_id and t.id = due.id and c.account_id = t.account_id and c.id = t.conversation_id
     returning t.account_id, t.id, t.conversation_id, t.kind, t.due_at, c.assignee_user_id, c.team_id`,
    [now.toISOString(), limit],
  );
  return rows;
}
