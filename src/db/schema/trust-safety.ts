import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * A sending hold (src/modules/trust-safety/holds.service.ts): while an account has one not lifted,
 * the dispatcher claims and hands over none of its queued messages but keyword replies (none of a
 * terminated account's); they stay queued, due again when the last hold is lifted. `kind` says who placed it: 'enforcement' (trust & safety: suspend,
 * terminate) or 'credits' (billing: balance exhausted). At most one active hold per account and kind.
 */
export const sendingHolds = pgTable(
  'sending_holds',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by'),
    placedAt: stamp('placed_at'),
    liftedAt: ts('lifted_at'),
    liftedBy: text('lifted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('sending_holds_active_uq').on(t.accountId, t.kind).where(sql`lifted_at is null`),
    index('sending_holds_account_idx').on(t.accountId, t.placedAt),
  ],
);

/**
 * An account's enforcement state (one row once an operator acted): 'warned' | 'throttled' |
 * 'suspended' | 'terminated' | 'active' (reinstated). `throttleMps`: the account's senders refill
 * their token buckets at most at this rate (messages per second) while set.
 */
export const accountEnforcement = pgTable('account_enforcement', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  state: text('state').notNull(),
  throttleMps: real('throttle_mps'),
  reason: text('reason').notNull(),
  updatedAt: stamp('updated_at'),
});

/** Every enforcement action on an account (evidence: never deleted). */
export const enforcementActions = pgTable(
  'enforcement_actions',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    action: text('action').notNull(),
    reason: text('reason').notNull(),
    throttleMps: real('throttle_mps'),
    reviewId: uuid('review_id'),
    operatorId: text('operator_id'),
    operatorLabel: text('operator_label'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),index('enforcement_actions_account_idx').on(t.accountId, t.createdAt)],
);

/**
 * The review queue: an account whose risk signals crossed their thresholds. At most one open
 * review per account; a later evaluation updates its signals. status: open | dismissed | actioned.
 */
export const accountReviews = pgTable(
  'account_reviews',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    status: text('status').notNull().default('open'),
    /** The signals that crossed (with their numbers and explanations), from the latest evaluation. */
    signals: jsonb('signals').notNull().default(sql`'[]'::jsonb`),
    openedAt: stamp('opened_at'),
    updatedAt: stamp('updated_at'),
    resolvedAt: ts('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('account_reviews_open_uq').on(t.accountId).where(sql`status = 'open'`),
    index('account_reviews_status_idx').on(t.status, t.updatedAt),
  ],
);

/** A notice to an account from the platform (enforcement): shown as a banner in the app until acknowledged. */
export const accountNotices = pgTable(
  'account_notices',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    actionId: uuid('action_id'),
    createdAt: stamp('created_at'),
    acknowledgedAt: ts('acknowledged_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),index('account_notices_account_idx').on(t.accountId, t.createdAt)],
);

/** An appeal thread of an account against an enforcement action. status: open | closed. */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    status: text('status').notNull().default('open'),
    subject: text('subject').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),index('appeals_account_idx').on(t.accountId, t.createdAt), index('appeals_status_idx').on(t.status, t.updatedAt)],
);

/** A message in an appeal thread: from the account (a member) or from an operator. */
export const appealMessages = pgTable(
  'appeal_messages',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    appealId: uuid('appeal_id').notNull(),
    authorKind: text('author_kind').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorOperator: text('author_operator'),
    body: text('body').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'appeal_messages_appeal_fk', columns: [t.accountId, t.appealId], foreignColumns: [appeals.accountId, appeals.id] }),
    index('appeal_messages_appeal_idx').on(t.accountId, t.appealId, t.createdAt)],
);

/**
 * The risk signals' thresholds as operators set them (one row, key 'platform'): a partial object
 * over the defaults in src/modules/trust-safety/signals.ts (DEFAULT_THRESHOLDS).
 */
export const riskSettings = pgTable('risk_settings', {
  key: text('key').primaryKey(),
  thresholds: jsonb('thresholds').notNull().default(sql`'{}'::jsonb`),
  updatedBy: text('updated_by'),
  updatedAt: stamp('updated_at'),
});
