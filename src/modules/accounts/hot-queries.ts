import { and, eq, getTableColumns, gt, isNull, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, apiKeys, memberships, sessions, users } from '../../db/schema/index.js';

/** The columns of a member row: the person's fields with the membership's (role, scopes, expiry). */
export const memberColumns = {
  ...getTableColumns(users),
  accountId: memberships.accountId,
  role: memberships.role,
  scopes: memberships.scopes,
  expiresAt: memberships.expiresAt,
};
/** A membership counts while it has not expired (at `now`: a placeholder, a date, or the database's clock). */
export const liveMembership = (now: SQLWrapper | Date = sql`now()`) => or(isNull(memberships.expiresAt), gt(memberships.expiresAt, now));


/**
 * The queries every authenticated request runs, prepared once per database handle: Drizzle
 * skips rebuilding the SQL, and PostgreSQL skips re-planning (named prepared statements).
 * Measured in bench/auth.bench.ts.
 */
function prepare(db: Db) {
  return {
    // A key acts with at most its creator's *current* membership: no live membership, no key.
    apiKey: db
      // versions: the account's and membership's row versions, so a route that caches this lookup
      // (authn.service.ts, `recheckAuth`) can check in its own statement that neither changed since.
      .select({ key: apiKeys, account: accounts, user: memberColumns, versions: sql<string>`"accounts".xmin::text || ':' || "memberships".xmin::text` })
      .from(apiKeys)
      .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
      .innerJoin(memberships, and(eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, apiKeys.createdBy)))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt), liveMembership(sql.placeholder('now'))))
      .prepare('wm_auth_api_key'),
    // A session acts in one account, as long as the person is still a member there.
    session: db
      .select({ session: sessions, user: memberColumns, account: accounts })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(memberships, and(eq(memberships.accountId, sessions.accountId), eq(memberships.userId, sessions.userId)))
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now')), liveMembership(sql.placeholder('now'))))
      .prepare('wm_auth_session'),
    account: db.select().from(accounts).where(eq(accounts.id, sql.placeholder('accountId'))).prepare('wm_account'),
    user: db
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, sql.placeholder('accountId')), eq(memberships.userId, sql.placeholder('userId')), liveMembership(sql.placeholder('now'))))
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
