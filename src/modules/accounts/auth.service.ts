import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, badRequest, conflict, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { parsePhone } from '../../lib/phone.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { resolveTimeZone } from '../contacts/time-zone.js';
import { recordAudit, recordAuditAlone, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { CONSENT_ATTESTATION_TEXT, currentPolicies } from '../policies/policies.service.js';
import * as repo from './accounts.repo.js';
import * as creds from './credentials.repo.js';
import { PASSWORD_MESSAGES, burnVerify, checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { openSession } from './sessions.service.js';
import { assertNotLocked, countFailure, throttleKeys } from './throttle.js';
import type { AuthContext } from '../../http/auth.js';

export interface SignupInput {
  business: { name: string; legalName?: string; website?: string; industry?: string; address?: string };
  owner: { name: string; email: string; phone: string; password: string };
  attestConsent?: boolean;
  acceptTerms?: boolean;
}

export function assertStrongPassword(password: string, userInputs: string[] = []) {
  const problem = checkPassword(password, userInputs);
  if (problem) throw unprocessable('weak_password', PASSWORD_MESSAGES[problem], { field: 'password', reason: problem });
}

export function normalisePhone(input: string, field = 'phone'): string {
  const parsed = parsePhone(input);
  if (!parsed) throw unprocessable('invalid_phone', 'Enter a valid phone number, e.g. +1 415 555 0100.', { field });
  return parsed.e164;
}

/** An account starts in its owner's country and time zone; both can be changed later. */
function accountHome(e164: string) {
  const parsed = parsePhone(e164);
  const country = parsed?.country ?? 'US';
  const zone = resolveTimeZone({ e164, country, accountZone: country === 'US' ? 'America/New_York' : 'UTC' }).zone;
  return { defaultCountry: country, timeZone: zone };
}

export async function assertEmailFree(db: Db, email: string) {
  if (await repo.findUserByEmail(db, email)) {
    throw conflict('email_taken', 'An account already uses this email address.', { field: 'email' });
  }
}

export async function signup(ctx: Ctx, input: SignupInput, meta: RequestMeta) {
  if (input.attestConsent !== true) {
    throw unprocessable('consent_attestation_required', `Confirm: "${CONSENT_ATTESTATION_TEXT}"`, { field: 'attestConsent' });
  }
  if (input.acceptTerms !== true) {
    throw unprocessable('terms_acceptance_required', 'Accept the Terms of Service and the Privacy Policy.', { field: 'acceptTerms' });
  }
  const { owner, business } = input;
  const phone = normalisePhone(owner.phone);
  const home = accountHome(phone);
  assertStrongPassword(owner.password, [owner.email, owner.name, business.name]);
  await assertEmailFree(ctx.db, owner.email);
  const passwordHash = await hashPassword(owner.password);
  const policies = await currentPolicies(ctx.db);
  try {
    return await ctx.db.transaction(async (tx) => {
      const account = await repo.insertAccount(tx, { id: newUuid(), ...business, ...home });
      const user = await repo.insertUser(tx, {
        id: newUuid(), accountId: account.id, name: owner.name, email: owner.email, phone, role: 'owner', passwordHash,
      });
      const evidence = { accountId: account.id, userId: user.id, ip: meta.ip, userAgent: meta.userAgent };
      await repo.insertAttestation(tx, { id: newUuid(), ...evidence, wording: CONSENT_ATTESTATION_TEXT });
      await repo.insertAcceptances(tx, [policies.terms, policies.privacy].map((d) => ({ id: newUuid(), ...evidence, documentId: d.id })));
      const actor = { type: 'user' as const, id: user.id, label: `${user.name} <${user.email}>` };
      await recordAudit(tx, {
        accountId: account.id, actor, action: 'account.created', target: { type: 'account', id: account.id }, meta,
        details: { attestation: CONSENT_ATTESTATION_TEXT, terms: policies.terms.version, privacy: policies.privacy.version },
      });
      const session = await openSession(ctx, tx, account.id, user.id, meta);
      return { account, user, session };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_uq')) throw conflict('email_taken', 'An account already uses this email address.', { field: 'email' });
    throw err;
  }
}

export async function login(ctx: Ctx, email: string, password: string, meta: RequestMeta) {
  const keys = throttleKeys(email, meta.ip);
  await assertNotLocked(ctx, [keys.email, keys.ip]);
  const user = await repo.findUserByEmail(ctx.db, email);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
  if (!user || !ok) {
    await countFailure(ctx, keys);
    await recordAuditAlone(ctx.db, {
      accountId: user?.accountId ?? null, actor: { type: 'anonymous', id: null, label: email.slice(0, 200) },
      action: 'auth.login_failed', target: user ? { type: 'user', id: user.id } : null, meta, details: { email: email.slice(0, 200) },
    });
    throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
  }
  const account = await repo.findAccount(ctx.db, user.accountId);
  if (!account || account.status !== 'active') throw new AppError(403, 'account_suspended', 'This account is suspended.');
  await creds.clearThrottle(ctx.db, keys.email);
  const session = await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, {
      accountId: user.accountId, actor: { type: 'user', id: user.id, label: `${user.name} <${user.email}>` },
      action: 'auth.login_succeeded', target: { type: 'user', id: user.id }, meta,
    });
    return openSession(ctx, tx, user.accountId, user.id, meta);
  });
  return { account, user, session };
}

export async function logout(ctx: Ctx, auth: AuthContext, meta: RequestMeta) {
  if (!auth.sessionId) return;
  await ctx.db.transaction(async (tx) => {
    await creds.revokeSession(tx, auth.accountId, auth.sessionId!, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'auth.logout', target: { type: 'user', id: auth.userId! }, meta });
  });
}

export async function changePassword(ctx: Ctx, auth: AuthContext, current: string, next: string, meta: RequestMeta) {
  const user = auth.userId ? await repo.findUser(ctx.db, auth.accountId, auth.userId) : null;
  if (!user || auth.via !== 'session') throw badRequest('session_required', 'Change a password from a signed-in session.');
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw unprocessable('wrong_password', 'The current password is not correct.', { field: 'currentPassword' });
  }
  assertStrongPassword(next, [user.email, user.name]);
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.accountId, user.id, { passwordHash, passwordChangedAt: ctx.now() });
    await creds.revokeUserSessions(tx, user.accountId, user.id, ctx.now(), auth.sessionId ?? undefined);
    await recordAudit(tx, { accountId: user.accountId, actor: auth.actor, action: 'user.password_changed', target: { type: 'user', id: user.id }, meta });
  });
}

const RESET_TTL_MS = 60 * 60_000;

/** Always succeeds from the caller's view, so it does not reveal which emails have accounts. */
export async function requestPasswordReset(ctx: Ctx, email: string, meta: RequestMeta) {
  const user = await repo.findUserByEmail(ctx.db, email);
  if (!user) return;
  const token = randomToken();
  await ctx.db.transaction(async (tx) => {
    await creds.insertPasswordReset(tx, {
      id: newUuid(), accountId: user.accountId, userId: user.id, tokenHash: hashToken(ctx.config.secretKey, token),
      expiresAt: new Date(ctx.now().getTime() + RESET_TTL_MS),
    });
    await queueEmail(ctx, tx, {
      accountId: user.accountId, to: user.email, subject: 'Reset your West Message password',
      text: `Hello ${user.name},\n\nSomeone asked to reset the password of your West Message account. To choose a new password, open this link within one hour:\n\n${ctx.config.publicUrl}/reset-password?token=${token}\n\nIf this was not you, ignore this email: your password stays as it is.`,
    });
    await recordAudit(tx, {
      accountId: user.accountId, actor: { type: 'anonymous', id: null, label: email }, action: 'auth.password_reset_requested',
      target: { type: 'user', id: user.id }, meta,
    });
  });
}

export async function confirmPasswordReset(ctx: Ctx, token: string, password: string, meta: RequestMeta) {
  await ctx.db.transaction(async (tx) => {
    const reset = await creds.consumePasswordReset(tx, hashToken(ctx.config.secretKey, token), ctx.now());
    if (!reset) throw badRequest('invalid_token', 'This reset link is invalid, used or expired. Ask for a new one.');
    const before = await repo.findUser(tx, reset.accountId, reset.userId);
    // A weak password throws here and rolls back: the link stays usable for a better one.
    assertStrongPassword(password, [before?.email ?? '', before?.name ?? '']);
    const passwordHash = await hashPassword(password);
    const user = await repo.updateUser(tx, reset.accountId, reset.userId, { passwordHash, passwordChangedAt: ctx.now() });
    await creds.revokeUserSessions(tx, reset.accountId, reset.userId, ctx.now());
    await recordAudit(tx, {
      accountId: reset.accountId, actor: { type: 'user', id: reset.userId, label: user ? `${user.name} <${user.email}>` : null },
      action: 'auth.password_reset', target: { type: 'user', id: reset.userId }, meta,
    });
  });
}
