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
 * A queued mail this much older than now will never be sent: email.deliver's retries (8, backing off
 * from 2 s, each attempt expiring after 15 min) end within hours.
 */
export const MAIL_GIVEN_UP_MS = 86_400_000;

/**
 * Deletes logins and what the platform keeps about them outside any account: their sessions,
 * reset and email-change links and sign-in history (cascades), sign-up requests, failed sign-in
 * counters of their address, the mail of the email log to their address outside any account, and
 * in other accounts (which they may have left, or never joined) what serves that account no more:
 * mail already sent (a mention, an invitation's link) or given up on, and invitations spent,
 * revoked or expired. The person asked nothing of those accounts (the erasure runs because the
 * account they last belonged to was deleted by its owner), so another account's mail still
 * queued to the address (the answer to a request the person made to it, a code) is still sent,
 * and its open invitation stays open (the erasure of that account or of the person's data there
 * removes them). `now` is the caller's clock.
 */
export async function deleteUsers(tx: Db, users: Array<{ id: string; email: string }>, now: Date): Promise<Record<string, number>> {
  if (!users.length) return {};
  const q = txQuery(tx);
  const emails = users.map((u) => u.email.toLowerCase());
  const count = async (sql: string, params: unknown[]) => (await q(`with d as (${sql} returning 1) select count(*)::int as n from d`, params)).rows[0] as { n: number };
  const givenUp = new Date(now.getTime() - MAIL_GIVEN_UP_MS);
  return {
    signup_requests: (await count(`delete from signup_requests where lower(email) = any($1::text[])`, [emails])).n,
    emails: (await count(
      `delete from emails where lower("to") = any($1::text[])
        and (account_id is null or sent_at is not null or status <> 'queued' or created_at < $2)`,
      [emails, givenUp],
    )).n,
    invitations: (await count(
      `delete from invitations where lower(email) = any($1::text[])
        and (accepted_at is not null or revoked_at is not null or expires_at <= $2)`,
      [emails, now],
    )).n,
    auth_throttle: (await count(`delete from auth_throttle where key = any($1::text[])`, [emails.map((e) => `login:email:${e}`)])).n,
    users: (await count(`delete from users where id = any($1::uuid[])`, [users.map((u) => u.id)])).n,
  };
}
