import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/**
 * Which carriers the account's messages went through: per provider and connection (the record
 * the dispatcher writes at hand-over, DESIGN "sharing with carriers is recorded"), how many
 * messages each way and the first and last. One pass over the account's messages.
 */
export async function carrierShares(db: Db, accountId: string) {
  const r = (await db.execute(sql`
    select provider, connection_id,
      count(*) filter (where direction = 'outbound')::int as outbound,
      count(*) filter (where direction = 'inbound')::int as inbound,
      min(coalesce(sent_at, created_at)) as first_at,
      max(coalesce(sent_at, created_at)) as last_at
    from messages
    where account_id = ${accountId} and (connection_id is not null or provider is not null)
    group by provider, connection_id
    order by max(coalesce(sent_at, created_at)) desc`)) as unknown as {
    rows: Array<{ provider: string | null; connection_id: string | null; outbound: number; inbound: number; first_at: Date | string; last_at: Date | string }>;
  };
  return r.rows;
}
