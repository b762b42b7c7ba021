import { txQuery, type Db } from '../../db/client.js';

/** Deletes the conversations of these contacts (their messages were redacted first and name none). */
export async function deleteConversations(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  const r = await txQuery(tx)(`delete from conversations where account_id = $1 and contact_id = any($2::uuid[]) returning 1`, [accountId, contactIds]);
  return r.rows.length;
}
