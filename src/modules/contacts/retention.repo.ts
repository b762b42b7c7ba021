import { txQuery, type Db } from '../../db/client.js';

/**
 * Contacts inactive since the cut-off: created before it, no message since (last_message_at)
 * and no consent change since (consent_updated_at, and no consent event recorded since).
 */
const INACTIVE = `c.account_id = $1 and c.created_at < $2
  and (c.last_message_at is null or c.last_message_at < $2)
  and (c.consent_updated_at is null or c.consent_updated_at < $2)
  and not exists (select 1 from consent_events e where e.account_id = c.account_id and e.contact_id = c.id and e.occurred_at >= $2)`;

export async function countInactive(db: Db, accountId: string, before: Date): Promise<number> {
  const r = await txQuery(db)<{ n: number | string }>(`select count(*) as n from contacts c where ${INACTIVE}`, [accountId, before]);
  return Number(r.rows[0]?.n ?? 0);
}

/** One batch of inactive contacts' ids, locked for the erasure that follows in the same transaction. */
export async function inactiveIds(tx: Db, accountId: string, before: Date, limit: number): Promise<string[]> {
  const r = await txQuery(tx)<{ id: string }>(
    `select c.id from contacts c where ${INACTIVE} order by c.id limit $3 for update of c skip locked`,
    [accountId, before, limit],
  );
  return r.rows.map((x) => x.id);
}
