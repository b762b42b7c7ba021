import { txQuery, type Db } from '../../db/client.js';

/** The logins that belong to this account only (no membership elsewhere): they go with it. */
export async function usersOnlyIn(tx: Db, accountId: string): Promise<Array<{ id: string; email: string }>> {
  const r = await txQuery(tx)<{ id: string; email: string }>(
    `select u.id, u.email from users u join memberships m on m.user_id = u.id and m.account_id = $1
      where not exists (select 1 from memberships o where o.user_id = u.id and o.account_id <> $1)`,
    [accountId],
  );
  return r.rows;
}

/**
 * Deletes logins and what the platform keeps about them outside any account: their sessions,
 * reset and email-change links and sign-in history (cascades), sign-up requests, every mail of
 * the email log to their address (outside an account, and in accounts they have left: a mention,
 * an invitation), every invitation to their address in any account (spent, expired or still open:
 * the mail carrying its link goes in the same step; the account may invite the address again),
 * and failed sign-in counters of their address.
 */
export async function deleteUsers(tx: Db, users: Array<{ id: string; email: string }>): Promise<Record<string, number>> {
  if (!users.length) return {};
  const q = txQuery(tx);
  const emails = users.map((u) => u.email.toLowerCase());
  const count = async (sql: string, params: unknown[]) => (await q(`with d as (${sql} returning 1) select count(*)::int as n from d`, params)).rows[0] as { n: number };
  return {
    signup_requests: (await count(`delete from signup_requests where lower(email) = any($1::text[])`, [emails])).n,
    emails: (await count(`delete from emails where lower("to") = any($1::text[])`, [emails])).n,
    invitations: (await count(`delete from invitations where lower(email) = any($1::text[])`, [emails])).n,
    auth_throttle: (await count(`delete from auth_throttle where key = any($1::text[])`, [emails.map((e) => `login:email:${e}`)])).n,
    users: (await count(`delete from users where id = any($1::uuid[])`, [users.map((u) => u.id)])).n,
  };
}
