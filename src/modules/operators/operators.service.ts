import QRCode from 'qrcode';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import type { Actor, RequestMeta } from '../../lib/actor.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { secretBox, type SecretBox } from '../../lib/secret-box.js';
import { hashToken, randomToken, safeEqual } from '../../lib/tokens.js';
import { PASSWORD_MESSAGES, burnVerify, checkPassword, hashPassword, verifyPassword } from '../accounts/passwords.js';
import { recordOperatorAudit } from './operator-audit.service.js';
import { afterFailure, isLocked, sessionEnded, stepIsFresh, type OperatorRole } from './operator-rules.js';
import * as repo from './operators.repo.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

export type { OperatorRow } from './operators.repo.js';
type OperatorRow = repo.OperatorRow;

/** How long the password step's session lasts before the TOTP code must follow. */
const PENDING_MINUTES = 10;
const TOUCH_EVERY_MS = 60_000;

const boxes = new Map<string, SecretBox>();
function totpBox(ctx: Ctx): SecretBox {
  let b = boxes.get(ctx.config.secretKey);
  if (!b) boxes.set(ctx.config.secretKey, (b = secretBox(ctx.config.secretKey, 'operators.totp')));
  return b;
}
/** The operator's TOTP secret, sealed at rest and bound to the operator's row. */
const sealSecret = (ctx: Ctx, operatorId: string, secret: string) => totpBox(ctx).encrypt(secret, operatorId);
const openSecret = (ctx: Ctx, o: OperatorRow) => (o.totpSecret ? totpBox(ctx).decrypt(o.totpSecret, o.id) : null);

export const operatorActorOf = (o: Pick<OperatorRow, 'id' | 'name' | 'email' | 'role'>): Actor => ({ type: 'operator', id: o.id, label: `${o.name} <${o.email}> (${o.role})` });
export const TOKEN_ACTOR: Actor = { type: 'operator', id: null, label: 'operator token' };

/** The CSRF value of an operator session (derived: nothing more stored). */
export const operatorCsrfFor = (ctx: Ctx, token: string) => hashToken(ctx.config.secretKey, `operator-csrf:${token}`);

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
const lockedError = (until: Date) =>
  new AppError(423, 'operator_locked', `Too many failed attempts. Try again after ${until.toISOString()}.`, { lockedUntil: until.toISOString() });
const signInExpired = () => new AppError(401, 'operator_sign_in_expired', 'Your sign-in has expired. Start again with your password.');

export interface NewOperatorInput { email: string; name: string; role: OperatorRole; password: string }

async function insertOperator(ctx: Ctx, tx: Db, input: NewOperatorInput, by: OperatorAuth | null, meta?: RequestMeta) {
  const problem = checkPassword(input.password, [input.email, input.name]);
  if (problem) throw unprocessable('weak_password', PASSWORD_MESSAGES[problem], { field: 'password', problem });
  if (await repo.findByEmail(tx, input.email)) throw conflict('operator_exists', 'An operator with this email exists.', { field: 'email' });
  const o = await repo.insertOperator(tx, {
    id: newUuid(), email: input.email.trim(), name: input.name.trim(), role: input.role, passwordHash: await hashPassword(input.password),
    createdBy: by?.operatorId ?? null, createdAt: ctx.now(), updatedAt: ctx.now(),
  });
  await recordOperatorAudit(ctx, { operator: by ?? TOKEN_ACTOR, action: 'operator.created', target: { type: 'operator', id: o.id }, details: { email: o.email, role: o.role }, meta }, tx);
  return o;
}

/** The first operator, created with the bootstrap token (only while no operator exists). */
export async function bootstrap(ctx: Ctx, by: OperatorAuth, input: Omit<NewOperatorInput, 'role'>, meta: RequestMeta) {
  if (by.via !== 'token') throw forbidden('Only the bootstrap token creates the first operator; admins invite the others.');
  return withTx(ctx.db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7271013)`);
    if ((await repo.countOperators(tx)) > 0) throw conflict('already_bootstrapped', 'The first operator exists; an admin operator invites the others.');
    return insertOperator(ctx, tx, { ...input, role: 'admin' }, null, meta);
  });
}

/** An operator created by an admin (or directly, by the test fixtures): signs in and enrols TOTP next. */
export const createOperator = (ctx: Ctx, by: OperatorAuth | null, input: NewOperatorInput, meta?: RequestMeta) =>
  withTx(ctx.db, (tx) => insertOperator(ctx, tx, input, by, meta));

type FailOutcome = { ok: false; error: AppError };

/** Counts a failed step under the operator's row lock; records it (and a lockout) in the operators' log. */
async function fail(ctx: Ctx, tx: Db, o: OperatorRow, reason: string, meta: RequestMeta, error: AppError): Promise<FailOutcome> {
  const now = ctx.now();
  const next = afterFailure(o, ctx.config.operatorLockout, now);
  await repo.updateOperator(tx, o.id, { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil });
  await recordOperatorAudit(ctx, { operator: operatorActorOf(o), action: 'operator.sign_in_failed', target: { type: 'operator', id: o.id }, details: { reason }, meta }, tx);
  if (!next.lockedNow) return { ok: false, error };
  await recordOperatorAudit(ctx, {
    operator: operatorActorOf(o), action: 'operator.locked_out', target: { type: 'operator', id: o.id },
    details: { until: next.lockedUntil!.toISOString(), attempts: ctx.config.operatorLockout.attempts }, meta,
  }, tx);
  return { ok: false, error: lockedError(next.lockedUntil!) };
}

async function refuseLocked(ctx: Ctx, tx: Db, o: OperatorRow, meta: RequestMeta): Promise<FailOutcome | null> {
  if (!isLocked(o, ctx.now())) return null;
  await recordOperatorAudit(ctx, { operator: operatorActorOf(o), action: 'operator.sign_in_refused', target: { type: 'operator', id: o.id }, details: { reason: 'locked' }, meta }, tx);
  return { ok: false, error: lockedError(o.lockedUntil!) };
}

export interface PendingSignIn { token: string; expiresAt: Date; next: 'totp' | 'enrol'; operator: OperatorRow }

/** Step 1: email and password. A session in the `password` stage follows; it can only enrol or send a code. */
export async function signInPassword(ctx: Ctx, input: { email: string; password: string }, meta: RequestMeta): Promise<PendingSignIn> {
  const found = await repo.findByEmail(ctx.db, input.email);
  if (!found || found.disabledAt) {
    await burnVerify(input.password);
    await recordOperatorAudit(ctx, { operator: null, action: 'operator.sign_in_failed', details: { reason: found ? 'disabled' : 'unknown_email' }, meta });
    throw invalidCredentials();
  }
  const passwordOk = await verifyPassword(found.passwordHash, input.password);
  const r = await withTx(ctx.db, async (tx): Promise<FailOutcome | PendingSignIn> => {
    const o = (await repo.lockById(tx, found.id))!;
    const locked = await refuseLocked(ctx, tx, o, meta);
    if (locked) return locked;
    if (!passwordOk) return fail(ctx, tx, o, 'password', meta, invalidCredentials());
    const token = randomToken();
    const now = ctx.now();
    const expiresAt = new Date(now.getTime() + PENDING_MINUTES * 60_000);
    await repo.insertSession(tx, {
      id: newUuid(), operatorId: o.id, tokenHash: hashToken(ctx.config.secretKey, token), stage: 'password',
      ip: meta.ip, userAgent: meta.userAgent, createdAt: now, lastSeenAt: now, expiresAt,
    });
    await recordOperatorAudit(ctx, { operator: operatorActorOf(o), action: 'operator.password_accepted', target: { type: 'operator', id: o.id }, meta }, tx);
    return { token, expiresAt, next: o.totpEnrolledAt ? 'totp' : 'enrol', operator: o };
  });
  if ('ok' in r) throw r.error;
  return r;
}

/** The session of the password step (a valid CSRF value with it), else 401. */
async function pendingSession(ctx: Ctx, token: string | undefined, csrf: string | undefined) {
  if (!token) throw signInExpired();
  const found = await repo.findSessionByHash(ctx.db, hashToken(ctx.config.secretKey, token));
  if (!found || found.session.stage !== 'password' || found.operator.disabledAt || sessionEnded(found.session, PENDING_MINUTES, ctx.now())) throw signInExpired();
  if (typeof csrf !== 'string' || !safeEqual(csrf, operatorCsrfFor(ctx, token))) {
    throw new AppError(403, 'csrf_failed', 'Send the x-operator-csrf header with the value of the wm_op_csrf cookie.');
  }
  return found;
}

export interface Enrolment { secret: string; otpauthUri: string; qrDataUrl: string }

/** Enrolment: a new TOTP secret (sealed at rest) for an operator not enrolled yet; the first valid code confirms it. */
export async function startEnrolment(ctx: Ctx, token: string | undefined, csrf: string | undefined, meta: RequestMeta): Promise<Enrolment> {
  const { operator } = await pendingSession(ctx, token, csrf);
  if (operator.totpEnrolledAt) throw conflict('totp_already_enrolled', 'Two-factor is set up for this operator; send a code. An admin can reset it.');
  const secret = newTotpSecret();
  const otpauthUri = totpUri(secret, operator.email);
  await withTx(ctx.db, async (tx) => {
    await repo.updateOperator(tx, operator.id, { totpSecret: sealSecret(ctx, operator.id, secret), totpLastStep: null, updatedAt: ctx.now() });
    await recordOperatorAudit(ctx, { operator: operatorActorOf(operator), action: 'operator.totp_enrolment_started', target: { type: 'operator', id: operator.id }, meta }, tx);
  });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }) };
}

export interface SignedIn { token: string; expiresAt: Date; operator: OperatorRow }

/** Step 2: the TOTP code. A code of a step already used is refused; failures count towards the lockout. */
export async function signInTotp(ctx: Ctx, token: string | undefined, csrf: string | undefined, code: string, meta: RequestMeta): Promise<SignedIn> {
  const { session, operator: found } = await pendingSession(ctx, token, csrf);
  const r = await withTx(ctx.db, async (tx): Promise<FailOutcome | SignedIn> => {
    const o = (await repo.lockById(tx, found.id))!;
    const locked = await refuseLocked(ctx, tx, o, meta);
    if (locked) return locked;
    const secret = openSecret(ctx, o);
    if (!secret) return { ok: false, error: conflict('totp_not_enrolled', 'Set up two-factor first (enrolment).') };
    const now = ctx.now();
    const step = matchingStep(secret, code.trim(), now);
    if (step === null) return fail(ctx, tx, o, 'totp', meta, new AppError(401, 'invalid_code', 'The code is not correct. Use the current code of your authenticator app.'));
    if (!stepIsFresh(step, o.totpLastStep)) return fail(ctx, tx, o, 'totp_replayed', meta, new AppError(401, 'code_already_used', 'This code was used already. Wait for the next one.'));
    const enrolling = !o.totpEnrolledAt;
    const updated = (await repo.updateOperator(tx, o.id, { totpLastStep: step, failedAttempts: 0, lockedUntil: null, totpEnrolledAt: o.totpEnrolledAt ?? now, updatedAt: now }))!;
    // A new token once both factors passed (the password step's token is not reused).
    const fresh = randomToken();
    const expiresAt = new Date(now.getTime() + ctx.config.operatorSession.hours * 3_600_000);
    await repo.updateSession(tx, o.id, session.id, { tokenHash: hashToken(ctx.config.secretKey, fresh), stage: 'active', lastSeenAt: now, expiresAt });
    const target = { type: 'operator', id: o.id };
    if (enrolling) await recordOperatorAudit(ctx, { operator: operatorActorOf(o), action: 'operator.totp_enrolled', target, meta }, tx);
    await recordOperatorAudit(ctx, { operator: operatorActorOf(o), action: 'operator.signed_in', target, meta }, tx);
    return { token: fresh, expiresAt, operator: updated };
  });
  if ('ok' in r) throw r.error;
  return r;
}

/** The operator behind a session cookie that passed TOTP (touching its last activity), else 401. */
export async function activeSession(ctx: Ctx, token: string): Promise<{ operator: OperatorRow; sessionId: string }> {
  const found = await repo.findSessionByHash(ctx.db, hashToken(ctx.config.secretKey, token));
  const now = ctx.now();
  if (!found || found.session.stage !== 'active' || found.operator.disabledAt || sessionEnded(found.session, ctx.config.operatorSession.idleMinutes, now)) {
    throw new AppError(401, 'operator_session_expired', 'Your operator session has ended. Sign in again.');
  }
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repo.updateSession(ctx.db, found.operator.id, found.session.id, { lastSeenAt: now });
  return { operator: found.operator, sessionId: found.session.id };
}

export async function signOut(ctx: Ctx, op: OperatorAuth, meta: RequestMeta): Promise<void> {
  if (!op.operatorId || !op.sessionId) return;
  await withTx(ctx.db, async (tx) => {
    await repo.updateSession(tx, op.operatorId!, op.sessionId!, { revokedAt: ctx.now() });
    await recordOperatorAudit(ctx, { operator: op, action: 'operator.signed_out', target: { type: 'operator', id: op.operatorId! }, meta }, tx);
  });
}

/** Whether the bootstrap token is still accepted (it never is once an admin turned it off). */
export async function tokenEnabled(ctx: Ctx): Promise<boolean> {
  return ctx.config.operatorToken.length > 0 && (await repo.tokenSettings(ctx.db)).tokenDisabledAt === null;
}

export async function tokenState(ctx: Ctx) {
  const s = await repo.tokenSettings(ctx.db);
  return { enabled: ctx.config.operatorToken.length > 0 && s.tokenDisabledAt === null, disabledAt: s.tokenDisabledAt };
}

/** An admin operator (signed in with TOTP) turns the bootstrap token off, for good. */
export async function disableToken(ctx: Ctx, op: OperatorAuth, meta: RequestMeta) {
  if (op.via !== 'session' || !op.operatorId) throw forbidden('An admin operator signed in with TOTP turns the token off (not the token itself).');
  await withTx(ctx.db, async (tx) => {
    await repo.disableToken(tx, op.operatorId!, ctx.now());
    await recordOperatorAudit(ctx, { operator: op, action: 'operator.token_disabled', meta }, tx);
  });
  return tokenState(ctx);
}

export const getOperator = async (ctx: Ctx, id: string) => (await repo.findById(ctx.db, id)) ?? null;
export const listOperators = (ctx: Ctx) => repo.listOperators(ctx.db);
export const operatorCount = (ctx: Ctx) => repo.countOperators(ctx.db);

async function guardLastAdmin(tx: Db, o: OperatorRow, change: { role?: string; disabled?: boolean }) {
  const losesAdmin = o.role === 'admin' && !o.disabledAt && ((change.role && change.role !== 'admin') || change.disabled);
  if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) throw conflict('last_admin', 'At least one active admin operator must remain.');
}

/** An admin changes another operator's role or disables/enables them (their sessions end). */
export async function updateOperator(ctx: Ctx, by: OperatorAuth, id: string, change: { role?: OperatorRole; disabled?: boolean }, meta: RequestMeta) {
  if (by.operatorId === id) throw conflict('own_operator', 'Ask another admin to change your own role or access.');
  return withTx(ctx.db, async (tx) => {
    const o = await repo.lockById(tx, id);
    if (!o) throw notFound('Operator');
    await guardLastAdmin(tx, o, change);
    const now = ctx.now();
    const set: Parameters<typeof repo.updateOperator>[2] = { updatedAt: now };
    if (change.role) set.role = change.role;
    if (change.disabled !== undefined) set.disabledAt = change.disabled ? (o.disabledAt ?? now) : null;
    const updated = (await repo.updateOperator(tx, id, set))!;
    if (change.disabled || (change.role && change.role !== o.role)) await repo.revokeSessionsOf(tx, id, now);
    await recordOperatorAudit(ctx, {
      operator: by, action: 'operator.updated', target: { type: 'operator', id },
      details: { from: { role: o.role, disabled: !!o.disabledAt }, to: { role: updated.role, disabled: !!updated.disabledAt } }, meta,
    }, tx);
    return updated;
  });
}

/** An admin resets another operator's TOTP: their sessions end and they enrol again at the next sign-in. */
export async function resetTotp(ctx: Ctx, by: OperatorAuth, id: string, meta: RequestMeta) {
  return withTx(ctx.db, async (tx) => {
    const o = await repo.lockById(tx, id);
    if (!o) throw notFound('Operator');
    const now = ctx.now();
    const updated = (await repo.updateOperator(tx, id, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, failedAttempts: 0, lockedUntil: null, updatedAt: now }))!;
    await repo.revokeSessionsOf(tx, id, now);
    await recordOperatorAudit(ctx, { operator: by, action: 'operator.totp_reset', target: { type: 'operator', id }, meta }, tx);
    return updated;
  });
}
