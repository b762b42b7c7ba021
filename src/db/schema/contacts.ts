import { sql } from 'drizzle-orm';
import { bigint, customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { ts, stamp } from './columns.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    phone: text('phone').notNull(),
    phoneType: text('phone_type'),
    country: text('country'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    timeZone: text('time_zone'),
    timeZoneSource: text('time_zone_source').notNull().default('account'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
    consentState: text('consent_state').notNull().default('unknown'),
    consentUpdatedAt: ts('consent_updated_at'),
    lastMessageAt: ts('last_message_at'),
    importId: uuid('import_id'),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('contacts_account_phone_uq').on(t.accountId, t.phone),
    index('contacts_account_created_idx').on(t.accountId, t.createdAt, t.id),
    index('contacts_tags_gin').using('gin', t.tags),
  ],
);

export const customFields = pgTable(
  'custom_fields',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    choices: text('choices').array().notNull().default(sql`'{}'::text[]`),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), uniqueIndex('custom_fields_account_key_uq').on(t.accountId, t.key)],
);

/** Append-only. `phone_hash` (keyed hash of the E.164 number) survives the contact's erasure. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: uuid('id').notNull(),
    /**
     * No foreign key to accounts since migration 0076 (as messages, since 1 Dec): every event is written by the consent service for the
     * account it authenticated, and an account's erasure keeps its events (4 years) with the account row. The check was
     * an extra lookup and a KEY SHARE lock of the same accounts row per event — per imported contact, on the import's
     * hot path.
     */
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id'),
    phoneHash: text('phone_hash').notNull(),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    recordedBy: text('recorded_by'),
    occurredAt: stamp('occurred_at'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('consent_events_contact_idx').on(t.accountId, t.contactId, t.occurredAt),
    // A hash index: keyed hashes are random, so a B-tree on them takes each insert to a random leaf of an index
    // several times larger (64 hex characters a key) — past shared_buffers on a large import, its most expensive write.
    // Lookups are by equality (one number's events, or `= any` of a few); the account is checked on the rows.
    index('consent_events_phone_idx').using('hash', t.phoneHash),
    // Campaign guardrails count an account's recent opt-outs (few rows: only opt-outs).
    index('consent_events_opt_out_idx').on(t.accountId, t.occurredAt).where(sql`kind = 'opt_out'`),
  ],
);

/** Per-account suppression list keyed by the number's keyed hash; `phone` is cleared on erasure. */
export const suppressions = pgTable(
  'suppressions',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    phoneHash: text('phone_hash').notNull(),
    phone: text('phone'),
    source: text('source').notNull(),
    reason: text('reason'),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.phoneHash] })],
);

export const segments = pgTable(
  'segments',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }), index('segments_account_idx').on(t.accountId, t.createdAt),
    // One segment per name in an account, ignoring case and outer spaces (the service's 409 segment_name_taken, also under a race).
    uniqueIndex('segments_name_uq').on(t.accountId, sql`lower(btrim(${t.name}))`),
  ],
);

/** An uploaded file, stored in the database in chunks so any process can read it. */
export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    filename: text('filename').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    chunks: integer('chunks').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), index('uploads_account_idx').on(t.accountId, t.createdAt)],
);

export const uploadChunks = pgTable(
  'upload_chunks',
  {
    accountId: uuid('account_id').notNull(),
    uploadId: uuid('upload_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.uploadId, t.seq] }),
    foreignKey({ name: 'upload_chunks_upload_fk', columns: [t.accountId, t.uploadId], foreignColumns: [uploads.accountId, uploads.id] }).onDelete('cascade'),
  ],
);

export const imports = pgTable(
  'imports',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    uploadId: uuid('upload_id').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('queued'),
    mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull(),
    total: integer('total'),
    processed: integer('processed').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Rows up to here are committed: a resumed job skips them. */
    checkpointRow: integer('checkpoint_row').notNull().default(0),
    error: text('error'),
    /** The runner working the import and its last sign of life (crash recovery). */
    runnerToken: text('runner_token'),
    heartbeatAt: ts('heartbeat_at'),
    createdAt: stamp('created_at'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'imports_upload_fk', columns: [t.accountId, t.uploadId], foreignColumns: [uploads.accountId, uploads.id] }),
    index('imports_account_idx').on(t.accountId, t.createdAt),
  ],
);

export const importErrors = pgTable(
  'import_errors',
  {
    accountId: uuid('account_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    column: text('column'),
    reason: text('reason').notNull(),
    value: text('value'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.importId, t.rowNumber, t.reason] }),
    foreignKey({ name: 'import_errors_import_fk', columns: [t.accountId, t.importId], foreignColumns: [imports.accountId, imports.id] }).onDelete('cascade'),
  ],
);
