import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { isUniqueViolation } from '../../db/errors.js';
import { conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './accounts.repo.js';
import { assertEmailFree, normalisePhone } from './auth.service.js';

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

export async function updateProfile(ctx: Ctx, auth: AuthContext, patch: { name?: string; email?: string; phone?: string }, meta: RequestMeta) {
  const user = auth.userId ? await repo.findUser(ctx.db, auth.accountId, auth.userId) : null;
  if (!user) throw notFound('User');
  const next = { ...patch, phone: patch.phone === undefined ? undefined : normalisePhone(patch.phone) };
  if (next.email && next.email.toLowerCase() !== user.email.toLowerCase()) await assertEmailFree(ctx.db, next.email);
  const diff = changes(user, next);
  if (Object.keys(diff).length === 0) return user;
  try {
    return await ctx.db.transaction(async (tx) => {
      const updated = await repo.updateUser(tx, auth.accountId, user.id, next);
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'user.profile_updated', target: { type: 'user', id: user.id }, meta, details: { changes: diff } });
      return updated!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_uq')) throw conflict('email_taken', 'An account already uses this email address.', { field: 'email' });
    throw err;
  }
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
