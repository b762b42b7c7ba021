import type { Ctx } from '../../context.js';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { badRequest, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId } from '../../lib/ids.js';
import { membersOf } from '../accounts/team.service.js';
import { hasRole, type Role } from '../accounts/roles.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './assignment.repo.js';
import type { Availability, Candidate } from './round-robin.js';

/**
 * The account's agents as assignment sees them: members with the agent role or higher, their
 * availability (online | away | offline; online until they say otherwise), capacity and load;
 * and the account's inbox settings (automatic assignment, reassignment after N minutes).
 */
export interface Agent extends Candidate { name: string; email: string; role: Role }

/** The account's members who may be assigned conversations (agent, admin, owner), by id. */
export async function agentMembers(db: Db, accountId: string) {
  const members = await membersOf(db, accountId);
  return new Map(members.filter((m) => hasRole(m.role as Role, 'agent')).map((m) => [m.id, m]));
}

/**
 * Every agent with their settings and open assigned conversations (read inside a transaction when it must be exact);
 * `within`: counted only inside what the caller may see (a partner's grant), never the client's whole workload.
 */
export async function agentsOf(db: Db, q: RawQuery, accountId: string, within?: repo.Reach): Promise<Agent[]> {
  const [members, settings, counts] = [await agentMembers(db, accountId), await repo.agentSettingsOf(q, accountId), await repo.openCounts(q, accountId, within)];
  const byUser = new Map(settings.map((s) => [s.userId, s]));
  return [...members.values()].map((m) => {
    const s = byUser.get(m.id);
    return {
      userId: m.id, name: m.name, email: m.email, role: m.role as Role,
      availability: s?.availability ?? 'online', capacity: s?.capacity ?? null, lastAssignedAt: s?.lastAssignedAt ?? null, openCount: counts.get(m.id) ?? 0,
    };
  });
}

export const listAgents = (ctx: Ctx, auth: AuthContext) =>
  agentsOf(ctx.db, ctx.database.query, auth.accountId, auth.partner ? { numberIds: auth.partner.numberIds ?? null, teamIds: auth.partner.teamIds ?? null } : undefined);

const notAgent = (field: string) => unprocessable('not_an_agent', 'This person is not a member of the account with the agent role or higher.', { field });

/** The caller's own availability and capacity. */
export async function myAvailability(ctx: Ctx, auth: AuthContext) {
  if (!auth.userId) throw badRequest('person_required', 'Availability belongs to a signed-in person, not an API key.');
  const me = (await listAgents(ctx, auth)).find((a) => a.userId === auth.userId);
  if (!me) throw notAgent('userId');
  return me;
}

/** The caller sets their availability: only online agents get conversations automatically. */
export async function setMyAvailability(ctx: Ctx, auth: AuthContext, availability: Availability) {
  await myAvailability(ctx, auth);
  await repo.saveAgentSettings(ctx.database.query, auth.accountId, auth.userId!, { availability });
  return myAvailability(ctx, auth);
}

/** An admin sets an agent's capacity and/or availability (audited). */
export async function updateAgent(ctx: Ctx, auth: AuthContext, userPublicId: string, patch: { availability?: Availability; capacity?: number | null }, meta: RequestMeta) {
  const userId = fromPublicId('user', userPublicId);
  const member = userId ? (await membersOf(ctx.db, auth.accountId)).find((m) => m.id === userId) : undefined;
  if (!member) throw notFound('Member');
  const agent = (await listAgents(ctx, auth)).find((a) => a.userId === member.id);
  if (!agent) throw notAgent('id');
  await withTx(ctx.db, async (tx) => {
    await repo.saveAgentSettings(txQuery(tx), auth.accountId, agent.userId, patch);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'agent.settings_changed', target: { type: 'user', id: agent.userId }, meta, details: patch });
  });
  return (await listAgents(ctx, auth)).find((a) => a.userId === agent.userId)!;
}

export const inboxSettings = (ctx: Ctx, auth: AuthContext) => repo.inboxSettingsOf(ctx.database.query, auth.accountId);

/** Automatic assignment on/off and reassignment after N minutes (null: off); audited. */
export async function updateInboxSettings(ctx: Ctx, auth: AuthContext, patch: Partial<repo.InboxSettings>, meta: RequestMeta) {
  const before = await repo.inboxSettingsOf(ctx.database.query, auth.accountId);
  const next = { ...before, ...patch };
  await withTx(ctx.db, async (tx) => {
    await repo.saveInboxSettings(txQuery(tx), auth.accountId, next);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'inbox.settings_changed', target: { type: 'account', id: auth.accountId }, meta, details: { from: before, to: next } });
  });
  return next;
}
