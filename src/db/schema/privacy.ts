import { integer, pgTable, uuid } from 'drizzle-orm/pg-core';
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
