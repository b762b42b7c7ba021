import { txQuery, type Db, type RawQuery } from '../../db/client.js';

export interface NotificationRow {
  id: string;
  kind: string;
  actor_user_id: string | null;
  actor_name: string | null;
  conversation_id: string | null;
  note_id: string | null;
  note_body: string | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  contact_phone: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function insertNotifications(tx: Db, rows: Array<{ id: string; accountId: string; userId: string; kind: string; actorUserId: string | null; conversationId: string; noteId: string }>) {
  for (const r of rows) {
    await txQuery(tx)(
      `insert into notifications (id, account_id, user_id, kind, actor_user_id, conversation_id, note_id) values ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.accountId, r.userId, r.kind, r.actorUserId, r.conversationId, r.noteId],
    );
  }
}

/** A member's notifications in an account, newest first; the note's text and contact are read live (not copied). */
export async function listNotifications(q: RawQuery, accountId: string, userId: string, unreadOnly: boolean, limit: number) {
  const { rows } = await q<NotificationRow>(
    `select x.id, x.kind, x.actor_user_id, au.name as actor_name, x.conversation_id, x.note_id, n.body as note_body,
            ct.first_name as contact_first_name, ct.last_name as contact_last_name, ct.phone as contact_phone, x.created_at, x.read_at
       from notifications x
       left join users au on au.id = x.actor_user_id
       left join conversation_notes n on n.account_id = x.account_id and n.id = x.note_id
       left join conversations c on c.account_id = x.account_id and c.id = x.conversation_id
       left join contacts ct on ct.account_id = c.account_id and ct.id = c.contact_id
      where x.account_id = $1 and x.user_id = $2 and ($3::boolean is false or x.read_at is null)
      order by x.created_at desc, x.id desc limit $4`,
    [accountId, userId, unreadOnly, limit],
  );
  return rows;
}

export async function unreadCount(q: RawQuery, accountId: string, userId: string) {
  const { rows: [r] } = await q<{ n: number | string }>(`select count(*) as n from notifications where account_id = $1 and user_id = $2 and read_at is null`, [accountId, userId]);
  return Number(r?.n ?? 0);
}

/** Marks some (ids) or all of a member's notifications read; the number marked. */
export async function markRead(q: RawQuery, accountId: string, userId: string, ids: string[] | null) {
  const { rows } = await q(
    `update notifications set read_at = now() where account_id = $1 and user_id = $2 and read_at is null and ($3::uuid[] is null or id = any($3::uuid[])) returning 1`,
    [accountId, userId, ids],
  );
  return rows.length;
}
