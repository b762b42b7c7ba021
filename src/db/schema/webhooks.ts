import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * Outbound webhooks (Standard Webhooks, issue 12): an account's endpoints, each with its own
 * signing secret sealed with the secret box (purpose `webhooks.secret`, bound to the row id).
 * During a rotation the previous secret is kept (sealed) until `previous_secret_until`, and
 * both signatures are sent. `events` empty means every event type.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    /** Why the endpoint was switched off: `gone` (410), `failing` (5 days of failures), `user`. */
    disabledReason: text('disabled_reason'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: ts('previous_secret_until'),
    /** The first failed attempt since the last success (null while healthy). */
    failingSince: ts('failing_since'),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('webhook_endpoints_account_idx').on(t.accountId, t.createdAt).where(sql`deleted_at is null`),
  ],
);

/**
 * One event (or test, or replay) to one endpoint: delivered at least once. `message_id` is the
 * `webhook-id` header (the same for every endpoint and retry of one event); `payload` is the
 * body sent. Due rows are claimed with SKIP LOCKED (partial index on pending rows).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    messageId: uuid('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The outbox event it came from (null for tests); with the endpoint, unique for non-replays. */
    outboxEventId: bigint('outbox_event_id', { mode: 'number' }),
    /** The outbox subject (message, contact, conversation…): the erase hook finds payloads by it. */
    subjectId: uuid('subject_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | succeeded | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    claimedUntil: ts('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: ts('last_attempt_at'),
    replayOf: uuid('replay_of'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'webhook_deliveries_endpoint_fk', columns: [t.accountId, t.endpointId], foreignColumns: [webhookEndpoints.accountId, webhookEndpoints.id] }),
    uniqueIndex('webhook_deliveries_event_uq').on(t.accountId, t.endpointId, t.outboxEventId).where(sql`outbox_event_id is not null and replay_of is null`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.accountId, t.endpointId, t.createdAt),
    index('webhook_deliveries_subject_idx').on(t.accountId, t.subjectId).where(sql`subject_id is not null`),
  ],
);

/** Each attempt of a delivery: the request's headers, the answer's status and first KB, the latency. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    deliveryId: uuid('delivery_id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    url: text('url').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    statusCode: integer('status_code'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'webhook_attempts_delivery_fk', columns: [t.accountId, t.deliveryId], foreignColumns: [webhookDeliveries.accountId, webhookDeliveries.id] }).onDelete('cascade'),
    index('webhook_attempts_delivery_idx').on(t.accountId, t.deliveryId, t.createdAt),
  ],
);
