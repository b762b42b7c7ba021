import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { contacts } from './contacts.js';
import { providerConnections } from './connections.js';
import { ts, stamp } from './columns.js';


/** One medium of an MMS as its message lists it; `error` when an inbound medium could not be fetched (no id then). */
export interface MessageMedia { id: string | null; contentType: string; size: number; error?: string }

/** A sending number of an account, on one provider connection. */
export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    phoneNumber: text('phone_number').notNull(),
    provider: text('provider').notNull(),
    providerRef: text('provider_ref'),
    /** The provider connection the number is on; null for the built-in simulator's numbers. */
    connectionId: uuid('connection_id'),
    type: text('type').notNull(),
    /** Throughput limit in segments per second (DESIGN: long code 1, toll-free 3, short code 100). */
    mps: real('mps').notNull(),
    keywordReplies: jsonb('keyword_replies').$type<Record<string, string>>().notNull().default({}),
    customKeywords: jsonb('custom_keywords').$type<Array<{ word: string; kind: string; reply?: string }>>().notNull().default([]),
    /** Where inbound texts are also posted in Twilio's form (like Twilio's SmsUrl); null: nowhere. */
    twilioSmsUrl: text('twilio_sms_url'),
    /** When the URL was set: only texts received since then are posted (no backlog of older texts to a new URL). */
    twilioSmsUrlSince: ts('twilio_sms_url_since'),
    /**
     * `provisioned`: bought through West Message (releasing it gives it back to the carrier); `attached`: a number the
     * carrier account already held (releasing it here only detaches it: the business keeps it at its carrier).
     */
    origin: text('origin').notNull().default('attached'),
    createdAt: stamp('created_at'),
    releasedAt: ts('released_at'),
    /**
     * A released `provisioned` number: when its give-back to the carrier ended (given back, or found attached again). Null
     * while it is still to be given back: its connection (whose credentials do it) cannot be deleted until then.
     */
    givenBackAt: ts('given_back_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('phone_numbers_live_uq').on(t.accountId, t.phoneNumber).where(sql`released_at is null`),
    index('phone_numbers_account_idx').on(t.accountId, t.createdAt),
    foreignKey({ name: 'phone_numbers_connection_fk', columns: [t.accountId, t.connectionId], foreignColumns: [providerConnections.accountId, providerConnections.id] }),
    index('phone_numbers_connection_idx').on(t.accountId, t.connectionId).where(sql`connection_id is not null`),
  ],
);

/**
 * Platform routing table: inbound texts are routed by their `to` number, so a live number
 * belongs to one account platform-wide. Written with the number; deleted when it is released.
 */
export const numberRoutes = pgTable('number_routes', {
  phoneNumber: text('phone_number').primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  numberId: uuid('number_id').notNull(),
  createdAt: stamp('created_at'),
});

/** Token bucket per sending number, shared by every dispatcher process. */
export const senderBuckets = pgTable(
  'sender_buckets',
  {
    accountId: uuid('account_id').notNull(),
    numberId: uuid('number_id').notNull(),
    tokens: real('tokens').notNull(),
    refilledAt: ts('refilled_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.numberId] }),
    foreignKey({ name: 'sender_buckets_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').notNull(),
    /**
     * No foreign key of its own to accounts: conversations_contact_fk (account_id, contact_id) → contacts,
     * whose account_id references accounts, already holds it (a campaign fan-out checked both for each row).
     */
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    numberId: uuid('number_id').notNull(),
    /** open | pending | snoozed | closed; a contact has at most one conversation that is not closed per number. */
    status: text('status').notNull().default('open'),
    /** Snoozed: wakes at this time, or (null) at the customer's next text. */
    snoozedUntil: ts('snoozed_until'),
    /** The agent the conversation is assigned to (a member of the account), and/or its team. */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id'),
    assignedAt: ts('assigned_at'),
    lastMessageAt: ts('last_message_at'),
    lastInboundAt: ts('last_inbound_at'),
    /** The last text sent from the inbox to the customer: it "needs a reply" while last_inbound_at is later. */
    lastReplyAt: ts('last_reply_at'),
    closedAt: ts('closed_at'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'conversations_contact_fk', columns: [t.accountId, t.contactId], foreignColumns: [contacts.accountId, contacts.id] }).onDelete('cascade'),
    foreignKey({ name: 'conversations_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
    uniqueIndex('conversations_open_uq').on(t.accountId, t.contactId, t.numberId).where(sql`status <> 'closed'`),
    index('conversations_account_idx').on(t.accountId, t.status, t.lastMessageAt),
    index('conversations_assignee_idx').on(t.accountId, t.assigneeUserId, t.status).where(sql`assignee_user_id is not null`),
    index('conversations_snoozed_idx').on(t.snoozedUntil).where(sql`status = 'snoozed' and snoozed_until is not null`),
  ],
);

/** Messages, and the dispatch queue itself (DESIGN: no second write per message). */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').notNull(),
    /**
     * No foreign key to accounts (since 1 Dec): every row is written by a service for the account it
     * authenticated, and account erasure deletes by account_id (privacy/account-erasure.repo); the check
     * locked the same accounts row for every message a campaign fan-out or a send wrote.
     */
    accountId: uuid('account_id').notNull(),
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
    /**
     * The provider connection that received the message (the sub-processor record), set when it
     * is handed over. No foreign key (the dispatch hot path): connections are never hard-deleted.
     */
    connectionId: uuid('connection_id'),
    providerMessageId: text('provider_message_id'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    keyword: jsonb('keyword').$type<{ kind: string; word: string } | null>(),
    /** MMS: the media the message carries (rows of `media`), in order; null for a plain SMS. */
    media: jsonb('media').$type<MessageMedia[] | null>(),
    sendAt: ts('send_at'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    /** The campaign that queued the message (kind 'marketing'); no foreign key (the dispatch hot path). */
    campaignId: uuid('campaign_id'),
    /**
     * The end of a dispatcher's lease on a queued message; null when no claim is out. A message under
     * a live lease is not due. No index reads it, so a claim (this and `attempts`) is a HOT update
     * where the page has room: the table's fillfactor is 50 (migration 0068), a claimed row's new
     * version fits beside it.
     */
    claimedUntil: ts('claimed_until'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    // A thread: only texts in a conversation (campaign texts wait outside any until one opens: messages_unthreaded_idx).
    index('messages_conversation_idx').on(t.accountId, t.conversationId, t.createdAt).where(sql`conversation_id is not null`),
    // The message log (GET /v1/messages): an account's messages newest first, keyset by (created_at, id).
    index('messages_log_idx').on(t.accountId, t.createdAt, t.id),
    // The log of texts sent more than a day after they were created (scheduled, held, the tail of a long campaign): with
    // messages_log_idx over created_at from a day before, the Twilio-compatible list's DateSent lower bound, newest first
    // (api-messages.repo). Only such texts are in it (the predicate is immutable: timestamptz - timestamptz).
    index('messages_sent_late_idx').on(t.accountId, t.createdAt, t.id).where(sql`sent_at - created_at > interval '24 hours'`),
    uniqueIndex('messages_idempotency_uq').on(t.accountId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    // A carrier's message id means something only on the connection that reported it (issue 7, finding 1).
    uniqueIndex('messages_provider_uq').on(t.accountId, t.provider, t.providerMessageId).where(sql`provider_message_id is not null`),
    // A campaign's messages by status (its stats, pause, cancel).
    index('messages_campaign_idx').on(t.accountId, t.campaignId, t.status).where(sql`campaign_id is not null`),
    // The frequency cap counts a contact's recent marketing texts.
    index('messages_marketing_idx').on(t.accountId, t.contactId, t.createdAt).where(sql`kind = 'marketing'`),
    // Sender identification on the first text to a contact: has the account ever texted this contact?
    index('messages_outbound_contact_idx').on(t.accountId, t.contactId).where(sql`direction = 'outbound'`),
    // The automatic-reply bounds (keyword replies, TwiML replies: recentAutoReplies, recentTwimlReplies): a contact's replies of the
    // last hour, read from an hour ago. Only those texts are in it (no other send or dispatch writes it), and its predicate's
    // columns never change, so a claim's update stays HOT.
    index('messages_auto_replies_idx').on(t.accountId, t.contactId, t.createdAt).where(sql`direction = 'outbound' and (kind = 'keyword_reply' or idempotency_key like 'twiml:%')`),
    // Campaign texts wait outside any conversation until the contact and the number have one (the customer replies, or an
    // agent writes): then they join it. Only such texts are in this index, so opening a conversation finds them in one probe.
    index('messages_unthreaded_idx').on(t.accountId, t.contactId, t.numberId).where(sql`conversation_id is null and campaign_id is not null`),
    // The queue: only rows waiting to be sent are in this index. A dispatcher's claim is a lease in
    // claimed_until (not indexed: the claim stays HOT), so a dead worker's claim is simply due again when it ends.
    index('messages_queue_idx').on(t.accountId, t.numberId, t.nextAttemptAt).where(sql`status in ('scheduled', 'queued')`),
    // Fair share (issue 9): a number's one-to-one texts waiting to be sent, claimed before its campaign texts
    // without stepping over a campaign's backlog (dispatch.repo claimDue).
    index('messages_direct_queue_idx').on(t.accountId, t.numberId, t.nextAttemptAt).where(sql`status in ('scheduled', 'queued') and campaign_id is null`),
    // Sending holds: a held account's keyword replies (STOP/HELP confirmations) still go — found without stepping over its held backlog (dispatch.repo dueSenders, claimDue).
    index('messages_keyword_queue_idx').on(t.accountId, t.numberId, t.nextAttemptAt).where(sql`status in ('scheduled', 'queued') and kind = 'keyword_reply'`),
    // Campaign guardrails and timelines: a campaign's texts by when they went (rows enter at hand-over, not at fan-out),
    // and its failures by when they failed (few rows).
    index('messages_campaign_sent_idx').on(t.accountId, t.campaignId, t.sentAt).where(sql`campaign_id is not null and sent_at is not null`),
    index('messages_campaign_failed_idx').on(t.accountId, t.campaignId, t.updatedAt).where(sql`campaign_id is not null and status in ('failed', 'undelivered')`),
  ],
);

/** Receipts that arrived before the dispatcher recorded the provider's id; applied when it does. */
export const earlyReceipts = pgTable(
  'early_receipts',
  {
    accountId: uuid('account_id').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    receivedAt: stamp('received_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.provider, t.providerMessageId, t.status] }),
    // The daily sweep (housekeeping.repo deleteParkedReceipts): receipts parked for ids never recorded, read by time.
    index('early_receipts_received_idx').on(t.receivedAt),
  ],
);

/**
 * The one append-only outbox: every domain change writes its event here in the same
 * transaction (a message's status change is one row, which is also its history). `tx_id` is
 * the writing transaction's id: consumers read in (tx_id, id) order only below the oldest
 * transaction still running, so an event that commits late is never skipped.
 */
export const outbox = pgTable(
  'outbox',
  {
    /** No foreign key to accounts (as messages): one row per message and status change, written for the account a service authenticated. */
    accountId: uuid('account_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    txId: bigint('tx_id', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
    type: text('type').notNull(),
    /** What the event is about (a message, a contact…), for per-subject history. */
    subjectId: uuid('subject_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    // The key is also the order of one account's stream (readAccountAfter: account_id, then (tx_id, id)); it was
    // (account_id, id) beside an index on (account_id, tx_id, id) that nothing else needed — one btree entry fewer
    // per event (two per dispatched text), migration 0074.
    primaryKey({ columns: [t.accountId, t.txId, t.id] }),
    index('outbox_tx_idx').on(t.txId, t.id),
    index('outbox_subject_idx').on(t.accountId, t.subjectId, t.id),
  ],
);

/** Each outbox consumer's durable position (a platform table: consumers span accounts). */
export const outboxPositions = pgTable('outbox_positions', {
  consumer: text('consumer').primaryKey(),
  txId: bigint('tx_id', { mode: 'number' }).notNull().default(0),
  eventId: bigint('event_id', { mode: 'number' }).notNull().default(0),
  updatedAt: stamp('updated_at'),
});
