import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { agentMembers } from './agents.service.js';
import * as repo from './teams.repo.js';

/**
 * Teams of the account's agents (e.g. "Billing"): conversations are assigned to a team, and
 * a team that assigns automatically gives them to its members in turn. Members must be
 * members of the account with the agent role or higher.
 */
export interface TeamInput { name?: string; autoAssign?: boolean; memberIds?: string[] }

export type TeamView = repo.TeamRow & { members: Array<{ id: string; name: string }> };

async function withNames(ctx: Ctx, accountId: string, teams: repo.TeamRow[]): Promise<TeamView[]> {
  const agents = await agentMembers(ctx.db, accountId);
  return teams.map((t) => ({ ...t, members: t.memberIds.map((id) => ({ id, name: agents.get(id)?.name ?? '' })) }));
}

/** The teams a partner's grant restricts the caller to (null: no restriction). */
export const grantTeamIds = (auth: AuthContext) => (auth as { partner?: { teamIds?: string[] | null } | null }).partner?.teamIds ?? null;

export async function listTeams(ctx: Ctx, auth: AuthContext) {
  const all = await repo.listTeams(ctx.database.query, auth.accountId);
  const only = grantTeamIds(auth);
  const visible = only ? all.filter((t) => only.includes(t.id)) : all;
  return withNames(ctx, auth.accountId, visible);
}

async function teamOr404(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('team', publicId);
  const t = id ? await repo.findTeam(ctx.database.query, accountId, id) : null;
  if (!t) throw notFound('Team');
  return t;
}

export async function getTeam(ctx: Ctx, auth: AuthContext, publicId: string) {
  return (await withNames(ctx, auth.accountId, [await teamOr404(ctx, auth.accountId, publicId)]))[0];
}

/** The members' row ids; each must be an agent (or higher) of the account. */
async function memberIdsOf(ctx: Ctx, accountId: string, publicIds: string[]) {
  const agents = await agentMembers(ctx.db, accountId);
  const ids = publicIds.map((p, i) => {
    const id = fromPublicId('user', p);
    if (!id || !agents.has(id)) throw unprocessable('not_an_agent', 'Team members must be members of the account with the agent role or higher.', { field: `memberIds.${i}` });
    return id;
  });
  return [...new Set(ids)];
}

const nameTaken = () => conflict('team_name_taken', 'A team with this name already exists.', { field: 'name' });

async function save<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'teams_name_uq')) throw nameTaken();
    throw err;
  }
}

export async function createTeam(ctx: Ctx, auth: AuthContext, input: Required<Pick<TeamInput, 'name'>> & TeamInput, meta: RequestMeta) {
  const memberIds = await memberIdsOf(ctx, auth.accountId, input.memberIds ?? []);
  const id = newUuid();
  await save(() => withTx(ctx.db, async (tx) => {
    const q = txQuery(tx);
    await repo.insertTeam(q, auth.accountId, id, input.name.trim(), input.autoAssign ?? false);
    await repo.setMembers(q, auth.accountId, id, memberIds);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'team.created', target: { type: 'team', id }, meta, details: { name: input.name.trim(), autoAssign: input.autoAssign ?? false, memberIds } });
  }));
  return (await withNames(ctx, auth.accountId, [(await repo.findTeam(ctx.database.query, auth.accountId, id))!]))[0];
}

export async function updateTeam(ctx: Ctx, auth: AuthContext, publicId: string, input: TeamInput, meta: RequestMeta) {
  const team = await teamOr404(ctx, auth.accountId, publicId);
  const memberIds = input.memberIds ? await memberIdsOf(ctx, auth.accountId, input.memberIds) : undefined;
  await save(() => withTx(ctx.db, async (tx) => {
    const q = txQuery(tx);
    await repo.updateTeam(q, auth.accountId, team.id, { name: input.name?.trim(), autoAssign: input.autoAssign });
    if (memberIds) await repo.setMembers(q, auth.accountId, team.id, memberIds);
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'team.updated', target: { type: 'team', id: team.id }, meta,
      details: { name: input.name?.trim(), autoAssign: input.autoAssign, memberIds, previous: { name: team.name, autoAssign: team.autoAssign, memberIds: team.memberIds } },
    });
  }));
  return getTeam(ctx, auth, publicId);
}

/**
 * Deletes a team: its conversations keep their assignee and lose the team. Not while a live partner
 * grant names it (409 team_in_grant): such a grant would reach none of the team's conversations, and
 * emptying its list of teams widens it to every team — the client changes or revokes the grant first.
 */
export async function deleteTeam(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const team = await teamOr404(ctx, auth.accountId, publicId);
  await withTx(ctx.db, async (tx) => {
    // The team first (a grant being saved with it holds it shared: this waits, then sees that grant).
    await repo.lockTeams(txQuery(tx), auth.accountId, [team.id], 'update');
    const grants = await repo.grantsNamingTeam(txQuery(tx), auth.accountId, team.id);
    if (grants.length) {
      throw conflict('team_in_grant', 'A partner grant names this team: change the grant (Settings → Partners) before deleting it.', { grantIds: grants.map((id) => toPublicId('partnerGrant', id)) });
    }
    await repo.deleteTeam(txQuery(tx), auth.accountId, team.id);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'team.deleted', target: { type: 'team', id: team.id }, meta, details: { name: team.name } });
  });
}

/**
 * In a transaction saving a partner grant: locks the account's teams among `ids` shared (a team
 * delete waits for the save, then sees the grant) and returns those that still exist.
 */
export function lockTeamsForGrant(tx: Db, accountId: string, ids: string[]): Promise<string[]> {
  return repo.lockTeams(txQuery(tx), accountId, ids, 'share');
}
