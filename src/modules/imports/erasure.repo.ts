import { txQuery, type Db } from '../../db/client.js';

export interface StoredUpload { id: string; chunks: number; importIds: string[] }

/** The account's stored uploads, with the imports that read them. */
export async function uploadsOf(tx: Db, accountId: string): Promise<StoredUpload[]> {
  const r = await txQuery(tx)<{ id: string; chunks: number; import_ids: string[] | null }>(
    `select u.id, u.chunks, array_remove(array_agg(i.id), null) as import_ids
       from uploads u left join imports i on i.account_id = u.account_id and i.upload_id = u.id
      where u.account_id = $1 group by u.id, u.chunks order by u.id`,
    [accountId],
  );
  return r.rows.map((x) => ({ id: x.id, chunks: Number(x.chunks), importIds: x.import_ids ?? [] }));
}

/** Every chunk of an upload, in order (locked: an erasure rewrites some). */
export async function chunksOf(tx: Db, accountId: string, uploadId: string): Promise<Uint8Array[]> {
  const r = await txQuery(tx)<{ seq: number; data: Uint8Array }>(
    `select seq, data from upload_chunks where account_id = $1 and upload_id = $2 order by seq for update`,
    [accountId, uploadId],
  );
  return r.rows.map((x) => (x.data instanceof Uint8Array ? x.data : new Uint8Array(x.data as ArrayBuffer)));
}

export async function rewriteChunk(tx: Db, accountId: string, uploadId: string, seq: number, data: Uint8Array): Promise<void> {
  await txQuery(tx)(`update upload_chunks set data = $4 where account_id = $1 and upload_id = $2 and seq = $3`, [accountId, uploadId, seq, data]);
}

/** Deletes the import errors of these rows, or whose value is one of the numbers (digits) or emails. */
export async function deleteErrors(tx: Db, accountId: string, importIds: string[], rows: number[], digits: string[], emails: string[]): Promise<number> {
  const r = await txQuery(tx)(
    `delete from import_errors where account_id = $1 and (
        (import_id = any($2::uuid[]) and row_number = any($3::int[]))
        or (value is not null and (regexp_replace(value, '\\D', '', 'g') = any($4::text[]) or lower(trim(value)) = any($5::text[]))))
      returning 1`,
    [accountId, importIds, rows, digits, emails],
  );
  return r.rows.length;
}
