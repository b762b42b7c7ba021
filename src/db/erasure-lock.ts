import { txQuery, type Db } from './client.js';

/**
 * An account's erasure lock (transaction-scoped advisory lock per account). A contact erasure, and a
 * redaction or deletion of messages (Twilio-compatible API, a retention batch), hold it exclusively
 * from before they change the messages to their commit; a reader that copies personal data into a
 * row of its own outside the person's tables (the webhook fan-out: a delivery's body) holds it
 * shared from before it reads until it commits. So the copy either commits before the erasure
 * looks for it (and is redacted by it) or reads only what the erasure left — never a copy read
 * before the erasure and stored after it.
 */
const KEY = `hashtextextended('wm.erasure:' || a::text, 0)`;

/** Exclusive, in the erasure's transaction: waits for copies being made in the account. */
export async function lockAccountForErasure(tx: Db, accountId: string): Promise<void> {
  await txQuery(tx)(`select pg_advisory_xact_lock(${KEY}) from (select $1::uuid as a) x`, [accountId]);
}

/** Shared, in the copier's transaction, for every account it copies from (sorted: one order for all). */
export async function holdOffErasures(tx: Db, accountIds: string[]): Promise<void> {
  if (!accountIds.length) return;
  await txQuery(tx)(`select pg_advisory_xact_lock_shared(${KEY}) from unnest($1::uuid[]) a`, [[...new Set(accountIds)].sort()]);
}
