import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { findPerson } from './accounts.repo.js';
import * as repo from './erasure.repo.js';
import { verifyPasswordAgain } from './throttle.js';

/** Whether this is the person's current password (a sensitive action asks again; under the sign-in throttle, 429 when locked). */
export async function passwordMatches(ctx: Ctx, userId: string, password: string, ip: string | null): Promise<boolean> {
  const user = await findPerson(ctx.db, userId);
  return !!user && (await verifyPasswordAgain(ctx, user, password, ip));
}

/** The account's logins that belong to no other account (read before the memberships go). */
export function loginsOnlyIn(tx: Db, accountId: string) {
  return repo.usersOnlyIn(tx, accountId);
}

/**
 * Erase hook (account deletion): deletes these logins and what the platform keeps about them
 * outside accounts (and other accounts' sent mail and spent invitations to their address; their
 * queued mail and open invitations stay: repo.deleteUsers). Members who belong to other accounts
 * keep their login (only their membership here goes, with the account's rows).
 */
export function eraseUsers(tx: Db, users: Array<{ id: string; email: string }>, now: Date) {
  return repo.deleteUsers(tx, users, now);
}
