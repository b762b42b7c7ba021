import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/** What the answer's TwiML did (null until a 2xx answer was read). */
export interface TwimlOutcome {
  /** The <Message> verbs found (0 for an empty <Response/>). */
  messages: number;
  /** One entry per <Message>: the reply queued (message id), or why none was (e.g. recipient_opted_out). */
  replies: Array<{ messageId: string | null; reason: string | null }>;
  /** A TwiML problem (Twilio's error code and our words), e.g. 12100 document parse failure, 14109 more than 10 replies (the rest refused). */
  error: { code: number; message: string } | null;
  /** Verbs we read but do not carry out (e.g. Redirect). */
  ignored: string[];
}

/**
 * Twilio-compatible inbound webhooks (issue 12): one row per inbound text of a number that has
 * a Twilio SMS URL, posted in Twilio's form and signed with X-Twilio-Signature, at least once.
 * Claimed with SKIP LOCKED like webhook deliveries; the TwiML answer's replies carry once-only
 * keys derived from the row id, so a retried delivery never sends a reply twice.
 */
export const twilioInboundDeliveries = pgTable(
  'twilio_inbound_deliveries',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    /** The inbound message (its Twilio SID is derived from this id). */
    messageId: uuid('message_id').notNull(),
    numberId: uuid('number_id').notNull(),
    /** The number's Twilio SMS URL when the text arrived. */
    url: text('url').notNull(),
    /** pending | succeeded | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    claimedUntil: ts('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: ts('last_attempt_at'),
    outcome: jsonb('outcome').$type<TwimlOutcome>(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('twilio_inbound_deliveries_message_uq').on(t.accountId, t.messageId),
    index('twilio_inbound_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('twilio_inbound_deliveries_number_idx').on(t.accountId, t.numberId, t.createdAt),
  ],
);

/** Each attempt: the answer's status and first 64 KB (the TwiML), the error, the latency. */
export const twilioInboundAttempts = pgTable(
  'twilio_inbound_attempts',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    deliveryId: uuid('delivery_id').notNull(),
    url: text('url').notNull(),
    statusCode: integer('status_code'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'twilio_inbound_attempts_delivery_fk', columns: [t.accountId, t.deliveryId], foreignColumns: [twilioInboundDeliveries.accountId, twilioInboundDeliveries.id] }).onDelete('cascade'),
    index('twilio_inbound_attempts_delivery_idx').on(t.accountId, t.deliveryId, t.createdAt),
  ],
);
