import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.js';
import { conversations } from './messaging.js';
import { stamp } from './columns.js';

/** A team of an account's people (e.g. "Billing"): conversations can be assigned to it. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    /** Round-robin: new conversations assigned to the team go to its available members in turn. */
    autoAssign: boolean('auto_assign').notNull().default(false),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), uniqueIndex('teams_name_uq').on(t.accountId, sql`lower(${t.name})`)],
);

/** Who is in a team. */
export const teamMembers = pgTable(
  'team_members',
  {
    accountId: uuid('account_id').notNull(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.teamId, t.userId] }),
    foreignKey({ name: 'team_members_team_fk', columns: [t.accountId, t.teamId], foreignColumns: [teams.accountId, teams.id] }).onDelete('cascade'),
    index('team_members_user_idx').on(t.accountId, t.userId),
  ],
);

/** A label of the account's inbox (e.g. "refund"), with a display colour. */
export const labels = pgTable(
  'labels',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    color: text('color').notNull().default('gray'),
    position: integer('position').notNull().default(0),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), uniqueIndex('labels_name_uq').on(t.accountId, sql`lower(${t.name})`)],
);

/** Labels on conversations. */
export const conversationLabels = pgTable(
  'conversation_labels',
  {
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    labelId: uuid('label_id').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.conversationId, t.labelId] }),
    foreignKey({ name: 'conversation_labels_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    foreignKey({ name: 'conversation_labels_label_fk', columns: [t.accountId, t.labelId], foreignColumns: [labels.accountId, labels.id] }).onDelete('cascade'),
    index('conversation_labels_label_idx').on(t.accountId, t.labelId),
  ],
);
export * from './notes.js';
