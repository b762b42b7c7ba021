import { sql } from 'drizzle-orm';
import { customType, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { contacts } from './contacts.js';
import { stamp } from './columns.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Media (MMS) we store: uploads of the business, images fetched from a send's `mediaUrls`, and
 * what customers send. The bytes live in the database so every process (api, workers) serves the
 * same file. A medium fetched for one recipient or received from one customer names that
 * contact: erasing the contact erases it (cascade). A business upload names none.
 */
export const media = pgTable(
  'media',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id'),
    /** upload | url | inbound */
    source: text('source').notNull(),
    /** Sniffed from the bytes for images; for other inbound files the carrier's declared type, served as an attachment. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    filename: text('filename'),
    bytes: bytea('bytes').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'media_contact_fk', columns: [t.accountId, t.contactId], foreignColumns: [contacts.accountId, contacts.id] }).onDelete('cascade'),
    index('media_contact_idx').on(t.accountId, t.contactId).where(sql`contact_id is not null`),
  ],
);
