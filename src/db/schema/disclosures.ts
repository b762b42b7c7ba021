import { date, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { created, ts } from './columns.js';

/**
 * A legal request for data received by the platform (a subpoena, a court order, a police
 * request…), recorded by an operator. A platform table: one request may concern several
 * accounts (`legal_request_accounts`); it is a legal record kept after an account is gone.
 */
export const legalRequests = pgTable(
  'legal_requests',
  {
    id: uuid('id').primaryKey(),
    authority: text('authority').notNull(),
    legalBasis: text('legal_basis').notNull(),
    scope: text('scope').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** disclosed | partially_disclosed | rejected */
    outcome: text('outcome').notNull(),
    disclosed: text('disclosed').notNull(),
    /** A non-disclosure order: no notice to the accounts concerned before its end (null: none). */
    ndo: text('ndo').notNull().default('none'),
    ndoUntil: date('ndo_until', { mode: 'string' }),
    recordedBy: text('recorded_by'),
    createdAt: created(),
  },
  (t) => [index('legal_requests_received_idx').on(t.receivedOn)],
);

/** An account a legal request concerns, and when its owner was told. No FK to accounts: kept as a legal record. */
export const legalRequestAccounts = pgTable(
  'legal_request_accounts',
  {
    accountId: uuid('account_id').notNull(),
    requestId: uuid('request_id').notNull().references(() => legalRequests.id),
    noticeSentAt: ts('notice_sent_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.requestId] }), index('legal_request_accounts_request_idx').on(t.requestId)],
);

/**
 * A change of owner by merger or sale, of one account or (subject_account_id null) of the
 * platform itself. A platform table, kept as a record.
 */
export const businessTransfers = pgTable('business_transfers', {
  id: uuid('id').primaryKey(),
  subjectAccountId: uuid('subject_account_id'),
  acquirer: text('acquirer').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  recordedBy: text('recorded_by'),
  createdAt: created(),
});

/** The notice of a transfer in one account: its banner's end, and the new owner's acceptance. */
export const transferNotices = pgTable(
  'transfer_notices',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    transferId: uuid('transfer_id').notNull().references(() => businessTransfers.id),
    showUntil: ts('show_until').notNull(),
    emailedAt: ts('emailed_at'),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.transferId] }), index('transfer_notices_transfer_idx').on(t.transferId)],
);
