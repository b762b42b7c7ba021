import { txQuery, type Db } from '../../db/client.js';

/** Which of these media a campaign that may still send (draft, scheduled, running, paused) lists. */
export async function mediaListed(db: Db, accountId: string, mediaIds: string[]): Promise<string[]> {
  if (!mediaIds.length) return [];
  const r = await txQuery(db)<{ id: string }>(
    `select distinct e.id from campaigns c, jsonb_to_recordset(c.media) as e(id text)
     where c.account_id = $1 and c.status in ('draft', 'scheduled', 'running', 'paused') and c.media is not null and e.id = any($2::text[])`,
    [accountId, mediaIds],
  );
  return r.rows.map((x) => x.id);
}
