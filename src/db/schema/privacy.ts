import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * A pending deletion of an account (issue 10): asked by the owner (password confirmed), due at
 * `scheduled_for` (the grace period, ACCOUNT_DELETION_GRACE_DAYS), cancelable until then.
 * `reminders_sent` counts the reminder emails (7 days and 1 day before). The row goes when the
 * deletion is canceled or done; the certificate of a done deletion is in the platform audit log.
 */
export const accountDeletions = pgTable('account_deletions', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
  requestedAt: stamp('requested_at'),
  scheduledFor: ts('scheduled_for').notNull(),
  remindersSent: integer('reminders_sent').notNull().default(0),
});

/**
 * A number bought through West Message for an account that was erased, not yet given back to its carrier (the
 * carrier refused or could not be reached when the erasure gave it back). Kept after the erasure (KEPT_TABLES) until
 * its carrier takes it, retried by the account-deletions job: no personal data — the number (ours, bought for the
 * business), its carrier id, and what reaching the carrier account needs: the connection's kind, settings and
 * credentials, still sealed as the connection held them (bound to account and connection id). No foreign key: the
 * account is a tombstone, the connection is gone.
 */
export const numberGiveBacks = pgTable('number_give_backs', {
  accountId: uuid('account_id').notNull(),
  numberId: uuid('number_id').primaryKey(),
  connectionId: uuid('connection_id').notNull(),
  kind: text('kind').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  credentials: text('credentials').notNull(),
  phoneNumber: text('phone_number').notNull(),
  providerRef: text('provider_ref').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  createdAt: stamp('created_at'),
}, (t) => [index('number_give_backs_due_idx').on(t.nextAttemptAt)]);
