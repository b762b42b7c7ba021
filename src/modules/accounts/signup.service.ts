import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx, type Tx } from '../../db/tx.js';
import { AppError, badRequest, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { parsePhone } from '../../lib/phone.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { resolveTimeZone } from '../contacts/time-zone.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { CONSENT_ATTESTATION_TEXT, currentPolicies } from '../policies/policies.service.js';
import * as repo from './accounts.repo.js';
import { actorOf, assertStrongPassword, normalisePhone } from './auth.service.js';
import * as confirmations from './confirmations.repo.js';
import { hashPassword } from './passwords.js';
import { openSession } from './sessions.service.js';
import { isDisposableEmail, overSignupVelocity } from './signup-guard.js';

export interface SignupInput {
  business: { name: string; legalName?: string; website?: string; industry?: string; address?: string };
  owner: { name: string; email: string; phone: string; password: string };
  attestConsent?: boolean;
  acceptTerms?: boolean;
}

const SIGNUP_TTL_MS = 24 * 3_600_000;
/** Sign-up mails to one address in an hour at most, whoever submits it (mail bombing). */
export const SIGNUPS_PER_EMAIL_PER_HOUR = 3;

/** An account starts in its owner's country and time zone; both can be changed later. */
function accountHome(e164: string) {
  const parsed = parsePhone(e164);
  const country = parsed?.country ?? 'US';
  const zone = resolveTimeZone({ e164, country, accountZone: country === 'US' ? 'America/New_York' : 'UTC' }).zone;
  return { defaultCountry: country, timeZone: zone };
}

function signupMail(ctx: Ctx, input: SignupInput, token: string, existingLogin: boolean) {
  const link = `${ctx.config.publicUrl}/signup/confirm?token=${token}`;
  const business = input.business.name;
  if (!existingLogin) {
    return {
      subject: `Confirm your email to create ${business} on West Message`,
      text: `Hello ${input.owner.name},\n\nTo create ${business} on West Message, confirm your email address within 24 hours:\n\n${link}\n\nIf you did not sign up, ignore this email: nothing is created.`,
    };
  }
  return {
    subject: 'Someone tried to sign up to West Message with your email address',
    text: `Hello,\n\nSomeone (perhaps you) asked to create the business "${business}" on West Message with this email address, which already has a West Message login.\n\nIf it was you and you want ${business} as another business under your existing login, open this link within 24 hours:\n\n${link}\n\nThen sign in with your existing password: the password entered with this sign-up is not used. Forgot it? ${ctx.config.publicUrl}/forgot-password\n\nIf it was not you, ignore this email: nothing is created and your login stays as it is.`,
  };
}

/**
 * Sign-up, step 1. The same answer and the same work for every email: the request is checked,
 * the password hashed, a pending sign-up stored with a hashed one-time token and one email
 * queued, whether or not the address already has a login (that address is told so, with a
 * link that adds the business to the existing login). Nothing else exists until the link is
 * confirmed. The consent attestation and the policy acceptance are recorded as of now.
 */
export async function requestSignup(ctx: Ctx, input: SignupInput, meta: RequestMeta): Promise<void> {
  await assertSignupVelocity(ctx, meta.ip);
  const problem = signupProblems(input);
  if (problem) throw problem;
  const { owner, business } = input;
  const phone = normalisePhone(owner.phone);
  const passwordHash = await hashPassword(owner.password);
  const policies = await currentPolicies(ctx.db);
  const existing = await repo.findUserByEmail(ctx.db, owner.email);
  const token = randomToken();
  await withTx(ctx.db, async (tx) => {
    // Anyone may type anyone's address: past SIGNUPS_PER_EMAIL_PER_HOUR mails an hour, the same answer and nothing more.
    if ((await confirmations.lockAndCountSignupsFor(tx, owner.email, new Date(ctx.now().getTime() - HOUR_MS))) >= SIGNUPS_PER_EMAIL_PER_HOUR) return;
    await confirmations.insertSignupRequest(tx, {
      id: newUuid(), email: owner.email, tokenHash: hashToken(ctx.config.secretKey, token), business, ownerName: owner.name, phone, passwordHash,
      attestationWording: CONSENT_ATTESTATION_TEXT, termsDocumentId: policies.terms.id, privacyDocumentId: policies.privacy.id,
      ip: meta.ip, userAgent: meta.userAgent, createdAt: ctx.now(), expiresAt: new Date(ctx.now().getTime() + SIGNUP_TTL_MS),
    });
    await queueEmail(ctx, tx, { accountId: null, to: owner.email, ...signupMail(ctx, input, token, !!existing) });
  });
}

/** One check of a sign-up: the refusal it throws, with the request path it blames, or null. */
function refusalOf(path: string, check: () => unknown): { path: string; error: AppError } | null {
  try {
    check();
    return null;
  } catch (e) {
    if (e instanceof AppError) return { path, error: e };
    throw e;
  }
}

/**
 * Every problem of a sign-up at once, so the form shows them all after one submit: the first
 * refusal is the error (its code, message and field, as before), details.issues lists each
 * (path, code, message) — the shape of a schema refusal's issues.
 */
function signupProblems(input: SignupInput): AppError | null {
  const { owner, business } = input;
  const found = [
    refusalOf('attestConsent', () => {
      if (input.attestConsent !== true) throw unprocessable('consent_attestation_required', `Confirm: "${CONSENT_ATTESTATION_TEXT}"`, { field: 'attestConsent' });
    }),
    refusalOf('acceptTerms', () => {
      if (input.acceptTerms !== true) throw unprocessable('terms_acceptance_required', 'Accept the Terms of Service and the Privacy Policy.', { field: 'acceptTerms' });
    }),
    refusalOf('owner.email', () => {
      if (isDisposableEmail(owner.email)) {
        throw unprocessable('disposable_email', 'Sign up with a permanent email address: addresses at disposable (throw-away) mail domains are not accepted.', { field: 'owner.email' });
      }
    }),
    refusalOf('owner.phone', () => normalisePhone(owner.phone)),
    refusalOf('owner.password', () => assertStrongPassword(owner.password, [owner.email, owner.name, business.name])),
  ].filter((f) => f !== null);
  if (!found.length) return null;
  const first = found[0].error;
  const issues = found.map((f) => ({ path: `body.${f.path}`, code: f.error.code, message: f.error.message }));
  return new AppError(first.status, first.code, first.message, { ...first.details, issues });
}

const HOUR_MS = 3_600_000;

/** Fraud at the door: at most SIGNUP_PER_IP_PER_HOUR sign-ups submitted from one IP address in any hour (429 with Retry-After). */
async function assertSignupVelocity(ctx: Ctx, ip: string | null) {
  const limit = ctx.config.signupPerIpPerHour;
  if (!ip || limit === 0) return;
  const now = ctx.now().getTime();
  const recent = await confirmations.signupsFromIp(ctx.db, ip, new Date(now - HOUR_MS));
  if (!overSignupVelocity(recent.n, limit)) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(((recent.oldest?.getTime() ?? now) + HOUR_MS - now) / 1000));
  throw new AppError(429, 'signup_rate_limited', `Too many sign-ups from this network in the last hour (at most ${limit}). Try again later.`, { retryAfterSeconds, limitPerHour: limit });
}

const invalidLink = () => badRequest('invalid_token', 'This sign-up link is invalid, used or expired. Sign up again.');

/** Creates the account from a pending sign-up; its owner is the address's login when one exists by now. */
async function applySignup(ctx: Ctx, tx: Tx, token: string, meta: RequestMeta) {
  const request = await confirmations.consumeSignupRequest(tx, hashToken(ctx.config.secretKey, token), ctx.now());
  if (!request) throw invalidLink();
  await confirmations.killSignupRequests(tx, request.email, ctx.now());
  // Re-checked now: a login may have been created for this address since the submit.
  const existing = await repo.findUserByEmail(tx, request.email);
  const account = await repo.insertAccount(tx, { id: newUuid(), ...request.business, ...accountHome(request.phone) });
  const person = existing
    ?? (await repo.insertPerson(tx, { id: newUuid(), name: request.ownerName, email: request.email, phone: request.phone, passwordHash: request.passwordHash }));
  const membership = await repo.insertMembership(tx, { accountId: account.id, userId: person.id, role: 'owner' });
  const user: repo.UserRow = { ...person, accountId: account.id, role: membership.role, scopes: membership.scopes, expiresAt: membership.expiresAt };
  // Evidence of the moment the person affirmed: the submit, with its IP and user agent.
  const evidence = { accountId: account.id, userId: person.id, ip: request.ip, userAgent: request.userAgent };
  await repo.insertAttestation(tx, { id: newUuid(), ...evidence, wording: request.attestationWording, attestedAt: request.createdAt });
  await repo.insertAcceptances(tx, [request.termsDocumentId, request.privacyDocumentId].map((documentId) => ({ id: newUuid(), ...evidence, documentId, acceptedAt: request.createdAt })));
  await recordAudit(tx, {
    accountId: account.id, actor: actorOf(person), action: 'account.created', target: { type: 'account', id: account.id }, meta,
    details: {
      attestation: request.attestationWording, submittedAt: request.createdAt.toISOString(), submitIp: request.ip,
      termsDocument: request.termsDocumentId, privacyDocument: request.privacyDocumentId, existingLogin: !!existing,
    },
  });
  // A new login starts a session; an existing one signs in with its own password.
  const session = existing ? null : await openSession(ctx, tx, account.id, person.id, meta, 'signup');
  return { account, user, session, existingLogin: !!existing };
}

/** Sign-up, step 2: the emailed link. */
export async function confirmSignup(ctx: Ctx, token: string, meta: RequestMeta) {
  try {
    return await withTx(ctx.db, (tx) => applySignup(ctx, tx, token, meta));
  } catch (err) {
    // The address got a login between the re-check and the insert: apply again, to that login.
    if (isUniqueViolation(err, 'users_email_uq')) return withTx(ctx.db, (tx) => applySignup(ctx, tx, token, meta));
    throw err;
  }
}

/** Daily: drops pending sign-ups and email changes a day past their use or expiry (they hold personal data). */
export async function purgeStaleConfirmations(ctx: Ctx): Promise<number> {
  return confirmations.purgeConfirmations(ctx.db, new Date(ctx.now().getTime() - 86_400_000));
}
