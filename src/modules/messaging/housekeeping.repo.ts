import { txQuery, type Db } from '../../db/client.js';

/** Statuses of a text that may still be handed to a carrier (messaging/retention.repo's "still waiting to go"). */
const WAITING = `('accepted', 'scheduled', 'queued', 'sending')`;

/** Deletes up to `limit` parked receipts received before `before`; returns how many. */
export async function deleteParkedReceipts(db: Db, before: Date, limit: number): Promise<number> {
  const r = await txQuery(db)(
    `delete from early_receipts where ctid = any(array(select ctid from early_receipts where received_at < $1 limit $2)) returning 1`,
    [before, limit],
  );
  return r.rows.length;
}

/** Deletes up to `limit` rows of multipart carrier ids written before `before`; returns how many. */
export async function deleteCarrierParts(db: Db, before: Date, limit: number): Promise<number> {
  const r = await txQuery(db)(
    `delete from carrier_message_parts where ctid = any(array(select ctid from carrier_message_parts where created_at < $1 limit $2)) returning 1`,
    [before, limit],
  );
  return r.rows.length;
}

/**
 * Deletes up to `limit` hand-over journal rows written before `before` none of whose texts may
 * still be handed over (all settled, or gone): a takeover could never read them again.
 */
export async function deleteSettledJournalRows(db: Db, before: Date, limit: number): Promise<number> {
  const r = await txQuery(db)(
    `delete from dispatch_handovers where ctid = any(array(
       select h.ctid from dispatch_handovers h
       where h.created_at < $1
         and not exists (select 1 from messages m where m.account_id = h.account_id and m.id = any(h.message_ids) and m.status in ${WAITING})
       limit $2)) returning 1`,
    [before, limit],
  );
  return r.rows.length;
}
