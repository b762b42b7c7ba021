import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './accounts.repo.js';
import * as creds from './credentials.repo.js';

/**
 * Accounts that other modules create (e.g. an outsourcing partner's organisation): an account
 * of a kind, owned by a signed-in person or by whoever accepts an owner invitation.
 */
export type AccountKind = 'business' | 'partner';
export type { AccountRow, UserRow } from './accounts.repo.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export function createAccountOfKind(tx: Db, input: { name: string; kind: AccountKind; timeZone?: string; defaultCountry?: string }) {
  return repo.insertAccount(tx, { id: newUuid(), name: input.name, kind: input.kind, ...(input.timeZone ? { timeZone: input.timeZone } : {}), ...(input.defaultCountry ? { defaultCountry: input.defaultCountry } : {}) });
}

/** Makes a person the owner of a new account. */
export async function addOwner(tx: Db, accountId: string, userId: string) {
  await repo.insertMembership(tx, { accountId, userId, role: 'owner' });
}

/** Mails an invitation to own a new account (accepted like any invitation: /invite?token=…). */
export async function inviteOwner(ctx: Ctx, tx: Db, account: { id: string; name: string }, email: string, invitedBy: string) {
  const token = randomToken();
  const inv = await creds.insertInvitation(tx, {
    id: newUuid(), accountId: account.id, email, role: 'owner', tokenHash: hashToken(ctx.config.secretKey, token),
    invitedBy: null, expiresAt: new Date(ctx.now().getTime() + INVITE_TTL_MS),
  });
  await queueEmail(ctx, tx, {
    accountId: account.id, to: email, subject: `You are invited to manage ${account.name} on West Message`,
    text: `${invitedBy} created ${account.name} on West Message and invited you as its owner.\n\nAccept within 7 days:\n\n${ctx.config.publicUrl}/invite?token=${token}\n`,
  });
  return inv;
}

/** An account by id (its kind and time zone included), or null. */
export const findAccount = (db: Db, accountId: string) => repo.findAccount(db, accountId);
/** A live member of an account, or null. */
export const findMember = (db: Db, accountId: string, userId: string) => repo.findUser(db, accountId, userId);
