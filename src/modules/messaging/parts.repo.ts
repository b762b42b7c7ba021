import { txQuery, type Db } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
import type { Receipt } from '../../providers/provider.js';
import type { ReceiptTarget } from './receipts.repo.js';

/** One part of a multipart message as stored: its position and its final receipt so far. */
export interface PartRow { message_id: string; part: number; parts: number; status: string | null; error_code: string | null }

/** Writes the parts of messages just marked sent (one statement for the batch). */
export async function insertParts(tx: Db, accountId: string, provider: string, rows: Array<{ messageId: string; partId: string; part: number; parts: number }>): Promise<void> {
  if (!rows.length) return;
  await txQuery(tx)(
    `insert into carrier_message_parts (account_id, provider, part_id, message_id, part, parts)
     select $1, $2, u.part_id, u.message_id, u.part, u.parts from unnest($3::text[], $4::uuid[], $5::int[], $6::int[]) as u(part_id, message_id, part, parts)
     on conflict do nothing`,
    [accountId, provider, rows.map((r) => r.partId), rows.map((r) => r.messageId), rows.map((r) => r.part), rows.map((r) => r.parts)],
  );
}

/**
 * Records final receipts on the parts they name (the first final receipt of a part wins; a
 * duplicate changes nothing). Returns, for every receipt that names a known part, the part's
 * message — also for duplicates, so the caller re-evaluates it.
 */
export async function markParts(tx: Db, receipts: Receipt[]): Promise<Array<{ idx: number; account_id: string; message_id: string }>> {
  if (!receipts.length) return [];
  const { rows } = await txQuery(tx)<{ idx: number; account_id: string; message_id: string }>(
    `with r as (select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as r(account_id, provider, pid, status, error_code, idx)),
     upd as (
       update carrier_message_parts p set status = r.status, error_code = r.error_code
       from (select distinct on (account_id, provider, pid) * from r where status <> 'sent' order by account_id, provider, pid, idx) r
       where p.account_id = r.account_id and p.provider = r.provider and p.part_id = r.pid and p.status is null
       returning p.account_id)
     select (r.idx - 1)::int as idx, p.account_id, p.message_id from r join carrier_message_parts p
       on p.account_id = r.account_id and p.provider = r.provider and p.part_id = r.pid`,
    [receipts.map((r) => r.accountId), receipts.map((r) => r.provider), receipts.map((r) => r.providerMessageId), receipts.map((r) => r.status), receipts.map((r) => r.errorCode ?? null)],
  );
  return rows;
}

/** Locks messages (in id order, so two writers never deadlock) and returns what a receipt needs of them. */
export async function lockMessages(tx: Db, keys: Array<{ account_id: string; message_id: string }>): Promise<ReceiptTarget[]> {
  if (!keys.length) return [];
  const { rows } = await txQuery(tx)<ReceiptTarget>(
    `select m.id, m.account_id, m.status, m.provider, m.provider_message_id from messages m
     join unnest($1::uuid[], $2::uuid[]) as k(account_id, id) on m.account_id = k.account_id and m.id = k.id
     order by m.account_id, m.id for update of m`,
    [keys.map((k) => k.account_id), keys.map((k) => k.message_id)],
  );
  return rows;
}

/** Every part of these messages (read after their messages were locked). */
export async function partsOf(tx: Db, keys: Array<{ account_id: string; message_id: string }>): Promise<Array<PartRow & { account_id: string }>> {
  if (!keys.length) return [];
  const { rows } = await txQuery(tx)<PartRow & { account_id: string }>(
    `select p.account_id, p.message_id, p.part, p.parts, p.status, p.error_code from carrier_message_parts p
     join unnest($1::uuid[], $2::uuid[]) as k(account_id, id) on p.account_id = k.account_id and p.message_id = k.id
     order by p.account_id, p.message_id, p.part`,
    [keys.map((k) => k.account_id), keys.map((k) => k.message_id)],
  );
  return rows;
}

/** Parked receipts (they came before anything knew their id) that now name a known part: taken. */
export async function takeEarlyParts(tx: Db): Promise<Receipt[]> {
  const { rows } = await txQuery(tx)<{ account_id: string; provider: string; provider_message_id: string; status: Receipt['status']; error_code: string | null }>(
    `delete from early_receipts e using carrier_message_parts p
     where p.account_id = e.account_id and p.provider = e.provider and p.part_id = e.provider_message_id
     returning e.account_id, e.provider, e.provider_message_id, e.status, e.error_code`,
  );
  return rows.map((r) => ({ accountId: r.account_id, provider: r.provider, providerMessageId: r.provider_message_id, status: r.status, errorCode: r.error_code ?? undefined }));
}

// ---- hand-over journal (carriers without an idempotency key) ----

export async function insertHandover(tx: Db, accountId: string, id: string, messageIds: string[]): Promise<void> {
  await txQuery(tx)(`insert into dispatch_handovers (account_id, id, message_ids) values ($1, $2, $3::uuid[])`, [accountId, id, pgArray(messageIds)]);
}

export async function deleteHandover(tx: Db, accountId: string, id: string): Promise<void> {
  await txQuery(tx)(`delete from dispatch_handovers where account_id = $1 and id = $2`, [accountId, id]);
}

/** Narrows a journaled hand-over to these of its messages. */
export async function keepInHandover(tx: Db, accountId: string, id: string, messageIds: string[]): Promise<void> {
  await txQuery(tx)(
    `update dispatch_handovers h set message_ids = array(select x from unnest(h.message_ids) as x where x = any($3::uuid[]))
     where h.account_id = $1 and h.id = $2`,
    [accountId, id, pgArray(messageIds)],
  );
}

/** Drops these messages from a journaled hand-over (never submitted); the row goes when it lists nothing more. */
export async function unlistHandover(tx: Db, accountId: string, id: string, messageIds: string[]): Promise<void> {
  if (!messageIds.length) return;
  const q = txQuery(tx);
  const { rows } = await q<{ n: number }>(
    `update dispatch_handovers h set message_ids = array(select x from unnest(h.message_ids) as x where x <> all($3::uuid[]))
     where h.account_id = $1 and h.id = $2 returning cardinality(h.message_ids)::int as n`,
    [accountId, id, pgArray(messageIds)],
  );
  if (rows[0]?.n === 0) await q(`delete from dispatch_handovers where account_id = $1 and id = $2 and cardinality(message_ids) = 0`, [accountId, id]);
}

/** Which of these messages a journaled hand-over lists (a batch that may have reached the carrier). */
export async function handedOver(tx: Db, accountId: string, messageIds: string[]): Promise<Set<string>> {
  if (!messageIds.length) return new Set();
  const { rows } = await txQuery(tx)<{ id: string }>(
    `select distinct m.id from dispatch_handovers h cross join lateral unnest(h.message_ids) as m(id)
     where h.account_id = $1 and h.message_ids && $2::uuid[] and m.id = any($2::uuid[])`,
    [accountId, messageIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Drops journal rows none of whose messages is still waiting to be sent (after a takeover settled them). */
export async function dropSettledHandovers(tx: Db, accountId: string, messageIds: string[]): Promise<void> {
  if (!messageIds.length) return;
  await txQuery(tx)(
    `delete from dispatch_handovers h where h.account_id = $1 and h.message_ids && $2::uuid[]
     and not exists (select 1 from messages m where m.account_id = h.account_id and m.id = any(h.message_ids) and m.status in ('scheduled', 'queued'))`,
    [accountId, messageIds],
  );
}
