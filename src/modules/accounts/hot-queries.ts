import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, apiKeys, sessions, users } from '../../db/schema/index.js';

/**
 * The queries every authenticated request runs, prepared once per database handle: Drizzle
 * skips rebuilding the SQL, and PostgreSQL skips re-planning (named prepared statements).
 * Measured in bench/auth.bench.ts.
 */
function prepare(db: Db) {
  return {
    apiKey: db
      .select({ key: apiKeys, account: accounts, user: users })
      .from(apiKeys)
      .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
      .leftJoin(users, and(eq(users.id, apiKeys.createdBy), eq(users.accountId, apiKeys.accountId)))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
      .prepare('wm_auth_api_key'),
    session: db
      .select({ session: sessions, user: users, account: accounts })
      .from(sessions)
      .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.accountId, sessions.accountId)))
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
      .prepare('wm_auth_session'),
    account: db.select().from(accounts).where(eq(accounts.id, sql.placeholder('accountId'))).prepare('wm_account'),
    user: db
      .select()
      .from(users)
      .where(and(eq(users.accountId, sql.placeholder('accountId')), eq(users.id, sql.placeholder('userId'))))
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
