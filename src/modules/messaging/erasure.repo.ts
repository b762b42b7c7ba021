import { txQuery, type Db } from '../../db/client.js';

const WAITING = `('accepted', 'scheduled', 'queued')`;

export interface ErasedMessages { messageIds: string[]; mediaIds: string[]; conversationIds: string[] }

/**
 * Redacts the messages of these contacts or numbers (E.164): body, media list, keyword, the
 * person's side of the addresses, idempotency key and request hash; the row stays (status,
 * segments, carrier record: usage and campaign figures) naming no one. A text still waiting to
 * be sent is canceled (recipient_erased): there is nobody to send it to any more.
 */
export async function redactMessages(tx: Db, accountId: string, contactIds: string[], phones: string[]): Promise<ErasedMessages> {
  const q = txQuery(tx);
  const found = await q<{ id: string; media: Array<{ id: string | null }> | null; conversation_id: string | null; provider: string | null; provider_message_id: string | null }>(
    `select id, media, conversation_id, provider, provider_message_id from messages
      where account_id = $1 and (contact_id = any($2::uuid[])
        or (direction = 'outbound' and "to" = any($3::text[])) or (direction = 'inbound' and "from" = any($3::text[])))
      for update`,
    [accountId, contactIds, phones],
  );
  const ids = found.rows.map((r) => r.id);
  if (!ids.length) return { messageIds: [], mediaIds: [], conversationIds: [] };
  await q(
    `update messages set body = '', media = null, keyword = null, error_message = null, idempotency_key = null, request_hash = null,
        "to" = case when direction = 'outbound' then '' else "to" end,
        "from" = case when direction = 'inbound' then '' else "from" end,
        contact_id = null, conversation_id = null,
        error_code = case when status in ${WAITING} then 'recipient_erased' else error_code end,
        next_attempt_at = case when status in ${WAITING} then null else next_attempt_at end,
        claimed_until = case when status in ${WAITING} then null else claimed_until end,
        status = case when status in ${WAITING} then 'canceled' else status end,
        updated_at = now()
      where account_id = $1 and id = any($2::uuid[])`,
    [accountId, ids],
  );
  const carrierIds = found.rows.filter((r) => r.provider && r.provider_message_id);
  await q(`delete from carrier_message_parts where account_id = $1 and message_id = any($2::uuid[])`, [accountId, ids]);
  if (carrierIds.length) {
    await q(
      `delete from early_receipts where account_id = $1 and (provider, provider_message_id) in (select * from unnest($2::text[], $3::text[]))`,
      [accountId, carrierIds.map((r) => r.provider), carrierIds.map((r) => r.provider_message_id)],
    );
  }
  return {
    messageIds: ids,
    mediaIds: found.rows.flatMap((r) => (r.media ?? []).map((m) => m.id).filter((x): x is string => !!x)),
    conversationIds: [...new Set(found.rows.map((r) => r.conversation_id).filter((x): x is string => !!x))],
  };
}

/** Sticky-sender assignments of these contacts. */
export async function deletePoolSenders(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  const r = await txQuery(tx)(`delete from pool_senders where account_id = $1 and contact_id = any($2::uuid[]) returning 1`, [accountId, contactIds]);
  return r.rows.length;
}
