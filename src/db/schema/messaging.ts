import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { contacts } from './contacts.js';
import { ts, stamp } from './columns.js';


/** A sending number of an account, on one provider connection. */
export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    phoneNumber: text('phone_number').notNull(),
    provider: text('provider').notNull(),
    providerRef: text('provider_ref'),
    type: text('type').notNull(),
    /** Throughput limit in segments per second (DESIGN: long code 1, toll-free 3, short code 100). */
    mps: real('mps').notNull(),
    keywordReplies: jsonb('keyword_replies').$type<Record<string, string>>().notNull().default({}),
    customKeywords: jsonb('custom_keywords').$type<Array<{ word: string; kind: string; reply?: string }>>().notNull().default([]),
    createdAt: stamp('created_at'),
    releasedAt: ts('released_at'),
  },
  (t) => [
    // Inbound texts are routed by their `to` number: a live number belongs to one account.
    uniqueIndex('phone_numbers_live_uq').on(t.phoneNumber).where(sql`released_at is null`),
    index('phone_numbers_account_idx').on(t.accountId, t.createdAt),
  ],
);

/** Token bucket per sending number, shared by every dispatcher process. */
export const senderBuckets = pgTable('sender_buckets', {
  numberId: uuid('number_id').primaryKey().references(() => phoneNumbers.id),
  accountId: uuid('account_id').notNull(),
  tokens: real('tokens').notNull(),
  refilledAt: ts('refilled_at').notNull(),
});

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    numberId: uuid('number_id').notNull().references(() => phoneNumbers.id),
    status: text('status').notNull().default('open'),
    lastMessageAt: ts('last_message_at'),
    lastInboundAt: ts('last_inbound_at'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    uniqueIndex('conversations_open_uq').on(t.accountId, t.contactId, t.numberId).where(sql`status = 'open'`),
    index('conversations_account_idx').on(t.accountId, t.status, t.lastMessageAt),
  ],
);

/** Messages, and the dispatch queue itself (DESIGN: no second write per message). */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    conversationId: uuid('conversation_id'),
    contactId: uuid('contact_id'),
    numberId: uuid('number_id').notNull(),
    direction: text('direction').notNull(),
    kind: text('kind').notNull().default('conversational'),
    from: text('from').notNull(),
    to: text('to').notNull(),
    body: text('body').notNull(),
    encoding: text('encoding').notNull(),
    segments: integer('segments').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    keyword: jsonb('keyword').$type<{ kind: string; word: string } | null>(),
    sendAt: ts('send_at'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    claimedUntil: ts('claimed_until'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('messages_conversation_idx').on(t.accountId, t.conversationId, t.createdAt),
    uniqueIndex('messages_idempotency_uq').on(t.accountId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    uniqueIndex('messages_provider_uq').on(t.provider, t.providerMessageId).where(sql`provider_message_id is not null`),
    // The queue: only rows waiting to be sent (or whose claim expired) are in this index.
    index('messages_queue_idx').on(t.numberId, t.nextAttemptAt).where(sql`status in ('scheduled', 'queued', 'sending')`),
  ],
);

/** Append-only status history of each message. */
export const messageEvents = pgTable(
  'message_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid('account_id').notNull(),
    messageId: uuid('message_id').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    source: text('source').notNull(),
    at: stamp('at'),
  },
  (t) => [index('message_events_message_idx').on(t.accountId, t.messageId, t.id)],
);

/** Append-only domain events (for webhooks and live updates), written with the change. */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid('account_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [index('events_account_idx').on(t.accountId, t.id)],
);

/** The simulated carrier's own ledger: what it received, how often (tests prove "once"). */
export const simulatorMessages = pgTable(
  'simulator_messages',
  {
    reference: text('reference').primaryKey(),
    providerMessageId: text('provider_message_id').notNull(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    body: text('body').notNull(),
    /** How often the reference was submitted; a resend after a crash counts here, never as a second message. */
    submissions: integer('submissions').notNull().default(1),
    firstReceivedAt: stamp('first_received_at'),
    /** When the delivery receipt was reported to the platform; unreported ones survive a crash. */
    reportedAt: ts('reported_at'),
  },
  (t) => [index('simulator_unreported_idx').on(t.firstReceivedAt).where(sql`reported_at is null`)],
);

/** Receipts that arrived before the dispatcher recorded the provider's id; applied when it does. */
export const earlyReceipts = pgTable(
  'early_receipts',
  {
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    receivedAt: stamp('received_at'),
  },
  (t) => [uniqueIndex('early_receipts_uq').on(t.provider, t.providerMessageId, t.status)],
);
