import { customType, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { stamp } from './columns.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Inquiries, bug reports and feedback a user of an account writes to the platform operator
 * (issue 11, "Help & feedback"). A ticket is a thread: the user's first message and every reply
 * (the user's or the operator's) are support_messages. `status`: open (waiting for the operator),
 * answered (the operator replied last), closed.
 */
export const supportTickets = pgTable(
  'support_tickets',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** inquiry | bug | feedback */
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('support_tickets_user_idx').on(t.accountId, t.userId, t.updatedAt),
    index('support_tickets_status_idx').on(t.status, t.updatedAt),
  ],
);

/** One message of a ticket's thread: written by the user (`author` user) or the operator. */
export const supportMessages = pgTable(
  'support_messages',
  {
    accountId: uuid('account_id').notNull(),
    id: uuid('id').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    /** user | operator */
    author: text('author').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'support_messages_ticket_fk', columns: [t.accountId, t.ticketId], foreignColumns: [supportTickets.accountId, supportTickets.id] }).onDelete('cascade'),
    index('support_messages_ticket_idx').on(t.accountId, t.ticketId, t.createdAt),
  ],
);

/** A screenshot attached to a message (an image, checked by its bytes; kept in the database like media). */
export const supportAttachments = pgTable(
  'support_attachments',
  {
    accountId: uuid('account_id').notNull(),
    id: uuid('id').notNull(),
    messageId: uuid('message_id').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    filename: text('filename'),
    bytes: bytea('bytes').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'support_attachments_message_fk', columns: [t.accountId, t.messageId], foreignColumns: [supportMessages.accountId, supportMessages.id] }).onDelete('cascade'),
    index('support_attachments_message_idx').on(t.accountId, t.messageId),
  ],
);
