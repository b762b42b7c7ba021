import type { Ctx } from '../../context.js';
import { AppError, badRequest, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { parsePhone } from '../../lib/phone.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, recordAuditAlone, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import * as confirmations from './confirmations.repo.js';
import * as creds from './credentials.repo.js';
import { PASSWORD_MESSAGES, burnVerify, checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { openSession, recordFailedSignIn } from './sessions.service.js';
import { assertNotLocked, countFailure, throttleKeys, verifyPasswordAgain } from './throttle.js';
import type { AuthContext } from '../../http/auth.js';

export function assertStrongPassword(password: string, userInputs: string[] = []) {
  const problem = checkPassword(password, userInputs);
  if (problem) throw unprocessable('weak_password', PASSWORD_MESSAGES[problem], { field: 'password', reason: problem });
}

export function normalisePhone(input: string, field = 'phone'): string {
  const parsed = parsePhone(input);
  if (!parsed) throw unprocessable('invalid_phone', 'Enter a valid phone number, e.g. +1 415 555 0100.', { field });
  return parsed.e164;
}

export const actorOf = (user: { id: string; name: string; email: string }) => ({ type: 'user' as const, id: user.id, label: `${user.name} <${user.email}>` });

export async function login(ctx: Ctx, email: string, password: string, meta: RequestMeta) {
  const keys = throttleKeys(email, meta.ip);
  await assertNotLocked(ctx, [keys.email, keys.ip]);
  const user = await repo.findUserByEmail(ctx.db, email);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
  if (!user || !ok) {
    await countFailure(ctx, keys);
    if (user) await recordFailedSignIn(ctx, user.id, meta);
    // A failed sign-in on a known login lands in the log of every account it belongs to (the
    // owners see attacks on their people); one on an unknown email in the platform chain.
    const accounts = user ? (await repo.listMemberships(ctx.db, user.id)).map((m) => m.accountId) : [];
    for (const accountId of accounts.length ? accounts : [null]) {
      await recordAuditAlone(ctx.db, {
        accountId, actor: { type: 'anonymous', id: null, label: email.slice(0, 200) },
        action: 'auth.login_failed', target: user ? { type: 'user', id: user.id } : null, meta, details: { email: email.slice(0, 200) },
      });
    }
    throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
  }
  await creds.clearThrottle(ctx.db, keys.email);
  // The session starts in the person's first active account; the switcher moves it.
  const memberships = await repo.listMemberships(ctx.db, user.id);
  const first = memberships.find((m) => m.accountStatus === 'active');
  if (!first) {
    throw new AppError(403, memberships.length ? 'account_suspended' : 'no_membership', memberships.length ? 'This account is suspended.' : 'Your login is not a member of any account any more.');
  }
  const account = (await repo.findAccount(ctx.db, first.accountId))!;
  const member = (await repo.findUser(ctx.db, first.accountId, user.id))!;
  const session = await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, { accountId: account.id, actor: actorOf(user), action: 'auth.login_succeeded', target: { type: 'user', id: user.id }, meta });
    return openSession(ctx, tx, account.id, user.id, meta);
  });
  return { account, user: member, session };
}

/** Moves the caller's session to another account the person belongs to (403 without a membership there). */
export async function switchAccount(ctx: Ctx, auth: AuthContext, accountId: string | null, meta: RequestMeta) {
  if (auth.via !== 'session' || !auth.userId) throw badRequest('session_required', 'Switch accounts from a signed-in session; an API key belongs to one account.');
  const member = accountId ? await repo.findUser(ctx.db, accountId, auth.userId) : null;
  if (!member) throw new AppError(403, 'not_a_member', 'You are not a member of that account.');
  const account = await repo.findAccount(ctx.db, member.accountId);
  if (!account || account.status !== 'active') throw new AppError(403, 'account_suspended', 'This account is suspended.');
  await ctx.db.transaction(async (tx) => {
    await creds.switchSessionAccount(tx, auth.sessionId!, account.id);
    await recordAudit(tx, { accountId: account.id, actor: actorOf(member), action: 'auth.account_switched', target: { type: 'user', id: member.id }, meta, details: { from: auth.accountId } });
  });
  return { account, user: member };
}

/** The accounts the caller's person belongs to (for /v1/me and the switcher). */
export async function membershipsOf(ctx: Ctx, auth: AuthContext) {
  if (!auth.userId) return [];
  // An API key belongs to one account: it sees only that membership, which authentication read already.
  if (auth.via === 'api_key') return [{ accountId: auth.accountId, accountName: auth.account.name, role: auth.role }];
  return repo.listMemberships(ctx.db, auth.userId);
}

export async function logout(ctx: Ctx, auth: AuthContext, meta: RequestMeta) {
  if (!auth.sessionId) return;
  await ctx.db.transaction(async (tx) => {
    await creds.revokeSession(tx, auth.sessionId!, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'auth.logout', target: { type: 'user', id: auth.userId! }, meta });
  });
}

export async function changePassword(ctx: Ctx, auth: AuthContext, current: string, next: string, meta: RequestMeta) {
  const user = auth.userId ? await repo.findPerson(ctx.db, auth.userId) : null;
  if (!user || auth.via !== 'session') throw badRequest('session_required', 'Change a password from a signed-in session.');
  if (!(await verifyPasswordAgain(ctx, user, current, meta.ip))) {
    throw unprocessable('wrong_password', 'The current password is not correct.', { field: 'currentPassword' });
  }
  assertStrongPassword(next, [user.email, user.name]);
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await repo.updatePerson(tx, user.id, { passwordHash, passwordChangedAt: ctx.now() });
    await creds.revokeUserSessions(tx, user.id, ctx.now(), auth.sessionId ?? undefined);
    await creds.killPasswordResets(tx, user.id, ctx.now());
    await confirmations.killEmailChanges(tx, user.id, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'user.password_changed', target: { type: 'user', id: user.id }, meta });
  });
}

const RESET_TTL_MS = 60 * 60_000;

export const PASSWORD_RESET_JOB = 'auth.password_reset';

/**
 * Always the same answer, in the same time: the request only queues a job (one insert), so
 * neither the answer nor its timing tells whether the email has a login.
 */
export async function requestPasswordReset(ctx: Ctx, email: string, meta: RequestMeta) {
  await ctx.jobs.send(PASSWORD_RESET_JOB, { email: email.slice(0, 254), ip: meta.ip, userAgent: meta.userAgent });
}

/** Reset links mailed to one person in an hour at most, whoever asks (mail bombing). */
export const RESETS_PER_HOUR = 3;

/** The job: mails a one-hour link to a known email (at most RESETS_PER_HOUR an hour); an unknown one gets nothing. */
export async function sendPasswordReset(ctx: Ctx, input: { email: string; ip: string | null; userAgent: string | null }) {
  const user = await repo.findUserByEmail(ctx.db, input.email);
  if (!user) return;
  const memberships = await repo.listMemberships(ctx.db, user.id);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const token = randomToken();
  await ctx.db.transaction(async (tx) => {
    // Anyone may ask for anyone's reset: past RESETS_PER_HOUR links an hour, nothing more is mailed (or audited).
    if ((await creds.lockAndCountRecentResets(tx, user.id)) >= RESETS_PER_HOUR) return;
    await creds.insertPasswordReset(tx, {
      id: newUuid(), userId: user.id, tokenHash: hashToken(ctx.config.secretKey, token), expiresAt: new Date(ctx.now().getTime() + RESET_TTL_MS),
    });
    await queueEmail(ctx, tx, {
      accountId: null, to: user.email, subject: 'Reset your West Message password',
      text: `Hello ${user.name},\n\nSomeone asked to reset the password of your West Message login. To choose a new password, open this link within one hour:\n\n${ctx.config.publicUrl}/reset-password?token=${token}\n\nIf this was not you, ignore this email: your password stays as it is.`,
    });
    for (const m of memberships) {
      await recordAudit(tx, {
        accountId: m.accountId, actor: { type: 'anonymous', id: null, label: input.email }, action: 'auth.password_reset_requested', target: { type: 'user', id: user.id }, meta,
      });
    }
  });
}

export async function confirmPasswordReset(ctx: Ctx, token: string, password: string, meta: RequestMeta) {
  await ctx.db.transaction(async (tx) => {
    const reset = await creds.consumePasswordReset(tx, hashToken(ctx.config.secretKey, token), ctx.now());
    if (!reset) throw badRequest('invalid_token', 'This reset link is invalid, used or expired. Ask for a new one.');
    const before = await repo.findPerson(tx, reset.userId);
    if (!before || before.passwordChangedAt > reset.createdAt) throw badRequest('invalid_token', 'This reset link is invalid, used or expired. Ask for a new one.');
    // A weak password throws here and rolls back: the link stays usable for a better one.
    assertStrongPassword(password, [before.email, before.name]);
    const passwordHash = await hashPassword(password);
    const user = await repo.updatePerson(tx, reset.userId, { passwordHash, passwordChangedAt: ctx.now() });
    // Every other outstanding token and every session of the person dies with the old password.
    await creds.killPasswordResets(tx, reset.userId, ctx.now());
    await confirmations.killEmailChanges(tx, reset.userId, ctx.now());
    await creds.revokeUserSessions(tx, reset.userId, ctx.now());
    for (const m of await repo.listMemberships(tx, reset.userId)) {
      await recordAudit(tx, {
        accountId: m.accountId, actor: { type: 'user', id: reset.userId, label: user ? `${user.name} <${user.email}>` : null },
        action: 'auth.password_reset', target: { type: 'user', id: reset.userId }, meta,
      });
    }
  });
}
