import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { AuthContext } from '../../http/auth.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import * as creds from './credentials.repo.js';
import { deviceHash, deviceOf, ipPrefix } from './sessions-device.js';
import * as sessionsRepo from './sessions.repo.js';

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** How a session started: a sign-in with the password, the sign-up link, or an accepted invitation. */
export type SignInMethod = 'password' | 'signup' | 'invitation';

/**
 * Opens a server-side session of a person acting in one account; only the token's keyed hash
 * is stored. The start lands in the person's sign-in history, and a password sign-in from a
 * device the login never signed in from mails a notice (not the first password sign-in of a
 * login: the one right after sign-up or an invitation is expected).
 */
export async function openSession(ctx: Ctx, tx: Db, accountId: string, userId: string, meta: RequestMeta, method: SignInMethod = 'password'): Promise<NewSession> {
  const token = randomToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await creds.insertSession(tx, {
    id: newUuid(),
    accountId,
    userId,
    tokenHash: hashToken(ctx.config.secretKey, token),
    ip: meta.ip,
    userAgent: meta.userAgent,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  const hash = deviceHash(ctx.config.secretKey, meta.userAgent, meta.ip);
  const prior = method === 'password' ? await sessionsRepo.priorSignIns(tx, userId, hash) : null;
  await sessionsRepo.insertSignInEvent(tx, { id: newUuid(), userId, outcome: 'succeeded', method, ip: meta.ip, userAgent: meta.userAgent, deviceHash: hash, at: now });
  if (prior && prior.password && !prior.device) await mailNewDevice(ctx, tx, userId, meta, now);
  return { token, expiresAt };
}

async function mailNewDevice(ctx: Ctx, tx: Db, userId: string, meta: RequestMeta, at: Date) {
  const person = await repo.findPerson(tx, userId);
  if (!person) return;
  const device = deviceOf(meta.userAgent);
  await queueEmail(ctx, tx, {
    accountId: null,
    to: person.email,
    subject: 'New sign-in to West Message from a new device',
    text:
      `Hello ${person.name},\n\nYour West Message login was just used to sign in from a device or network it had not signed in from before:\n\n` +
      `  Device: ${device.label}\n  IP address: ${meta.ip ?? 'unknown'} (network ${ipPrefix(meta.ip) ?? 'unknown'})\n  Time: ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC\n\n` +
      `If this was you, there is nothing to do.\n\nIf it was not you, change your password now and sign out the sessions you do not recognise:\n\n` +
      `${ctx.config.publicUrl}/settings/security\n`,
  });
}

/** A failed sign-in on a known login lands in its history (unknown emails have no history to land in). */
export async function recordFailedSignIn(ctx: Ctx, userId: string, meta: RequestMeta) {
  await sessionsRepo.insertSignInEvent(ctx.db, {
    id: newUuid(), userId, outcome: 'failed', method: 'invalid_credentials', ip: meta.ip, userAgent: meta.userAgent,
    deviceHash: deviceHash(ctx.config.secretKey, meta.userAgent, meta.ip), at: ctx.now(),
  });
}

function sessionCaller(auth: AuthContext): { userId: string; sessionId: string } {
  if (auth.via !== 'session' || !auth.userId || !auth.sessionId) {
    throw badRequest('session_required', 'Sessions and sign-in history are shown to a signed-in person, not to an API key.');
  }
  return { userId: auth.userId, sessionId: auth.sessionId };
}

/** The caller's live sessions in every account, the current one marked. */
export async function listSessions(ctx: Ctx, auth: AuthContext) {
  const { userId, sessionId } = sessionCaller(auth);
  const rows = await sessionsRepo.listLiveSessions(ctx.db, userId, ctx.now());
  return rows.map((s) => ({
    id: s.id, accountId: s.accountId, device: deviceOf(s.userAgent), ip: s.ip, userAgent: s.userAgent,
    firstSeenAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, current: s.id === sessionId,
  }));
}

/** Revokes one of the caller's sessions (another person's, or an unknown id, is a 404). */
export async function revokeSession(ctx: Ctx, auth: AuthContext, sessionId: string | null, meta: RequestMeta) {
  const { userId } = sessionCaller(auth);
  await ctx.db.transaction(async (tx) => {
    const revoked = sessionId ? await sessionsRepo.revokeOwnSession(tx, userId, sessionId, ctx.now()) : null;
    if (!revoked) throw notFound('Session');
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'auth.session_revoked', target: { type: 'user', id: userId }, meta, details: { session: revoked.id } });
  });
}

/** Signs the caller out everywhere else: every other live session of the person, in every account. */
export async function revokeOtherSessions(ctx: Ctx, auth: AuthContext, meta: RequestMeta): Promise<number> {
  const { userId, sessionId } = sessionCaller(auth);
  return ctx.db.transaction(async (tx) => {
    const n = await sessionsRepo.revokeOtherSessions(tx, userId, sessionId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'auth.other_sessions_revoked', target: { type: 'user', id: userId }, meta, details: { revoked: n } });
    return n;
  });
}

/** The caller's sign-in history, newest first: successes and failures with device and address. */
export async function signInHistory(ctx: Ctx, auth: AuthContext, limit = 50) {
  const { userId } = sessionCaller(auth);
  const rows = await sessionsRepo.listSignInEvents(ctx.db, userId, limit);
  return rows.map((e) => ({ id: e.id, at: e.at, outcome: e.outcome as 'succeeded' | 'failed', method: e.method, device: deviceOf(e.userAgent), ip: e.ip }));
}

const HISTORY_KEPT_MS = 365 * 86_400_000;

/** Daily: drops sessions that expired or were revoked more than a day ago, and sign-in history past a year. */
export async function purgeDeadSessions(ctx: Ctx): Promise<number> {
  const dead = await creds.deleteDeadSessions(ctx.db, new Date(ctx.now().getTime() - 86_400_000));
  const old = await sessionsRepo.deleteSignInEventsBefore(ctx.db, new Date(ctx.now().getTime() - HISTORY_KEPT_MS));
  return dead + old;
}
