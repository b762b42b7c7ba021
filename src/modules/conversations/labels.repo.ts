import { txQuery, type Db, type RawQuery } from '../../db/client.js';

export interface LabelRow { id: string; name: string; color: string; position: number; created_at: Date; conversations: number | string }

const LABEL = `select l.id, l.name, l.color, l.position, l.created_at,
    (select count(*) from conversation_labels cl where cl.account_id = l.account_id and cl.label_id = l.id) as conversations
  from labels l`;

export async function listLabels(q: RawQuery, accountId: string) {
  const { rows } = await q<LabelRow>(`${LABEL} where l.account_id = $1 order by l.position, lower(l.name) limit 500`, [accountId]);
  return rows;
}

export async function findLabel(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<LabelRow>(`${LABEL} where l.account_id = $1 and l.id = $2`, [accountId, id]);
  return r ?? null;
}

/** Which of these ids are labels of the account. */
export async function existingLabelIds(q: RawQuery, accountId: string, ids: string[]) {
  const { rows } = await q<{ id: string }>(`select id from labels where account_id = $1 and id = any($2::uuid[])`, [accountId, ids]);
  return rows.map((r) => r.id);
}

export async function insertLabel(tx: Db, l: { id: string; accountId: string; name: string; color: string }) {
  await txQuery(tx)(`insert into labels (id, account_id, name, color) values ($1, $2, $3, $4)`, [l.id, l.accountId, l.name, l.color]);
}

export async function updateLabel(tx: Db, accountId: string, id: string, patch: { name?: string; color?: string }) {
  await txQuery(tx)(`update labels set name = coalesce($3, name), color = coalesce($4, color) where account_id = $1 and id = $2`, [accountId, id, patch.name ?? null, patch.color ?? null]);
}

/** Deletes a label (its conversation_labels go by cascade); the conversations that had it. */
export async function deleteLabel(tx: Db, accountId: string, id: string) {
  const { rows } = await txQuery(tx)<{ conversation_id: string }>(`select conversation_id from conversation_labels where account_id = $1 and label_id = $2`, [accountId, id]);
  await txQuery(tx)(`delete from labels where account_id = $1 and id = $2`, [accountId, id]);
  return rows.map((r) => r.conversation_id);
}

export async function conversationLabelIds(q: RawQuery, accountId: string, conversationId: string) {
  const { rows } = await q<{ label_id: string }>(`select label_id from conversation_labels where account_id = $1 and conversation_id = $2`, [accountId, conversationId]);
  return rows.map((r) => r.label_id);
}

/** Sets a conversation's labels to exactly these. */
export async function setConversationLabels(tx: Db, accountId: string, conversationId: string, labelIds: string[]) {
  const q = txQuery(tx);
  await q(`delete from conversation_labels where account_id = $1 and conversation_id = $2 and not (label_id = any($3::uuid[]))`, [accountId, conversationId, labelIds]);
  await q(
    `insert into conversation_labels (account_id, conversation_id, label_id) select $1, $2, x from unnest($3::uuid[]) x on conflict do nothing`,
    [accountId, conversationId, labelIds],
  );
}
