import { bigint, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { ts, stamp } from './columns.js';

/**
 * A data export (issue 10): the whole account (owner) or one user's own data, written by a
 * background job as a ZIP under DATA_DIR/exports/<account>/<id>.zip. The download token is
 * derived (HMAC of the id under SECRET_KEY), so nothing secret is stored here.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    /** The user who asked; only they download it. */
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'cascade' }),
    /** account | me */
    scope: text('scope').notNull(),
    /** queued | running | completed | failed | expired */
    status: text('status').notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    size: bigint('size', { mode: 'number' }),
    error: text('error'),
    /** The runner working the export and its last sign of life (a dead runner's export is rerun from scratch). */
    runnerToken: text('runner_token'),
    heartbeatAt: ts('heartbeat_at'),
    createdAt: stamp('created_at'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    expiresAt: ts('expires_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('data_exports_requester_idx').on(t.accountId, t.requestedBy, t.createdAt),
    index('data_exports_status_idx').on(t.status, t.expiresAt),
  ],
);
