import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * Twilio-compatible API (issue 12, src/modules/twilio-compat). The account SID (`AC…`) is a
 * column of `accounts`, the API key SIDs (`SK…`) a column of `api_keys`; message SIDs (`SM…`)
 * and messaging service SIDs (`MG…`) are the row uuids in hex (no storage).
 *
 * The account's auth token: 32 hex characters, sealed with the secret box (purpose
 * `twilio.auth-token`, bound to the account id). It signs our callbacks (X-Twilio-Signature)
 * and is accepted as the Basic password with the account SID. Rotation replaces it.
 */
export const twilioAuthTokens = pgTable(
  'twilio_auth_tokens',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    token: text('token').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId] })],
);

/** What a message sent through the Twilio-compatible API asked for beyond our own send: its messaging service and StatusCallback. */
export const twilioMessages = pgTable(
  'twilio_messages',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    messageId: uuid('message_id').notNull(),
    /** The number pool named by MessagingServiceSid (MG + its uuid in hex). */
    poolId: uuid('pool_id'),
    statusCallback: text('status_callback'),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.messageId] })],
);

/**
 * One status change of such a message to its StatusCallback: at least once, from the outbox
 * (one row per outbox event, unique), claimed with SKIP LOCKED. The form is built when sent
 * from the message row (no phone numbers stored here).
 */
export const twilioStatusCallbacks = pgTable(
  'twilio_status_callbacks',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    messageId: uuid('message_id').notNull(),
    outboxEventId: bigint('outbox_event_id', { mode: 'number' }).notNull(),
    /** The message status this callback reports (our vocabulary; mapped to Twilio's when sent). */
    messageStatus: text('message_status').notNull(),
    errorCode: text('error_code'),
    url: text('url').notNull(),
    /** pending | succeeded | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    claimedUntil: ts('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: ts('last_attempt_at'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('twilio_status_callbacks_event_uq').on(t.accountId, t.outboxEventId),
    index('twilio_status_callbacks_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('twilio_status_callbacks_message_idx').on(t.accountId, t.messageId, t.createdAt),
  ],
);
