import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId } from '../../lib/ids.js';
import { recordAudit, recordPlatformAudit, type RequestMeta } from '../audit/audit.service.js';
import { addOwner, createAccountOfKind, findAccount, findMember, inviteOwner } from '../accounts/organisations.service.js';
import * as conversations from '../conversations/conversations.service.js';
import { grantState, type GrantState } from './grant-rules.js';
import * as repo from './partners.repo.js';
import { recordBoth } from './partner-audit.service.js';

/**
 * The partner's side: its organisation, the clients it serves, which of its people work
 * which client, the session's switch into a client, and the queue across clients.
 */
const MANAGERS = new Set(['owner', 'admin']);
const OPERATOR = { type: 'operator' as const, id: null, label: 'operator' };

/** Creates a partner organisation: by the operator (inviting its owner) or by a partner manager (who owns it). */
export async function createPartner(ctx: Ctx, auth: AuthContext | null, input: { name: string; ownerEmail?: string }, meta: RequestMeta) {
  if (auth && (auth.partner || auth.account.kind !== 'partner')) throw forbidden('Only the platform operator or a partner manager creates partner organisations.');
  if (!auth && !input.ownerEmail) throw unprocessable('owner_required', 'Name the partner manager who will own it (ownerEmail).', { field: 'ownerEmail' });
  return withTx(ctx.db, async (tx) => {
    const account = await createAccountOfKind(tx, { name: input.name, kind: 'partner', timeZone: auth?.account.timeZone, defaultCountry: auth?.account.defaultCountry });
    if (auth) await addOwner(tx, account.id, auth.userId!);
    if (input.ownerEmail) await inviteOwner(ctx, tx, account, input.ownerEmail, auth?.actor.label ?? 'The West Message operator');
    const actor = auth?.actor ?? OPERATOR;
    await recordAudit(tx, { accountId: account.id, actor, action: 'partner.created', target: { type: 'account', id: account.id }, meta, details: { name: input.name, ownerEmail: input.ownerEmail ?? null } });
    if (!auth) await recordPlatformAudit(tx, { actor, action: 'partner.created', target: { type: 'account', id: account.id }, meta, details: { name: input.name } });
    return account;
  });
}

/** The partners this client account works with (no directory of every partner on the platform: a new one gives its id). */
export const listPartners = (ctx: Ctx, auth: AuthContext) => repo.listPartnersOf(ctx.db, auth.accountId);

/** An active partner organisation by its exact id (the one its managers give a client), else 404 — as for any other id. */
export async function findPartner(ctx: Ctx, publicId: string) {
  const id = fromPublicId('account', publicId);
  const p = id ? await repo.findPartner(ctx.db, id) : null;
  if (!p || p.status !== 'active') throw notFound('Partner');
  return p;
}

/** Who the caller is on the partner's side: the partner account and their role there. */
export async function partnerSelf(ctx: Ctx, auth: AuthContext) {
  if (auth.partner) {
    const member = await findMember(ctx.db, auth.partner.partnerId, auth.userId!);
    if (!member) throw forbidden('You are no longer a member of the partner organisation.');
    return { partnerId: auth.partner.partnerId, partnerName: auth.partner.partnerName, userId: auth.userId!, role: member.role, actingIn: auth.accountId };
  }
  if (auth.account.kind !== 'partner' || auth.via !== 'session' || !auth.userId) throw forbidden('This is for the people of an outsourcing partner, signed in.', { reason: 'not_a_partner' });
  return { partnerId: auth.accountId, partnerName: auth.account.name, userId: auth.userId, role: auth.role as string, actingIn: null as string | null };
}
export type PartnerSelf = Awaited<ReturnType<typeof partnerSelf>>;

/** The person as the partner organisation has them now (their role may have changed since `self` was read); null once they left it. */
export async function partnerSelfNow(ctx: Ctx, self: PartnerSelf): Promise<PartnerSelf | null> {
  const member = await findMember(ctx.db, self.partnerId, self.userId);
  return member ? { ...self, role: member.role } : null;
}

export interface ServedClient { grant: repo.GrantRow; clientName: string; state: GrantState; workable: boolean }

/**
 * The clients this person serves: for a partner manager every client with a live grant, for
 * an agent those they are assigned to; and whether they may work each now (grant active).
 */
export async function servedClients(ctx: Ctx, self: PartnerSelf): Promise<ServedClient[]> {
  const rows = await repo.listClientGrants(ctx.db, self.partnerId);
  const mine = MANAGERS.has(self.role) ? null : new Set((await repo.listAssignments(ctx.db, self.partnerId)).filter((a) => a.userId === self.userId).map((a) => a.clientAccountId));
  return rows.filter((r) => r.clientStatus === 'active' && (!mine || mine.has(r.grant.accountId))).map((r) => {
    const state = grantState(r.grant, r.clientZone, ctx.now());
    return { grant: r.grant, clientName: r.clientName, state, workable: state === 'active' };
  });
}

/** Points the session at a served client, or back at the partner account. */
export async function switchTo(ctx: Ctx, auth: AuthContext, publicAccountId: string, meta: RequestMeta) {
  const self = await partnerSelf(ctx, auth);
  const target = fromPublicId('account', publicAccountId);
  if (!target) throw badRequest('invalid_account', 'accountId is not an account id.', { field: 'accountId' });
  if (target === self.partnerId) {
    await repo.clearSessionClient(ctx.db, self.partnerId, auth.sessionId!);
    return self.partnerId;
  }
  const client = (await servedClients(ctx, self)).find((c) => c.grant.accountId === target);
  if (!client || !client.workable) throw new AppError(403, 'not_served', client ? "The client's grant does not let you in now (expired or outside its hours)." : 'You do not serve this account (no grant to your organisation, or not assigned to you).');
  const person = await findMember(ctx.db, self.partnerId, self.userId);
  const actor = { type: 'partner' as const, id: self.userId, label: `${person!.name} <${person!.email}> (partner ${self.partnerName})` };
  await withTx(ctx.db, async (tx) => {
    await repo.setSessionClient(tx, self.partnerId, auth.sessionId!, target, ctx.now());
    await recordBoth(tx, { clientId: target, clientName: client.clientName, partnerId: self.partnerId, partnerName: self.partnerName, actor, action: 'partner.switched_in', meta });
  });
  return target;
}

/** Conversations of every client the person works now, each within its grant, most recent first. */
export async function combinedQueue(ctx: Ctx, auth: AuthContext, query: { state: string; limit: number }) {
  const self = await partnerSelf(ctx, auth);
  const clients = (await servedClients(ctx, self)).filter((c) => c.workable);
  const lists = await Promise.all(clients.map(async (c) => {
    const scope = { userId: self.userId, partner: { numberIds: c.grant.numberIds.length ? c.grant.numberIds : null, teamIds: c.grant.teamIds.length ? c.grant.teamIds : null } };
    const filter = conversations.filterOf(scope, { state: query.state as conversations.ConversationStatus | 'all' });
    const page = await conversations.listConversations(ctx, c.grant.accountId, filter, { limit: query.limit });
    return page.data.map((conversation) => ({ client: { id: c.grant.accountId, name: c.clientName }, maskedFields: c.grant.maskedFields, conversation }));
  }));
  const at = (x: { conversation: conversations.ConversationView }) => (x.conversation.last_message_at ?? x.conversation.created_at).getTime();
  return lists.flat().sort((a, b) => at(b) - at(a)).slice(0, query.limit);
}

// ---- assignments (partner managers) ----
function manager(self: PartnerSelf) {
  if (self.actingIn || !MANAGERS.has(self.role)) throw forbidden('Partner managers (owner or admin of the partner) assign agents, from the partner account.');
}

/** Managers: every assignment of the partner; an agent: their own (as they are shown only the clients they work). */
export async function listAssignments(ctx: Ctx, auth: AuthContext) {
  const self = await partnerSelf(ctx, auth);
  const rows = await repo.listAssignments(ctx.db, self.partnerId);
  return MANAGERS.has(self.role) ? rows : rows.filter((a) => a.userId === self.userId);
}

export async function assign(ctx: Ctx, auth: AuthContext, input: { userId: string; clientId: string }, meta: RequestMeta, remove = false) {
  const self = await partnerSelf(ctx, auth);
  manager(self);
  const userId = fromPublicId('user', input.userId);
  const clientId = fromPublicId('account', input.clientId);
  const member = userId ? await findMember(ctx.db, self.partnerId, userId) : null;
  if (!member) throw notFound('Member');
  const live = clientId ? await repo.findLiveGrant(ctx.db, clientId, self.partnerId) : null;
  if (!live && !remove) throw notFound('Client');
  const client = live?.client ?? (clientId ? await findAccount(ctx.db, clientId) : null);
  if (!client) throw notFound('Client');
  await withTx(ctx.db, async (tx) => {
    // Under the grant's lock: a revocation committed meanwhile is seen (404), one after this waits and ends the assignment.
    if (!remove && !(await repo.lockLiveGrant(tx, client.id, self.partnerId))) throw notFound('Client');
    const changed = remove ? await repo.deleteAssignment(tx, self.partnerId, member.id, client.id) : await repo.insertAssignment(tx, { accountId: self.partnerId, userId: member.id, clientAccountId: client.id, createdBy: self.userId, createdAt: ctx.now() });
    if (!changed) { if (remove) throw notFound('Assignment'); return; }
    await recordBoth(tx, {
      clientId: client.id, clientName: client.name, partnerId: self.partnerId, partnerName: self.partnerName, actor: auth.actor,
      action: remove ? 'partner.agent_unassigned' : 'partner.agent_assigned', target: { type: 'user', id: member.id }, meta, details: { agentName: member.name },
    });
  });
  return { member, client };
}
