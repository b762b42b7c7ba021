import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * Usage and billing (src/modules/billing). Money is integer micro-units (10⁻⁶) of one currency
 * (BILLING_CURRENCY); every row that holds an amount names its currency.
 *
 * Units: 'sms' (an outbound segment), 'mms' (an outbound MMS), 'inbound_sms' (a received segment),
 * 'inbound_mms' (a received MMS), 'number_month' (a number held during a calendar month).
 * Sender types: 'long_code' | 'toll_free' | 'short_code'; '*' in the price book: any.
 */

/** The platform price book (operator-edited): a price per destination country ('*': any other), sender type and unit. */
export const priceBook = pgTable(
  'price_book',
  {
    country: text('country').notNull(),
    senderType: text('sender_type').notNull(),
    unit: text('unit').notNull(),
    priceMicros: bigint('price_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    updatedAt: stamp('updated_at'),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.country, t.senderType, t.unit] })],
);

/** An account's own prices (operator-set), taking precedence over the price book for the same key. */
export const priceOverrides = pgTable(
  'price_overrides',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    country: text('country').notNull(),
    senderType: text('sender_type').notNull(),
    unit: text('unit').notNull(),
    priceMicros: bigint('price_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    updatedAt: stamp('updated_at'),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.country, t.senderType, t.unit] })],
);

/**
 * Metered usage: one row per account, UTC day, destination country (the other party's; 'ZZ'
 * unknown), sender type, direction and unit; `quantity` units costing `amount_micros` at the
 * prices in force when they were metered. Written in the same transaction as the status change
 * that makes a message billable (sent, received), one upsert per group of a batch.
 */
export const usageCounters = pgTable(
  'usage_counters',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    day: date('day', { mode: 'string' }).notNull(),
    country: text('country').notNull(),
    senderType: text('sender_type').notNull(),
    direction: text('direction').notNull(),
    unit: text('unit').notNull(),
    quantity: bigint('quantity', { mode: 'number' }).notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.country, t.senderType, t.direction, t.unit] })],
);

/** Number-months metered: one row per account, number and month (YYYY-MM) — the idempotency key of the monthly charge. */
export const numberMonths = pgTable(
  'number_months',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    numberId: uuid('number_id').notNull(),
    month: text('month').notNull(),
    senderType: text('sender_type').notNull(),
    country: text('country').notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.numberId, t.month] })],
);

/**
 * An account's billing state: prepaid or not (null: BILLING_MODE decides), its credit balance
 * (the sum of its credit entries, kept in the same transaction as each entry), its low-balance
 * threshold (null: BILLING_LOW_BALANCE) and when the owner was told it fell below it (cleared
 * when a top-up lifts it above: one email per crossing).
 */
export const billingAccounts = pgTable('billing_accounts', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  prepaid: boolean('prepaid'),
  balanceMicros: bigint('balance_micros', { mode: 'number' }).notNull().default(0),
  currency: text('currency').notNull(),
  lowBalanceMicros: bigint('low_balance_micros', { mode: 'number' }),
  lowNotifiedAt: ts('low_notified_at'),
  updatedAt: stamp('updated_at'),
});

/**
 * The credit ledger (append-only): top-ups (through a payment provider; `provider_ref` makes a
 * provider's payment count once), usage debits (one per metered batch of a prepaid account) and
 * adjustments. `balance_after_micros`: the balance once this entry was applied.
 */
export const creditEntries = pgTable(
  'credit_entries',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    kind: text('kind').notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    balanceAfterMicros: bigint('balance_after_micros', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    provider: text('provider'),
    providerRef: text('provider_ref'),
    description: text('description'),
    createdBy: text('created_by'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('credit_entries_account_idx').on(t.accountId, t.createdAt),
    uniqueIndex('credit_entries_provider_uq').on(t.accountId, t.provider, t.providerRef).where(sql`provider_ref is not null`),
  ],
);

/**
 * Prepaid credit reserved at hand-over (the dispatcher): one row per text of a prepaid account let
 * go to the carrier and not yet recorded, at what the metering will charge for it. A row counts
 * only while its message is still queued under that claim (same attempt, lease not run out): its
 * recording (sent: debited; failed), a give-back, a deferral or an expired lease ends it with no
 * write here, so nothing leaks. The hand-over of a prepaid account spends the balance less the
 * texts other hand-overs reserved (serialised by an advisory lock) and removes the rows that no
 * longer count.
 */
export const creditReservations = pgTable(
  'credit_reservations',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    messageId: uuid('message_id').notNull(),
    attempt: integer('attempt').notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.messageId, t.attempt] })],
);

/**
 * Issued monthly statements: once a month has closed, its statement is computed once (by the
 * month-close job or at its first view, whichever comes first; the key (account, month) makes the
 * race end with one row) and stored with its line items (quantities, the unit prices used,
 * amounts), payments, totals and balances as issued, its number and issue date. JSON, CSV and PDF
 * render from this row, so a later price change, late metering or renaming never rewrites an
 * invoice. The current month is not stored: it is a live preview.
 */
export const billingStatements = pgTable(
  'billing_statements',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    /** YYYY-MM (UTC). */
    month: text('month').notNull(),
    /** The statement's number as printed (WM-YYYYMM-…), unique per account and month. */
    statementNo: text('statement_no').notNull(),
    issuedAt: stamp('issued_at'),
    currency: text('currency').notNull(),
    usageTotalMicros: bigint('usage_total_micros', { mode: 'number' }).notNull(),
    paymentsTotalMicros: bigint('payments_total_micros', { mode: 'number' }).notNull(),
    openingBalanceMicros: bigint('opening_balance_micros', { mode: 'number' }).notNull(),
    closingBalanceMicros: bigint('closing_balance_micros', { mode: 'number' }).notNull(),
    /** The statement as issued (account name, period, lines, payments, prepaid): what every format renders. */
    content: jsonb('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month] })],
);
