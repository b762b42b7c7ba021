import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { phoneNumbers, type MessageMedia } from './messaging.js';
import { ts, stamp } from './columns.js';

/** Who a campaign texts: any of the includes, minus any of the exclusions (ids are row uuids). */
export interface CampaignAudience {
  segmentIds?: string[];
  tags?: string[];
  contactIds?: string[];
  importIds?: string[];
  exclude?: { segmentIds?: string[]; tags?: string[]; contactedWithinDays?: number };
}

/** A marketing campaign. Status: draft | scheduled | running | paused | completed | canceled. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    status: text('status').notNull().default('draft'),
    body: text('body').notNull(),
    smartEncoding: boolean('smart_encoding').notNull().default(false),
    /** URLs of the text are shortened per recipient and their clicks counted (issue 9 links; set from the account's link settings when the campaign does not say). */
    trackLinks: boolean('track_links').notNull().default(true),
    /** MMS: the media every message of the campaign carries (stored `media` rows of no contact), in order; null for SMS. */
    media: jsonb('media').$type<MessageMedia[] | null>(),
    /** The sending number; null: the account's first number at launch. */
    numberId: uuid('number_id'),
    /** Or a number pool (number_pools; no foreign key, so a pool no campaign still needs can be deleted): each recipient from their sticky number. */
    poolId: uuid('pool_id'),
    audience: jsonb('audience').$type<CampaignAudience>().notNull(),
    scheduleAt: ts('schedule_at'),
    /** "Local time for everyone": each recipient at this wall-clock time ("HH:MM") on this date ("YYYY-MM-DD") in their zone; schedule_at is then the earliest zone's moment. */
    scheduleLocalTime: text('schedule_local_time'),
    scheduleLocalDate: text('schedule_local_date'),
    /** A/B test: the variants' texts (2–5; the body is the first), the sample and metric, and the winner once picked (index into variants). */
    variants: jsonb('variants').$type<Array<{ body: string }>>(),
    abTest: jsonb('ab_test').$type<{ samplePercent: number; metric: 'clicks' | 'replies'; pickAfterHours?: number }>(),
    winnerVariant: integer('winner_variant'),
    winnerPickedAt: ts('winner_picked_at'),
    /** Contacts the audience matched at launch (progress denominator). */
    audienceTotal: integer('audience_total'),
    /** Fan-out checkpoint: contacts up to this id (in id order) have their recipient row. */
    fanoutCursor: uuid('fanout_cursor'),
    fannedOutAt: ts('fanned_out_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
    launchedAt: ts('launched_at'),
    completedAt: ts('completed_at'),
    canceledAt: ts('canceled_at'),
    /** Campaign-level rate cap in messages per second, on top of each number's throughput; null: none. */
    rateLimit: real('rate_limit'),
    /** Why the campaign is paused (manual, or a guardrail: opt_out_rate, filtered_rate, failure_rate) and the figures. */
    pausedReason: text('paused_reason'),
    pausedDetails: jsonb('paused_details').$type<Record<string, unknown> | null>(),
    /** When it was last paused (kept after a resume: guardrails judge only what happened since). */
    pausedAt: ts('paused_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('campaigns_account_idx').on(t.accountId, t.createdAt),
    foreignKey({ name: 'campaigns_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
  ],
);

/** One row per contact the campaign's audience matched: queued (with its message) or skipped with a reason. */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    accountId: uuid('account_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** queued | skipped | held (an A/B test's rest, waiting for the winner). */
    status: text('status').notNull(),
    reason: text('reason'),
    /** A/B test: the variant (index) the recipient gets. */
    variant: integer('variant'),
    messageId: uuid('message_id'),
    scheduledFor: ts('scheduled_for'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.campaignId, t.contactId] }),
    // No foreign keys (since 1 Dec): a fan-out writes these rows a million at a time, and each check locked the
    // contact row and the campaign row (a write to the contact's page). Rows are written only by the fan-out, for
    // contacts it read and its own campaign; a contact's erasure deletes its rows (campaigns.eraseRecipients, before
    // the contact), an account's erasure every row by account_id; campaigns are never deleted on their own.
    index('campaign_recipients_status_idx').on(t.accountId, t.campaignId, t.status, t.contactId),
    // The fan-out's pending rows (queued, no message yet): a batch reads its own few, never the campaign's earlier ones.
    index('campaign_recipients_pending_idx').on(t.accountId, t.campaignId, t.contactId).where(sql`status = 'queued' and message_id is null`),
  ],
);

/**
 * A parallel fan-out's parts (CAMPAIGN_FANOUT_PARALLEL on PostgreSQL): the audience split at launch into
 * ranges of contact ids, each fanned out by its own loop on its own connection, with its own checkpoint.
 * The campaign is fanned out when every part is done. No rows: one loop over the campaign's own checkpoint.
 */
export const campaignFanoutParts = pgTable(
  'campaign_fanout_parts',
  {
    accountId: uuid('account_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    part: integer('part').notNull(),
    /** Contacts of the part: id > after (null: from the first) and id <= upto (null: to the last). */
    afterId: uuid('after_id'),
    uptoId: uuid('upto_id'),
    /** Checkpoint: contacts of the part up to this id have their recipient row (null: none yet). */
    cursor: uuid('cursor'),
    doneAt: ts('done_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.campaignId, t.part] }),
    foreignKey({ name: 'campaign_fanout_parts_campaign_fk', columns: [t.accountId, t.campaignId], foreignColumns: [campaigns.accountId, campaigns.id] }).onDelete('cascade'),
  ],
);

/** Per-account campaign rules; no row means the defaults. */
export const campaignSettings = pgTable('campaign_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  /** At most this many marketing texts to a contact within `frequencyDays` days. */
  frequencyCap: integer('frequency_cap').notNull().default(4),
  frequencyDays: integer('frequency_days').notNull().default(7),
  /** Guardrails: a running campaign pauses itself when a rate within the window crosses its threshold (null: that check is off). */
  optOutRate: real('opt_out_rate').default(0.05),
  filteredRate: real('filtered_rate').default(0.05),
  failureRate: real('failure_rate').default(0.2),
  /** Messages attempted within the window before any rate is judged. */
  guardrailMinSample: integer('guardrail_min_sample').notNull().default(100),
  guardrailWindowMinutes: integer('guardrail_window_minutes').notNull().default(60),
  /** The rate cap (messages per second) a new campaign gets when it names none; null: none. */
  defaultRateLimit: real('default_rate_limit'),
  updatedAt: stamp('updated_at'),
});

/** A rate-capped campaign's token bucket (messages), shared by every dispatcher process and every number of the campaign. */
export const campaignBuckets = pgTable(
  'campaign_buckets',
  {
    accountId: uuid('account_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    tokens: real('tokens').notNull(),
    refilledAt: ts('refilled_at').notNull(),
    /** Texts over the cap were given moments up to here (one every 1/rate s): the next ones step aside after it, each row moved once. */
    reservedUntil: ts('reserved_until'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.campaignId] }),
    foreignKey({ name: 'campaign_buckets_campaign_fk', columns: [t.accountId, t.campaignId], foreignColumns: [campaigns.accountId, campaigns.id] }).onDelete('cascade'),
  ],
);
