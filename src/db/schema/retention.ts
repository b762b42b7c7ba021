import { integer, jsonb, pgTable, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * An account's retention rules (issue 10). A null limit keeps data for as long as the account
 * exists; an account without a row has the defaults of `src/modules/retention/retention-rules.ts`.
 */
export const retentionSettings = pgTable('retention_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  messageBodyDays: integer('message_body_days'),
  uploadDays: integer('upload_days'),
  inactiveContactMonths: integer('inactive_contact_months'),
  exportDays: integer('export_days'),
  /** The daily job's last pass over the account and what it did, rule by rule. */
  lastRunAt: ts('last_run_at'),
  lastRun: jsonb('last_run').$type<Record<string, number>>(),
  updatedAt: stamp('updated_at'),
});
