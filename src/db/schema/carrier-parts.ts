import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';

/**
 * The carrier ids of the parts of a message the carrier took as several parts, each with its own
 * id (SMPP concatenated messages): a receipt names one part, and the message is final once its
 * parts are (worst part wins). Written with the message's `sent` status, in the same statement
 * batch; a single-part message has no row (its id is the message's provider_message_id). Shared by
 * every worker and kept across restarts, so a part's receipt is matched wherever and whenever it
 * arrives. No foreign key to messages (the dispatch hot path), like messages.connection_id.
 */
export const carrierMessageParts = pgTable(
  'carrier_message_parts',
  {
    accountId: uuid('account_id').notNull(),
    provider: text('provider').notNull(),
    /** The part's carrier id, canonical (as the provider reports it in receipts). */
    partId: text('part_id').notNull(),
    messageId: uuid('message_id').notNull(),
    /** 1-based position of the part, and how many parts the message has. */
    part: integer('part').notNull(),
    parts: integer('parts').notNull(),
    /** The part's final receipt status (delivered, undelivered, failed); null until it comes. */
    status: text('status'),
    errorCode: text('error_code'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.provider, t.partId] }),
    index('carrier_message_parts_message_idx').on(t.accountId, t.messageId),
    // The daily sweep (housekeeping.repo deleteCarrierParts): parts older than CARRIER_LEFTOVERS_DAYS, read by time (it walked the table).
    index('carrier_message_parts_created_idx').on(t.createdAt),
  ],
);

/**
 * Batches handed to a carrier that has no idempotency key (SMPP), from just before the hand-over
 * until their outcome is recorded. A claim taken over from a dead worker whose message is listed
 * here may have reached the carrier: it is never resubmitted (it ends failed, outcome_unknown).
 * One row per batch (not per message); deleted when the batch is recorded.
 */
export const dispatchHandovers = pgTable(
  'dispatch_handovers',
  {
    accountId: uuid('account_id').notNull(),
    id: uuid('id').notNull(),
    messageIds: uuid('message_ids').array().notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);
