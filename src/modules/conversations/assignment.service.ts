import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { forbidden, unprocessable } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { SYSTEM_ACTOR, recordAudit, type Actor, type RequestMeta } from '../audit/audit.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { agentMembers, agentsOf } from './agents.service.js';
import * as repo from './assignment.repo.js';
import { getConversation, openConversationFor } from './conversations.service.js';
import { chooseAgent } from './round-robin.js';
import * as teamsRepo from './teams.repo.js';
import { grantTeamIds } from './teams.service.js';

/**
 * Assignment of conversations to agents and teams: by hand (POST /v1/conversations/:id/assign),
 * automatically when a customer's first text opens a conversation (round-robin among the
 * account's, or the team's, online agents under their capacity, least recently assigned first),
 * and when an agent leaves the account. Every change is audited and writes a
 * `conversation.assigned` outbox event carrying `conversationId`.
 */
export type AssignReason = 'manual' | 'round_robin' | 'member_removed' | 'member_demoted' | 'no_reply';

interface Change { accountId: string; conversationId: string; userId: string | null; teamId: string | null; actor: Actor; reason: AssignReason; meta?: RequestMeta; details?: Record<string, unknown> }

/** Writes an assignment with its audit entry and outbox event; returns false when the conversation is gone. */
async function applyAssignment(ctx: Ctx, tx: Db, ch: Change) {
  const q = txQuery(tx);
  const now = ctx.now();
  const prev = await repo.setAssignment(q, ch.accountId, ch.conversationId, ch.userId, ch.teamId, now);
  if (!prev) return false;
  if (ch.userId) await repo.markAssigned(q, ch.accountId, ch.userId, now);
  const action = ch.userId || ch.teamId ? 'conversation.assigned' : 'conversation.unassigned';
  const user = (id: string | null) => (id ? toPublicId('user', id) : null);
  const team = (id: string | null) => (id ? toPublicId('team', id) : null);
  const details = { userId: user(ch.userId), teamId: team(ch.teamId), previousUserId: user(prev.previousUserId), previousTeamId: team(prev.previousTeamId), reason: ch.reason, ...ch.details };
  await recordAudit(tx, { accountId: ch.accountId, actor: ch.actor, action, target: { type: 'conversation', id: ch.conversationId }, meta: ch.meta, details });
  await appendEvents(tx, [{
    accountId: ch.accountId, type: 'conversation.assigned', subjectId: ch.conversationId,
    payload: { conversationId: ch.conversationId, assigneeUserId: ch.userId, teamId: ch.teamId, previousAssigneeUserId: prev.previousUserId, reason: ch.reason },
  }]);
  return true;
}

/**
 * Round-robin inside the caller's transaction: under the account's assignment lock, the next
 * agent (of the team when given) who is online and under capacity, never `exclude` — or null.
 */
async function nextAgent(ctx: Ctx, tx: Db, accountId: string, teamId: string | null, exclude: string | null) {
  const q = txQuery(tx);
  await repo.lockAccountAssignment(q, accountId);
  let agents = await agentsOf(tx, q, accountId);
  if (teamId) {
    const team = await teamsRepo.findTeam(q, accountId, teamId);
    const members = new Set(team?.memberIds ?? []);
    agents = agents.filter((a) => members.has(a.userId));
  }
  return chooseAgent(agents, exclude);
}

/**
 * The conversation a customer's text goes to, opened when there is none. A conversation's first
 * customer text (not a keyword) gives it to the next agent when the account assigns automatically,
 * in the same transaction.
 */
export async function openConversationForInbound(ctx: Ctx, tx: Db, accountId: string, contactId: string, numberId: string, opts: { assign: boolean }) {
  const c = await openConversationFor(tx, accountId, contactId, numberId);
  if (!opts.assign || c.assigneeUserId || c.lastInboundAt || c.status !== 'open') return c;
  const settings = await repo.inboxSettingsOf(txQuery(tx), accountId);
  if (!settings.autoAssign) return c;
  const userId = await nextAgent(ctx, tx, accountId, c.teamId, null);
  if (userId) {
    await applyAssignment(ctx, tx, { accountId, conversationId: c.id, userId, teamId: c.teamId, actor: SYSTEM_ACTOR, reason: 'round_robin' });
    return { ...c, assigneeUserId: userId };
  }
  return c;
}

const invalid = (code: string, message: string, field: string) => unprocessable(code, message, { field });

/**
 * Assigns a conversation by hand: to an agent (a member with the agent role or higher; in the
 * team when one is given), to a team (its next agent by round-robin when the team assigns
 * automatically and nobody is named), or to nobody (both absent or null).
 */
export async function assignConversation(ctx: Ctx, auth: AuthContext, publicId: string, body: { userId?: string | null; teamId?: string | null }, meta: RequestMeta) {
  const c = await getConversation(ctx, auth.accountId, publicId);
  const userId = body.userId ? fromPublicId('user', body.userId) : null;
  if (body.userId && (!userId || !(await agentMembers(ctx.db, auth.accountId)).has(userId))) {
    throw invalid('not_an_agent', 'Conversations go to members of the account with the agent role or higher.', 'userId');
  }
  const teamId = body.teamId ? fromPublicId('team', body.teamId) : null;
  const team = teamId ? await teamsRepo.findTeam(ctx.database.query, auth.accountId, teamId) : null;
  if (body.teamId && !team) throw invalid('team_not_found', 'No such team in this account.', 'teamId');
  const only = grantTeamIds(auth);
  // A grant by team: the conversation stays in one of its teams (another team, or none, would move it out of the grant).
  if (only && !team) throw forbidden('Your access covers conversations of the teams in your grant: name one of them (teamId).');
  if (team && only && !only.includes(team.id)) throw forbidden('Your access does not cover this team.');
  if (team && userId && !team.memberIds.includes(userId)) throw invalid('not_in_team', 'This agent is not a member of the team.', 'userId');
  await withTx(ctx.db, async (tx) => {
    const chosen = team && !userId && team.autoAssign ? await nextAgent(ctx, tx, auth.accountId, team.id, null) : null;
    await applyAssignment(ctx, tx, {
      accountId: auth.accountId, conversationId: c.id, userId: userId ?? chosen, teamId: team?.id ?? null, actor: auth.actor, meta,
      reason: chosen ? 'round_robin' : 'manual',
    });
  });
  return getConversation(ctx, auth.accountId, publicId);
}

/**
 * The accounts module's port, called in the transaction that removes a member or demotes them
 * below agent: they leave every team and their conversations that are not closed are un-assigned
 * — then handed to the next agent (of their team, or of the account) when assignment is automatic there.
 */
export async function releaseMember(ctx: Ctx, tx: Db, e: { accountId: string; userId: string; actor: Actor; meta?: RequestMeta; reason?: 'member_removed' | 'member_demoted' }) {
  const q = txQuery(tx);
  await repo.lockAccountAssignment(q, e.accountId);
  await teamsRepo.removeFromTeams(q, e.accountId, e.userId);
  const released = await repo.releaseAssignee(q, e.accountId, e.userId);
  if (!released.length) return;
  const settings = await repo.inboxSettingsOf(q, e.accountId);
  const teams = new Map((await teamsRepo.listTeams(q, e.accountId)).map((t) => [t.id, t]));
  for (const c of released) {
    const auto = c.status === 'open' && (c.team_id ? teams.get(c.team_id)?.autoAssign : settings.autoAssign);
    const next = auto ? await nextAgent(ctx, tx, e.accountId, c.team_id, e.userId) : null;
    await applyAssignment(ctx, tx, {
      accountId: e.accountId, conversationId: c.id, userId: next, teamId: c.team_id, actor: e.actor, meta: e.meta,
      reason: e.reason ?? 'member_removed', details: { [e.reason === 'member_demoted' ? 'demotedUserId' : 'removedUserId']: toPublicId('user', e.userId) },
    });
  }
}

export const REASSIGN_JOB = 'conversations.reassign';

/**
 * Reassignment: every open conversation whose assignee has not answered the customer within the
 * account's `reassignAfterMinutes` goes to the next agent (of its team, else of the account),
 * never back to the same agent; it stays when nobody else can take it. Each is re-checked under
 * the account's lock, so a reply or another process's run in between leaves it alone.
 */
export async function reassignOverdue(ctx: Ctx, batch = 200) {
  const due = await repo.overdueConversations(ctx.database.query, ctx.now(), batch);
  let moved = 0;
  for (const d of due) {
    const done = await withTx(ctx.db, async (tx) => {
      const q = txQuery(tx);
      await repo.lockAccountAssignment(q, d.accountId);
      if (!(await repo.stillOverdue(q, d.accountId, d.id, d.assigneeUserId))) return false;
      const next = await nextAgent(ctx, tx, d.accountId, d.teamId, d.assigneeUserId);
      if (!next) return false;
      const { reassignAfterMinutes } = await repo.inboxSettingsOf(q, d.accountId);
      return applyAssignment(ctx, tx, {
        accountId: d.accountId, conversationId: d.id, userId: next, teamId: d.teamId, actor: SYSTEM_ACTOR, reason: 'no_reply', details: { afterMinutes: reassignAfterMinutes },
      });
    });
    if (done) moved++;
  }
  return moved;
}
