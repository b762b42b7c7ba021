import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import { assertEmailFree, assertStrongPassword, normalisePhone } from './auth.service.js';
import * as creds from './credentials.repo.js';
import { hashPassword } from './passwords.js';
import { canChangeRole, canRemoveMember, type Role } from './roles.js';
import { openSession } from './sessions.service.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

async function memberOrThrow(ctx: Ctx, accountId: string, userId: string | null) {
  const user = userId ? await repo.findUser(ctx.db, accountId, userId) : null;
  if (!user) throw notFound('Member');
  return user;
}

export async function changeRole(ctx: Ctx, auth: AuthContext, userId: string | null, role: Role, meta: RequestMeta) {
  const target = await memberOrThrow(ctx, auth.accountId, userId);
  if (target.id === auth.userId) throw forbidden('You cannot change your own role.');
  if (!canChangeRole(auth.role, target.role as Role, role)) throw forbidden('Your role cannot give or take this role.');
  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateUser(tx, auth.accountId, target.id, { role });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'member.role_changed', target: { type: 'user', id: target.id }, meta,
      details: { from: target.role, to: role },
    });
    return updated!;
  });
}

export async function removeMember(ctx: Ctx, auth: AuthContext, userId: string | null, meta: RequestMeta) {
  const target = await memberOrThrow(ctx, auth.accountId, userId);
  if (target.id === auth.userId) throw forbidden('You cannot remove yourself; transfer ownership or ask an admin.');
  if (!canRemoveMember(auth.role, target.role as Role)) throw forbidden('Your role cannot remove this member.');
  await ctx.db.transaction(async (tx) => {
    await creds.revokeUserApiKeys(tx, auth.accountId, target.id, ctx.now());
    await repo.deleteUser(tx, auth.accountId, target.id);
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
    await repo.updateUser(tx, auth.accountId, target.id, { role: 'owner' });
    await repo.updateUser(tx, auth.accountId, auth.userId!, { role: 'admin' });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'account.ownership_transferred', target: { type: 'user', id: target.id }, meta,
      details: { previousOwner: auth.userId, previousRole: target.role },
    });
  });
}

export async function invite(ctx: Ctx, auth: AuthContext, email: string, role: Role, meta: RequestMeta) {
  await assertEmailFree(ctx.db, email);
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
  return found;
}

export interface AcceptInput { token: string; name: string; phone: string; password: string }

export async function acceptInvitation(ctx: Ctx, input: AcceptInput, meta: RequestMeta) {
  const { invitation, account } = await lookupInvitation(ctx, input.token);
  const phone = normalisePhone(input.phone);
  assertStrongPassword(input.password, [invitation.email, input.name]);
  await assertEmailFree(ctx.db, invitation.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const closed = await creds.closeInvitation(tx, account.id, invitation.id, 'acceptedAt', ctx.now());
      if (!closed) throw badRequest('invalid_token', 'This invitation is invalid, used or expired.');
      const user = await repo.insertUser(tx, {
        id: newUuid(), accountId: account.id, name: input.name, email: invitation.email, phone, role: invitation.role, passwordHash,
      });
      await recordAudit(tx, {
        accountId: account.id, actor: { type: 'user', id: user.id, label: `${user.name} <${user.email}>` }, action: 'invitation.accepted',
        target: { type: 'user', id: user.id }, meta, details: { invitation: invitation.id, role: invitation.role },
      });
      const session = await openSession(ctx, tx, account.id, user.id, meta);
      return { account, user, session };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_uq')) throw conflict('email_taken', 'An account already uses this email address.', { field: 'email' });
    throw err;
  }
}
