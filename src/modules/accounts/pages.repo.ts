import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { apiKeys, invitations, memberships, users } from '../../db/schema/index.js';
import { liveMembership, memberColumns } from './hot-queries.js';

/**
 * The accounts module's paged lists (GET /v1/members, /v1/invitations, /v1/api-keys): keyset
 * pages in each list's order, every row with its position (`us`: time in microseconds).
 */

/** Live members, oldest membership first. */
export function membersPage(db: Db, accountId: string, after: KeysetPosition | null, limit: number) {
  return db.select({ row: memberColumns, us: positionUsSql(memberships.createdAt) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), liveMembership(), after ? afterPositionSql(memberships.createdAt, memberships.userId, after, 'asc') : undefined))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId))
    .limit(limit);
}

/** Pending invitations (not accepted, revoked nor expired), newest first. */
export function pendingInvitationsPage(db: Db, accountId: string, now: Date, after: KeysetPosition | null, limit: number) {
  return db.select({ row: invitations, us: positionUsSql(invitations.createdAt) })
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now),
      after ? afterPositionSql(invitations.createdAt, invitations.id, after, 'desc') : undefined))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(limit);
}

/** API keys (revoked ones too), newest first. */
export function apiKeysPage(db: Db, accountId: string, after: KeysetPosition | null, limit: number) {
  return db.select({ row: apiKeys, us: positionUsSql(apiKeys.createdAt) })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), after ? afterPositionSql(apiKeys.createdAt, apiKeys.id, after, 'desc') : undefined))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit);
}
