import { txQuery, type Db } from '../../db/client.js';

/**
 * Uploads older than the cut-off whose file is still stored, and that no import is reading
 * (queued or running): their chunks are the file.
 */
const OLD = `u.account_id = $1 and u.created_at < $2
  and exists (select 1 from upload_chunks c where c.account_id = u.account_id and c.upload_id = u.id)
  and not exists (select 1 from imports i where i.account_id = u.account_id and i.upload_id = u.id and i.status in ('queued', 'running'))`;

export async function countOldUploads(db: Db, accountId: string, before: Date): Promise<number> {
  const r = await txQuery(db)<{ n: number | string }>(`select count(*) as n from uploads u where ${OLD}`, [accountId, before]);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Deletes one batch of old files: an upload no import used goes whole; one an import used keeps
 * its row (the import names its file) without its chunks, and the raw values of its import
 * errors are cleared (they are cells of the file). Returns how many files went.
 */
export async function deleteOldUploads(tx: Db, accountId: string, before: Date, limit: number): Promise<number> {
  const q = txQuery(tx);
  const picked = await q<{ id: string; used: boolean }>(
    `select u.id, exists (select 1 from imports i where i.account_id = u.account_id and i.upload_id = u.id) as used
       from uploads u where ${OLD} order by u.id limit $3 for update of u skip locked`,
    [accountId, before, limit],
  );
  const ids = picked.rows.map((r) => r.id);
  if (!ids.length) return 0;
  await q(`delete from upload_chunks where account_id = $1 and upload_id = any($2::uuid[])`, [accountId, ids]);
  await q(
    `update import_errors e set value = null from imports i
      where e.account_id = $1 and i.account_id = e.account_id and i.id = e.import_id and i.upload_id = any($2::uuid[]) and e.value is not null`,
    [accountId, ids],
  );
  const unused = picked.rows.filter((r) => !r.used).map((r) => r.id);
  if (unused.length) await q(`delete from uploads where account_id = $1 and id = any($2::uuid[])`, [accountId, unused]);
  return ids.length;
}

/**
 * Uploads of any account created before the cut-off that no import refers to (a preview never
 * imported, a refused or broken-off upload): one batch deleted with its chunks. Returns how many.
 */
export async function deleteAbandonedUploads(tx: Db, before: Date, limit: number): Promise<number> {
  const q = txQuery(tx);
  const picked = await q<{ id: string; account_id: string }>(
    `select u.id, u.account_id from uploads u
      where u.created_at < $1 and not exists (select 1 from imports i where i.account_id = u.account_id and i.upload_id = u.id)
      order by u.created_at limit $2 for update of u skip locked`,
    [before, limit],
  );
  if (!picked.rows.length) return 0;
  const keys = [picked.rows.map((r) => r.account_id), picked.rows.map((r) => r.id)];
  await q(`delete from upload_chunks c using unnest($1::uuid[], $2::uuid[]) as d(account_id, id) where c.account_id = d.account_id and c.upload_id = d.id`, keys);
  await q(`delete from uploads u using unnest($1::uuid[], $2::uuid[]) as d(account_id, id) where u.account_id = d.account_id and u.id = d.id`, keys);
  return picked.rows.length;
}
