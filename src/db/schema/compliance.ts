import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp } from './columns.js';

/**
 * An account's own compliance rules for marketing texts; no row means the defaults. Sending hours
 * (recipient local time, "HH:mm", start < end; both null: only the statutory windows) narrow the
 * federal/state windows. `sender_id`: when the business name and "Reply STOP to opt out" are added
 * to a marketing text — `first_message` (the first text to a contact), `always`, or `never`.
 */
export const complianceSettings = pgTable('compliance_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  sendHoursStart: text('send_hours_start'),
  sendHoursEnd: text('send_hours_end'),
  senderId: text('sender_id').notNull().default('first_message'),
  updatedAt: stamp('updated_at'),
});
