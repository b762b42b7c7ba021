import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { conversations } from './messaging.js';
import { stamp, ts } from './columns.js';

/**
 * When each person last read each conversation: it is unread for them while the customer texted
 * after it (or when they marked it unread: read_at far in the past).
 */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    readAt: ts('read_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.conversationId, t.userId] }),
    foreignKey({ name: 'conversation_reads_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    index('conversation_reads_user_idx').on(t.accountId, t.userId),
  ],
);

/**
 * Who is looking at or typing in a conversation right now (collision detection): a heartbeat
 * row per person and conversation that counts only until `expires_at`. Shared by every API process.
 */
export const conversationPresence = pgTable(
  'conversation_presence',
  {
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** viewing | typing */
    state: text('state').notNull(),
    updatedAt: stamp('updated_at'),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.conversationId, t.userId] }),
    foreignKey({ name: 'conversation_presence_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
  ],
);
