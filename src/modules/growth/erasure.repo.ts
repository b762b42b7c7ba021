import { txQuery, type Db } from '../../db/client.js';

/** Deletes the pending opt-ins of these contacts or numbers (E.164). */
export async function deletePendingOptIns(tx: Db, accountId: string, contactIds: string[], phones: string[]): Promise<number> {
  const r = await txQuery(tx)(
    `delete from pending_opt_ins where account_id = $1 and (contact_id = any($2::uuid[]) or phone = any($3::text[])) returning 1`,
    [accountId, contactIds, phones],
  );
  return r.rows.length;
}
