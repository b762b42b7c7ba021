import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx, type Tx } from '../../db/tx.js';
import { badRequest, conflict } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import { actorOf } from './auth.service.js';
import * as confirmations from './confirmations.repo.js';
import * as creds from './credentials.repo.js';

const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;

/**
 * A new email address is applied only from the link mailed to it. The request does the same
 * work whether or not the address already has a login (one lookup, one pending change, one
 * email), so its answer tells nothing: a free address gets the link, a taken one a notice.
 */
export async function requestEmailChange(ctx: Ctx, tx: Tx, person: { id: string; name: string; email: string }, newEmail: string) {
  const taken = await repo.findUserByEmail(tx, newEmail);
  const token = randomToken();
  await confirmations.insertEmailChange(tx, {
    id: newUuid(), userId: person.id, newEmail, tokenHash: hashToken(ctx.config.secretKey, token),
    createdAt: ctx.now(), expiresAt: new Date(ctx.now().getTime() + EMAIL_CHANGE_TTL_MS),
  });
  await queueEmail(ctx, tx, taken
    ? {
        accountId: null, to: newEmail, subject: 'Someone tried to use your email address on West Message',
        text: `Hello,\n\nSomeone tried to move their West Message login to this email address. It already has a West Message login, so nothing was changed and you need not do anything.`,
      }
    : {
        accountId: null, to: newEmail, subject: 'Confirm your new West Message email address',
        text: `Hello ${person.name},\n\nTo use this address for your West Message login instead of ${person.email}, open this link within 24 hours:\n\n${ctx.config.publicUrl}/confirm-email?token=${token}\n\nIf you did not ask for this, ignore this email: nothing changes.`,
      });
}

const invalidLink = () => badRequest('invalid_token', 'This confirmation link is invalid, used or expired. Change your email again from your profile.');

async function applyEmailChange(ctx: Ctx, tx: Tx, token: string, meta: RequestMeta) {
  const change = await confirmations.consumeEmailChange(tx, hashToken(ctx.config.secretKey, token), ctx.now());
  if (!change) throw invalidLink();
  const person = await repo.findPerson(tx, change.userId);
  if (!person) throw invalidLink();
  const holder = await repo.findUserByEmail(tx, change.newEmail);
  if (holder && holder.id !== person.id) throw conflict('email_taken', 'This address already has a West Message login; nothing was changed.', { field: 'email' });
  await repo.updatePerson(tx, person.id, { email: change.newEmail });
  // Links mailed to the old address die with it, and so do the other pending changes.
  await creds.killPasswordResets(tx, person.id, ctx.now());
  await confirmations.killEmailChanges(tx, person.id, ctx.now());
  await queueEmail(ctx, tx, {
    accountId: null, to: person.email, subject: 'Your West Message email address was changed',
    text: `Hello ${person.name},\n\nThe email address of your West Message login was changed from ${person.email} to ${change.newEmail}.\n\nIf this was not you, reset your password at ${ctx.config.publicUrl}/forgot-password and contact the owner of your account.`,
  });
  for (const m of await repo.listMemberships(tx, person.id)) {
    await recordAudit(tx, {
      accountId: m.accountId, actor: actorOf({ ...person, email: change.newEmail }), action: 'user.email_changed',
      target: { type: 'user', id: person.id }, meta, details: { changes: { email: { from: person.email, to: change.newEmail } } },
    });
  }
  return { email: change.newEmail };
}

/** The link from the new address: applies the change (409 when the address got a login meanwhile). */
export async function confirmEmailChange(ctx: Ctx, token: string, meta: RequestMeta) {
  try {
    return await withTx(ctx.db, (tx) => applyEmailChange(ctx, tx, token, meta));
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_uq')) throw conflict('email_taken', 'This address already has a West Message login; nothing was changed.', { field: 'email' });
    throw err;
  }
}
