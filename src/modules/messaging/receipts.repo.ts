import { txPrepared, txQuery, type Db } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
import type { Receipt } from '../../providers/provider.js';

/** A message a receipt may be about: always looked up within the account the receipt came for. */
export interface ReceiptTarget { id: string; account_id: string; status: string; provider: string; provider_message_id: string }

/**
 * The account's messages these receipts name, locked for the status write. Prepared: planning the
 * join cost about as much as running it for a batch of callbacks; the generic plan reads each
 * receipt's message by key (messages_provider_uq) as the custom plans did.
 */
export async function lockTargets(tx: Db, receipts: Receipt[]): Promise<ReceiptTarget[]> {
  const { rows } = await txPrepared(tx)<ReceiptTarget>(
    'wm_receipt_targets',
    `select m.id, m.account_id, m.status, m.provider, m.provider_message_id from messages m
     join unnest($1::uuid[], $2::text[], $3::text[]) as r(account_id, provider, pid)
       on m.account_id = r.account_id and m.provider = r.provider and m.provider_message_id = r.pid
     for update of m`,
    [pgArray(receipts.map((r) => r.accountId)), pgArray(receipts.map((r) => r.provider)), pgArray(receipts.map((r) => r.providerMessageId))],
  );
  return rows;
}

/** Keeps receipts whose message is not marked sent yet, for the account they came for. */
export async function parkEarly(tx: Db, receipts: Receipt[]): Promise<void> {
  if (!receipts.length) return;
  await txQuery(tx)(
    `insert into early_receipts (account_id, provider, provider_message_id, status, error_code)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) on conflict do nothing`,
    [receipts.map((r) => r.accountId), receipts.map((r) => r.provider), receipts.map((r) => r.providerMessageId), receipts.map((r) => r.status), receipts.map((r) => r.errorCode ?? null)],
  );
}

/** Takes the parked receipts of these carrier ids of one account (in the transaction that marks them sent). */
export async function takeEarly(tx: Db, accountId: string, provider: string, providerMessageIds: string[]): Promise<Receipt[]> {
  if (!providerMessageIds.length) return [];
  const { rows } = await txQuery(tx)<{ provider_message_id: string; status: Receipt['status']; error_code: string | null }>(
    `delete from early_receipts where account_id = $1 and provider = $2 and provider_message_id = any($3::text[])
     returning provider_message_id, status, error_code`,
    [accountId, provider, providerMessageIds],
  );
  return rows.map((r) => ({ accountId, provider, providerMessageId: r.provider_message_id, status: r.status, errorCode: r.error_code ?? undefined }));
}

/** Parked receipts whose message (of the same account) now has its carrier id: taken, with their messages locked. */
export async function takeMatchedEarly(tx: Db): Promise<Array<ReceiptTarget & { r_status: Receipt['status']; error_code: string | null }>> {
  const { rows } = await txQuery(tx)<ReceiptTarget & { r_status: Receipt['status']; error_code: string | null }>(
    `with e as (
       delete from early_receipts e using messages m
       where m.account_id = e.account_id and m.provider = e.provider and m.provider_message_id = e.provider_message_id
       returning m.id, m.account_id, m.provider, m.provider_message_id, e.status as r_status, e.error_code)
     select e.*, m.status from e join messages m on m.account_id = e.account_id and m.id = e.id for update of m`,
  );
  return rows;
}
