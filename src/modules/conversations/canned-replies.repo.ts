import { txQuery, type Db, type RawQuery } from '../../db/client.js';

export interface CannedReplyRow { id: string; shortcut: string; body: string; created_at: Date; updated_at: Date }

const COLS = 'id, shortcut, body, created_at, updated_at';

export async function listCannedReplies(q: RawQuery, accountId: string) {
  const { rows } = await q<CannedReplyRow>(`select ${COLS} from canned_replies where account_id = $1 order by lower(shortcut), id limit 1000`, [accountId]);
  return rows;
}

export async function findCannedReply(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<CannedReplyRow>(`select ${COLS} from canned_replies where account_id = $1 and id = $2`, [accountId, id]);
  return r ?? null;
}

export async function insertCannedReply(tx: Db, r: { id: string; accountId: string; shortcut: string; body: string; createdBy: string | null }) {
  await txQuery(tx)(`insert into canned_replies (id, account_id, shortcut, body, created_by) values ($1, $2, $3, $4, $5)`, [r.id, r.accountId, r.shortcut, r.body, r.createdBy]);
}

export async function updateCannedReply(tx: Db, accountId: string, id: string, patch: { shortcut?: string; body?: string }) {
  await txQuery(tx)(
    `update canned_replies set shortcut = coalesce($3, shortcut), body = coalesce($4, body), updated_at = now() where account_id = $1 and id = $2`,
    [accountId, id, patch.shortcut ?? null, patch.body ?? null],
  );
}

export async function deleteCannedReply(tx: Db, accountId: string, id: string) {
  await txQuery(tx)(`delete from canned_replies where account_id = $1 and id = $2`, [accountId, id]);
}
