import { txQuery, type Db } from '../../db/client.js';

/** An in-app notification (the notifications table of the inbox's bell) for an SLA warning or breach. */
export async function insertSlaNotification(tx: Db, n: { id: string; accountId: string; userId: string; kind: string; conversationId: string }) {
  await txQuery(tx)(
    `insert into notifications (id, account_id, user_id, kind, conversation_id)
     select $1, $2, $3, $4, $5 where exists (select 1 from memberships m where m.account_id = $2 and m.user_id = $3)`,
    [n.id, n.accountId, n.userId, n.kind, n.conversationId],
  );
}
