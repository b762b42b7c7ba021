import type { RawQuery } from '../../db/client.js';

/** Teams' SQL: teams of an account and who is in them. */

export interface TeamRow { id: string; name: string; autoAssign: boolean; createdAt: Date; memberIds: string[] }

interface Raw { id: string; name: string; auto_assign: boolean; created_at: Date; member_ids: string[] | null }
const toTeam = (r: Raw): TeamRow => ({ id: r.id, name: r.name, autoAssign: r.auto_assign, createdAt: r.created_at, memberIds: r.member_ids ?? [] });

const SELECT = `
  select t.id, t.name, t.auto_assign, t.created_at,
         array(select tm.user_id from team_members tm where tm.account_id = t.account_id and tm.team_id = t.id order by tm.created_at, tm.user_id) as member_ids
  from teams t`;

export async function listTeams(q: RawQuery, accountId: string): Promise<TeamRow[]> {
  const { rows } = await q<Raw>(`${SELECT} where t.account_id = $1 order by lower(t.name)`, [accountId]);
  return rows.map(toTeam);
}

export async function findTeam(q: RawQuery, accountId: string, id: string): Promise<TeamRow | null> {
  const { rows: [r] } = await q<Raw>(`${SELECT} where t.account_id = $1 and t.id = $2`, [accountId, id]);
  return r ? toTeam(r) : null;
}

export async function insertTeam(q: RawQuery, accountId: string, id: string, name: string, autoAssign: boolean) {
  await q(`insert into teams (id, account_id, name, auto_assign) values ($1, $2, $3, $4)`, [id, accountId, name, autoAssign]);
}

export async function updateTeam(q: RawQuery, accountId: string, id: string, patch: { name?: string; autoAssign?: boolean }) {
  await q(`update teams set name = coalesce($3, name), auto_assign = coalesce($4, auto_assign) where account_id = $1 and id = $2`,
    [accountId, id, patch.name ?? null, patch.autoAssign ?? null]);
}

/**
 * Locks the account's teams among `ids` until the transaction ends — exclusively (a delete) or
 * shared (a partner grant naming them is saved) — and returns those that exist. A delete and a
 * grant save naming the same team are thus ordered: the later one sees what the earlier committed.
 */
export async function lockTeams(q: RawQuery, accountId: string, ids: string[], mode: 'update' | 'share'): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await q<{ id: string }>(`select id from teams where account_id = $1 and id = any($2::uuid[]) order by id for ${mode === 'update' ? 'update' : 'share'}`, [accountId, ids]);
  return rows.map((r) => r.id);
}

/**
 * The live partner grants of the account that name the team (their rows locked until the
 * transaction ends). The conversations module reads the partners module's partner_grants here
 * directly (partners depends on conversations, not the reverse).
 */
export async function grantsNamingTeam(q: RawQuery, accountId: string, teamId: string): Promise<string[]> {
  const { rows } = await q<{ id: string }>(
    `select id from partner_grants where account_id = $1 and revoked_at is null and $2::uuid = any(team_ids) order by created_at for update`, [accountId, teamId]);
  return rows.map((r) => r.id);
}

/** Deletes a team (its members go with it); its conversations keep their assignee and lose the team. */
export async function deleteTeam(q: RawQuery, accountId: string, id: string) {
  await q(`update conversations set team_id = null where account_id = $1 and team_id = $2`, [accountId, id]);
  const { rows } = await q(`delete from teams where account_id = $1 and id = $2 returning id`, [accountId, id]);
  return rows.length > 0;
}

/** Replaces a team's members. */
export async function setMembers(q: RawQuery, accountId: string, teamId: string, userIds: string[]) {
  await q(`delete from team_members where account_id = $1 and team_id = $2 and not (user_id = any($3::uuid[]))`, [accountId, teamId, userIds]);
  await q(
    `insert into team_members (account_id, team_id, user_id) select $1, $2, u from unnest($3::uuid[]) as u
     on conflict do nothing`,
    [accountId, teamId, userIds],
  );
}

/** Takes a member out of every team of the account. */
export async function removeFromTeams(q: RawQuery, accountId: string, userId: string) {
  await q(`delete from team_members where account_id = $1 and user_id = $2`, [accountId, userId]);
}
