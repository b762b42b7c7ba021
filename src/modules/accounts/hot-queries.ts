import { and, eq, getTableColumns, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, apiKeys, memberships, sessions, users } from '../../db/schema/index.js';

const member = {
  ...getTableColumns(users),
  accountId: memberships.accountId,
  role: memberships.role,
  scopes: memberships.scopes,
  expiresAt: memberships.expiresAt,
};
const live = (now: ReturnType<typeof sql.placeholder>) => or(isNull(memberships.expiresAt), gt(memberships.expiresAt, now));

/**
 * The queries every authenticated request runs, prepared once per database handle: Drizzle
 * skips rebuilding the SQL, and PostgreSQL skips re-planning (named prepared statements).
 * Measured in bench/auth.bench.ts.
 */
function prepare(db: Db) {
  return {
    // A key acts with at most its creator's *current* membership: no live membership, no key.
    apiKey: db
      .select({ key: apiKeys, account: accounts, user: member })
      .from(apiKeys)
      .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
      .innerJoin(memberships, and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, apiKeys.createdBy)))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt), live(sql.placeholder('now'))))
      .prepare('wm_auth_api_key'),
    // A session acts in one account, as long as the person is still a member there.
    session: db
      .select({ session: sessions, user: member, account: accounts })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(memberships, and(eq(memberships.accountId, sessions.accountId), eq(memberships.userId, sessions.userId)))
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now')), live(sql.placeholder('now'))))
      .prepare('wm_auth_session'),
    account: db.select().from(accounts).where(eq(accounts.id, sql.placeholder('accountId'))).prepare('wm_account'),
    user: db
      .select(member)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, sql.placeholder('accountId')), eq(memberships.userId, sql.placeholder('userId')), live(sql.placeholder('now'))))
      .prepare('wm_user'),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

/** The prepared statements of a (non-transaction) database handle. */
export function hot(db: Db) {
  let q = cache.get(db);
  if (!q) {
    q = prepare(db);
    cache.set(db, q);
  }
  return q;
}
