import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * Business analytics (issue 13): hourly rollups maintained from the outbox by the `analytics`
 * consumer (its position in outbox_positions advances in the same transaction as these upserts).
 * `hour` is the UTC hour the event falls in (its start); the dashboard sums hours into the days
 * of the account's time zone when it reads, so a zone change or DST needs no rewrite (a zone with
 * a half-hour offset puts an hour on the local day of its start). `number_id` / `campaign_id` are
 * the all-zero uuid when the event has none (a web-form opt-in, a text outside campaigns): they
 * stay in the primary key. (The table kept its name from when rows were UTC days.)
 */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    hour: ts('hour').notNull(),
    numberId: uuid('number_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    /** Outbound texts handed to a carrier (first move to sending/sent/delivered/undelivered). */
    sent: integer('sent').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    /** failed + undelivered (their codes in analytics_errors). */
    failed: integer('failed').notNull().default(0),
    received: integer('received').notNull().default(0),
    segmentsOut: integer('segments_out').notNull().default(0),
    segmentsIn: integer('segments_in').notNull().default(0),
    /** What the handed-over texts cost at the price table (micro-dollars). */
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
    optIns: integer('opt_ins').notNull().default(0),
    optOuts: integer('opt_outs').notNull().default(0),
    /** Inbox: customer texts answered (first reply after an unanswered text), the sum of the waits, and buckets. */
    responses: integer('responses').notNull().default(0),
    responseMsSum: bigint('response_ms_sum', { mode: 'number' }).notNull().default(0),
    responses5m: integer('responses_5m').notNull().default(0),
    responses1h: integer('responses_1h').notNull().default(0),
    responses24h: integer('responses_24h').notNull().default(0),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ name: 'analytics_daily_pk', columns: [t.accountId, t.hour, t.numberId, t.campaignId] }),
    index('analytics_daily_campaign_idx').on(t.accountId, t.campaignId, t.hour).where(sql`campaign_id <> '00000000-0000-0000-0000-000000000000'`),
  ],
);

/** Failed and undelivered texts per carrier error code, per account × UTC hour × number. */
export const analyticsErrors = pgTable(
  'analytics_errors',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    hour: ts('hour').notNull(),
    numberId: uuid('number_id').notNull(),
    errorCode: text('error_code').notNull(),
    failed: integer('failed').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'analytics_errors_pk', columns: [t.accountId, t.hour, t.numberId, t.errorCode] })],
);

/** The consumer's working state: per conversation, the customer's first text not answered yet. */
export const analyticsOpenInbound = pgTable(
  'analytics_open_inbound',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    conversationId: uuid('conversation_id').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.conversationId] })],
);
