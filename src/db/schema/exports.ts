import { bigint, customType, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { ts, stamp } from './columns.js';

/**
 * A data export (issue 10): the whole account (owner) or one user's own data, written by a
 * background job as a ZIP stored in the database (`export_chunks`). The download token is
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
    /** Runs started since it was queued (a runner that keeps dying fails the export after MAX_RUNS). */
    attempts: integer('attempts').notNull().default(0),
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

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * An export's ZIP, in ~1 MiB chunks (seq 0, 1, …), written by the runner as the ZIP is produced
 * and streamed in order by the download (any process: no shared disk). Its sum of lengths is the
 * export's `size` once completed; expiry, erasure and account deletion delete the rows.
 */
export const exportChunks = pgTable(
  'export_chunks',
  {
    accountId: uuid('account_id').notNull(),
    exportId: uuid('export_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.exportId, t.seq] }),
    foreignKey({ name: 'export_chunks_export_fk', columns: [t.accountId, t.exportId], foreignColumns: [dataExports.accountId, dataExports.id] }).onDelete('cascade'),
  ],
);
