import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { conversations } from './messaging.js';
import { stamp, ts } from './columns.js';

/** An internal note in a conversation: seen by the team, never sent to the customer. */
export const conversationNotes = pgTable(
  'conversation_notes',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    conversationId: uuid('conversation_id').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** The members @mentioned in the body (user ids). */
    mentionedUserIds: uuid('mentioned_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'conversation_notes_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    index('conversation_notes_conversation_idx').on(t.accountId, t.conversationId, t.createdAt),
  ],
);

/** Something a member should see (the bell in the app header): e.g. a note that mentions them. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    conversationId: uuid('conversation_id'),
    noteId: uuid('note_id'),
    createdAt: stamp('created_at'),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'notifications_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    foreignKey({ name: 'notifications_note_fk', columns: [t.accountId, t.noteId], foreignColumns: [conversationNotes.accountId, conversationNotes.id] }).onDelete('cascade'),
    index('notifications_user_idx').on(t.accountId, t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.accountId, t.userId).where(sql`read_at is null`),
  ],
);

/** A canned reply: a shortcut name ("/refund") and a body with merge fields. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    shortcut: text('shortcut').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), uniqueIndex('canned_replies_shortcut_uq').on(t.accountId, sql`lower(${t.shortcut})`)],
);
