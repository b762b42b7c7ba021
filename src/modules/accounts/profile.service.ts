import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { withTx } from '../../db/tx.js';
import { forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { verifyPasswordAgain } from './throttle.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './accounts.repo.js';
import { normalisePhone } from './auth.service.js';
import { requestEmailChange } from './email-change.service.js';

/** The caller's account and user, as authentication read them for this request. */
export function me(auth: AuthContext) {
  return { account: auth.account, user: auth.user };
}

/** Field names whose values changed, with old and new values (for the audit trail). */
function changes<T extends Record<string, unknown>>(before: T, patch: Partial<T>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && before[k] !== v) out[k] = { from: before[k], to: v };
  return out;
}

export interface ProfileInput { name?: string; email?: string; phone?: string; currentPassword?: string }

/**
 * A person corrects their own profile. Only from a signed-in session (an API key acts for an
 * account, not for its creator's login); a new email or phone needs the current password. A new
 * email is not applied here: a link goes to the new address (the same answer whether or not the
 * address is free), and the change happens when it is opened (`pendingEmail` in the answer).
 */
export async function updateProfile(ctx: Ctx, auth: AuthContext, patch: ProfileInput, meta: RequestMeta) {
  if (auth.via !== 'session') throw forbidden('Change your profile from a signed-in session, not with an API key.', { reason: 'session_required' });
  const user = auth.userId ? await repo.findUser(ctx.db, auth.accountId, auth.userId) : null;
  if (!user) throw notFound('User');
  const { currentPassword, email, ...fields } = patch;
  const next = { ...fields, phone: fields.phone === undefined ? undefined : normalisePhone(fields.phone) };
  const emailChanges = !!email && email.toLowerCase() !== user.email.toLowerCase();
  const phoneChanges = next.phone !== undefined && next.phone !== user.phone;
  if (emailChanges || phoneChanges) {
    if (!currentPassword) throw unprocessable('password_required', 'Enter your current password to change your email or phone.', { field: 'currentPassword' });
    if (!(await verifyPasswordAgain(ctx, user, currentPassword, meta.ip))) throw unprocessable('wrong_password', 'The current password is not correct.', { field: 'currentPassword' });
  }
  const diff = changes(user, next);
  const pendingEmail = emailChanges ? email! : null;
  if (Object.keys(diff).length === 0 && !pendingEmail) return { user, pendingEmail };
  return withTx(ctx.db, async (tx) => {
    const updated = Object.keys(diff).length ? await repo.updatePerson(tx, user.id, next) : null;
    if (pendingEmail) await requestEmailChange(ctx, tx, user, pendingEmail);
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'user.profile_updated', target: { type: 'user', id: user.id }, meta,
      details: { changes: diff, ...(pendingEmail ? { emailChangeRequested: pendingEmail } : {}) },
    });
    return { user: { ...user, ...updated }, pendingEmail };
  });
}

export async function updateAccount(ctx: Ctx, auth: AuthContext, patch: repo.AccountPatch, meta: RequestMeta) {
  const account = await repo.findAccount(ctx.db, auth.accountId);
  if (!account) throw notFound('Account');
  const diff = changes(account, patch);
  if (Object.keys(diff).length === 0) return account;
  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateAccount(tx, auth.accountId, patch);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'account.updated', target: { type: 'account', id: account.id }, meta, details: { changes: diff } });
    return updated!;
  });
}
