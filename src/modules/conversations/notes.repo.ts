import { txQuery, type Db, type RawQuery } from '../../db/client.js';

export interface NoteRow {
  id: string;
  conversation_id: string;
  author_user_id: string | null;
  author_name: string | null;
  body: string;
  mentioned_user_ids: string[];
  created_at: Date;
}

const NOTE = `select n.id, n.conversation_id, n.author_user_id, u.name as author_name, n.body, n.mentioned_user_ids, n.created_at
  from conversation_notes n left join users u on u.id = n.author_user_id`;

export async function insertNote(tx: Db, n: { id: string; accountId: string; conversationId: string; authorUserId: string | null; body: string; mentionedUserIds: string[] }) {
  await txQuery(tx)(
    `insert into conversation_notes (id, account_id, conversation_id, author_user_id, body, mentioned_user_ids) values ($1, $2, $3, $4, $5, $6::uuid[])`,
    [n.id, n.accountId, n.conversationId, n.authorUserId, n.body, n.mentionedUserIds],
  );
}

export async function findNote(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<NoteRow>(`${NOTE} where n.account_id = $1 and n.id = $2`, [accountId, id]);
  return r ?? null;
}

/** A conversation's notes, oldest first. */
export async function listNotes(q: RawQuery, accountId: string, conversationId: string, limit: number) {
  const { rows } = await q<NoteRow>(`${NOTE} where n.account_id = $1 and n.conversation_id = $2 order by n.created_at, n.id limit $3`, [accountId, conversationId, limit]);
  return rows;
}

/** Names of users by id (for the mentions of notes). */
export async function userNames(q: RawQuery, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const { rows } = await q<{ id: string; name: string }>(`select id, name from users where id = any($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
