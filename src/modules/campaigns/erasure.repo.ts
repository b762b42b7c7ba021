import { txQuery, type Db } from '../../db/client.js';

/** Deletes the campaign recipient rows of these contacts (their messages stay, redacted, for the campaign's figures). */
export async function deleteRecipients(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  const r = await txQuery(tx)(`delete from campaign_recipients where account_id = $1 and contact_id = any($2::uuid[]) returning 1`, [accountId, contactIds]);
  return r.rows.length;
}

/**
 * Locks the account's campaigns still fanning out (their rows, FOR UPDATE): a fan-out batch holds its
 * campaign's row from its start to its commit, so an erasure waits for the batches writing now, and
 * the batches after it no longer find the erased contacts (recipient rows carry no foreign key to
 * contacts that would have refused a batch writing for a contact deleted meanwhile).
 */
export async function lockFanouts(tx: Db, accountId: string): Promise<void> {
  await txQuery(tx)(`select id from campaigns where account_id = $1 and fanned_out_at is null and status in ('running', 'scheduled') order by id for update`, [accountId]);
}
