import { txQuery, type Db } from '../../db/client.js';

/**
 * The business's uploads (no contact) created before `before`, after `afterId`, by id. With `lock`,
 * each is locked for deletion, skipping one a send is listing right now (it holds it, see lockUploads).
 */
export async function oldUploads(db: Db, accountId: string, before: Date, afterId: string | null, limit: number, lock: boolean): Promise<string[]> {
  const { rows } = await txQuery(db)<{ id: string }>(
    `select id from media where account_id = $1 and source = 'upload' and created_at < $2 and ($3::uuid is null or id > $3::uuid)
     order by id limit $4 ${lock ? 'for update skip locked' : ''}`,
    [accountId, before, afterId, limit],
  );
  return rows.map((r) => r.id);
}

/** Deletes these uploads (bytes included); how many. */
export async function deleteUploads(tx: Db, accountId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const { rows } = await txQuery(tx)(`delete from media where account_id = $1 and id = any($2::uuid[]) and source = 'upload' returning 1`, [accountId, ids]);
  return rows.length;
}

/** Holds these uploads until the caller's transaction ends (a retention run skips them, or has deleted them first); the ids still there. */
export async function lockUploads(tx: Db, accountId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await txQuery(tx)<{ id: string }>(`select id from media where account_id = $1 and id = any($2::uuid[]) and source = 'upload' for key share`, [accountId, ids]);
  return rows.map((r) => r.id);
}
