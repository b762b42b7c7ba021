import { txQuery, type Db } from '../../db/client.js';

/**
 * Deletes the media of these contacts (received from them or fetched for them) and the media
 * their erased messages listed, except the business's own uploads (which name no one).
 */
export async function deleteContactMedia(tx: Db, accountId: string, contactIds: string[], mediaIds: string[]): Promise<number> {
  const r = await txQuery(tx)(
    `delete from media where account_id = $1 and (contact_id = any($2::uuid[]) or (id = any($3::uuid[]) and source <> 'upload')) returning 1`,
    [accountId, contactIds, mediaIds],
  );
  return r.rows.length;
}
