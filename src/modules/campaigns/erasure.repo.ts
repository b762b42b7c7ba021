import { txQuery, type Db } from '../../db/client.js';

/** Deletes the campaign recipient rows of these contacts (their messages stay, redacted, for the campaign's figures). */
export async function deleteRecipients(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  const r = await txQuery(tx)(`delete from campaign_recipients where account_id = $1 and contact_id = any($2::uuid[]) returning 1`, [accountId, contactIds]);
  return r.rows.length;
}
