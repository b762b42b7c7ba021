import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { AuthContext } from '../../http/auth.js';
import { keysetPage, positionAfter, type PageQuery } from '../../http/pagination.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import { actorOf, assertStrongPassword, normalisePhone } from './auth.service.js';
import * as creds from './credentials.repo.js';
import * as pages from './pages.repo.js';
import { hashPassword } from './passwords.js';
import { verifyPasswordAgain } from './throttle.js';
import { canChangeRole, canInvite, canRemoveMember, hasRole, invitableBy, type Role } from './roles.js';
import { openSession } from './sessions.service.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

/** The account's live members, each with their role here, for work no member started (e.g. notifying the owners of a campaign that paused itself). */
export const membersOf = (db: Db, accountId: string) => repo.listUsers(db, accountId);
/** One page of the live members, oldest membership first (GET /v1/members). */
export const membersPage = async (ctx: Ctx, auth: AuthContext, q: PageQuery) =>
  keysetPage(await pages.membersPage(ctx.db, auth.accountId, positionAfter(q), q.limit + 1), q.limit);
/** One page of the pending invitations, newest first (GET /v1/invitations). */
export const invitationsPage = async (ctx: Ctx, auth: AuthContext, q: PageQuery) =>
  keysetPage(await pages.pendingInvitationsPage(ctx.db, auth.accountId, ctx.now(), positionAfter(q), q.limit + 1), q.limit);

async function memberOrThrow(ctx: Ctx, accountId: string, userId: string | null) {
  const user = userId ? await repo.findUser(ctx.db, accountId, userId) : null;
  if (!user) throw notFound('Member');
  return user;
}

export async function changeRole(ctx: Ctx, auth: AuthContext, userId: string | null, role: Role, meta: RequestMeta, memberReleased?: MemberReleasedPort) {
  const target = await memberOrThrow(ctx, auth.accountId, userId);
  if (target.id === auth.userId) throw forbidden('You cannot change your own role.');
  if (!canChangeRole(auth.role, target.role as Role, role)) throw forbidden('Your role cannot give or take this role.');
  return ctx.db.transaction(async (tx) => {
    await repo.setMemberRole(tx, auth.accountId, target.id, role);
    await dropInvitationsOf(ctx, tx, auth, target.id, role, meta);
    // Below agent (a viewer): they can no longer answer, so their conversations and teams are released as on removal.
    if (hasRole(target.role as Role, 'agent') && !hasRole(role, 'agent')) {
      await memberReleased?.(tx, { accountId: auth.accountId, userId: target.id, actor: auth.actor, meta, reason: 'member_demoted' });
    }
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'member.role_changed', target: { type: 'user', id: target.id }, meta,
      details: { from: target.role, to: role },
    });
    return { ...target, role };
  });
}

/**
 * Other modules' work when a member leaves the account or is demoted below agent, in that change's
 * transaction (wired by the composition root: the inbox un-assigns their conversations and takes
 * them out of teams).
 */
export type MemberReleasedPort = (tx: Db, e: { accountId: string; userId: string; actor: AuthContext['actor']; meta: RequestMeta; reason: 'member_removed' | 'member_demoted' }) => Promise<void>;

/**
 * An invitation is as good as its sender's right to send it: when a member leaves (role null) or
 * is demoted, their pending invitations with a role they may no longer give are revoked (audited).
 */
async function dropInvitationsOf(ctx: Ctx, tx: Db, auth: AuthContext, inviterId: string, role: Role | null, meta: RequestMeta) {
  for (const inv of await creds.revokeInvitationsBy(tx, auth.accountId, inviterId, invitableBy(role), ctx.now())) {
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'invitation.revoked', target: { type: 'invitation', id: inv.id }, meta,
      details: { email: inv.email, role: inv.role, reason: role ? 'inviter_demoted' : 'inviter_removed' },
    });
  }
}

export async function removeMember(ctx: Ctx, auth: AuthContext, userId: string | null, meta: RequestMeta, memberRemoved?: MemberReleasedPort) {
  const target = await memberOrThrow(ctx, auth.accountId, userId);
  if (target.id === auth.userId) throw forbidden('You cannot remove yourself; transfer ownership or ask an admin.');
  if (!canRemoveMember(auth.role, target.role as Role)) throw forbidden('Your role cannot remove this member.');
  await ctx.db.transaction(async (tx) => {
    await creds.revokeUserApiKeys(tx, auth.accountId, target.id, ctx.now());
    await repo.deleteMembership(tx, auth.accountId, target.id);
    await dropInvitationsOf(ctx, tx, auth, target.id, null, meta);
    // Before this removal's audit entry: the port's own entries come first (and its locks before the chain's).
    await memberRemoved?.(tx, { accountId: auth.accountId, userId: target.id, actor: auth.actor, meta, reason: 'member_removed' });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'member.removed', target: { type: 'user', id: target.id }, meta,
      details: { email: target.email, role: target.role },
    });
  });
}

export async function transferOwnership(ctx: Ctx, auth: AuthContext, userId: string | null, meta: RequestMeta) {
  const target = await memberOrThrow(ctx, auth.accountId, userId);
  if (target.id === auth.userId) throw badRequest('already_owner', 'You already own this account.');
  await ctx.db.transaction(async (tx) => {
    await repo.setMemberRole(tx, auth.accountId, target.id, 'owner');
    await repo.setMemberRole(tx, auth.accountId, auth.userId!, 'admin');
    await dropInvitationsOf(ctx, tx, auth, auth.userId!, 'admin', meta);
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'account.ownership_transferred', target: { type: 'user', id: target.id }, meta,
      details: { previousOwner: auth.userId, previousRole: target.role },
    });
  });
}

export async function invite(ctx: Ctx, auth: AuthContext, email: string, role: Role, meta: RequestMeta) {
  if (!canInvite(auth.role as Role, role)) throw forbidden('Your role cannot give this role.', { field: 'role' });
  // A person who already has a login (in any account) is invited like anyone else; only
  // this account's own members are refused, which tells nothing about other tenants.
  const existing = await repo.findUserByEmail(ctx.db, email);
  if (existing && (await repo.findUser(ctx.db, auth.accountId, existing.id))) {
    throw conflict('already_member', 'This person is already a member of this account.', { field: 'email' });
  }
  const pending = await creds.listPendingInvitations(ctx.db, auth.accountId, ctx.now());
  if (pending.some((i) => i.email.toLowerCase() === email.toLowerCase())) {
    throw conflict('invitation_pending', 'This email already has a pending invitation.', { field: 'email' });
  }
  const account = await repo.findAccount(ctx.db, auth.accountId);
  const token = randomToken();
  return ctx.db.transaction(async (tx) => {
    const inv = await creds.insertInvitation(tx, {
      id: newUuid(), accountId: auth.accountId, email, role, tokenHash: hashToken(ctx.config.secretKey, token),
      invitedBy: auth.userId, expiresAt: new Date(ctx.now().getTime() + INVITE_TTL_MS),
    });
    await queueEmail(ctx, tx, {
      accountId: auth.accountId, to: email, subject: `You are invited to ${account!.name} on West Message`,
      text: `${auth.actor.label ?? 'A teammate'} invited you to join ${account!.name} on West Message as ${role}.\n\nAccept within 7 days:\n\n${ctx.config.publicUrl}/invite?token=${token}\n`,
    });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'invitation.created', target: { type: 'invitation', id: inv.id }, meta,
      details: { email, role },
    });
    return inv;
  });
}

export async function revokeInvitation(ctx: Ctx, auth: AuthContext, id: string | null, meta: RequestMeta) {
  await ctx.db.transaction(async (tx) => {
    const inv = id ? await creds.closeInvitation(tx, auth.accountId, id, 'revokedAt', ctx.now()) : null;
    if (!inv) throw notFound('Invitation');
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'invitation.revoked', target: { type: 'invitation', id: inv.id }, meta });
  });
}

export async function lookupInvitation(ctx: Ctx, token: string) {
  const found = await creds.findOpenInvitation(ctx.db, hashToken(ctx.config.secretKey, token), ctx.now());
  if (!found) throw badRequest('invalid_token', 'This invitation is invalid, used or expired.');
  // Its sender must still be a member who may give its role (their removal or demotion revokes it; this covers a race with one).
  const inviter = found.invitation.invitedBy ? await repo.findUser(ctx.db, found.account.id, found.invitation.invitedBy) : null;
  if (found.invitation.invitedBy && !(inviter && canInvite(inviter.role as Role, found.invitation.role as Role))) {
    throw badRequest('invalid_token', 'This invitation is invalid, used or expired.');
  }
  // The token holder is the invitee: telling them their email has a login reveals nothing new.
  return { ...found, existingLogin: !!(await repo.findUserByEmail(ctx.db, found.invitation.email)) };
}

export interface AcceptInput { token: string; name?: string; phone?: string; password: string }

/**
 * Accepts an invitation. A person who already has a login joins with their password (or
 * their signed-in session) and gains a membership; anyone else creates their login here.
 * Either way the session then acts in the inviting account.
 */
export async function acceptInvitation(ctx: Ctx, input: AcceptInput, meta: RequestMeta, signedInUserId: string | null = null) {
  const { invitation, account } = await lookupInvitation(ctx, input.token);
  const existing = await repo.findUserByEmail(ctx.db, invitation.email);
  let newPerson: { name: string; phone: string; passwordHash: string } | null = null;
  if (existing) {
    const viaSession = signedInUserId === existing.id;
    if (!viaSession && !(await verifyPasswordAgain(ctx, existing, input.password, meta.ip))) {
      throw unprocessable('wrong_password', 'Enter the password of your existing West Message login.', { field: 'password' });
    }
  } else {
    if (!input.name || !input.phone) throw unprocessable('profile_required', 'Enter your name and phone number.', { field: input.name ? 'phone' : 'name' });
    assertStrongPassword(input.password, [invitation.email, input.name]);
    newPerson = { name: input.name, phone: normalisePhone(input.phone), passwordHash: await hashPassword(input.password) };
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const closed = await creds.closeInvitation(tx, account.id, invitation.id, 'acceptedAt', ctx.now());
      if (!closed) throw badRequest('invalid_token', 'This invitation is invalid, used or expired.');
      const person = existing ?? (await repo.insertPerson(tx, { id: newUuid(), email: invitation.email, ...newPerson! }));
      const m = await repo.insertMembership(tx, { accountId: account.id, userId: person.id, role: invitation.role });
      const user: repo.UserRow = { ...person, accountId: account.id, role: m.role, scopes: m.scopes, expiresAt: m.expiresAt };
      await recordAudit(tx, {
        accountId: account.id, actor: actorOf(person), action: 'invitation.accepted',
        target: { type: 'user', id: person.id }, meta, details: { invitation: invitation.id, role: invitation.role, existingLogin: !!existing },
      });
      const session = await openSession(ctx, tx, account.id, person.id, meta, 'invitation');
      return { account, user, session };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_uq')) throw conflict('email_taken', 'A login already uses this email address.', { field: 'email' });
    if (isUniqueViolation(err, 'memberships_account_id_user_id_pk')) throw conflict('already_member', 'You are already a member of this account.');
    throw err;
  }
}
