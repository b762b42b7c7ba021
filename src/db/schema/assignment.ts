import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, memberships } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * The account's inbox assignment settings: automatic round-robin of new conversations among
 * its available agents, and reassignment of a conversation whose assignee has not answered the
 * customer within `reassign_after_minutes` (null: off). No row: both off.
 */
export const inboxSettings = pgTable(
  'inbox_settings',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    autoAssign: boolean('auto_assign').notNull().default(false),
    reassignAfterMinutes: integer('reassign_after_minutes'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId] }), check('inbox_settings_reassign_ck', sql`reassign_after_minutes is null or reassign_after_minutes between 1 and 10080`)],
);

/**
 * A member's availability for automatic assignment (online | away | offline), capacity (the most
 * open conversations automatic assignment gives them; null: no limit) and when they were last
 * assigned one (round-robin fairness: least recently assigned first). Gone with the membership.
 */
export const agentSettings = pgTable(
  'agent_settings',
  {
    accountId: uuid('account_id').notNull(),
    userId: uuid('user_id').notNull(),
    availability: text('availability').notNull().default('online'),
    capacity: integer('capacity'),
    lastAssignedAt: ts('last_assigned_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    foreignKey({ name: 'agent_settings_membership_fk', columns: [t.accountId, t.userId], foreignColumns: [memberships.accountId, memberships.userId] }).onDelete('cascade'),
    check('agent_settings_availability_ck', sql`availability in ('online', 'away', 'offline')`),
    check('agent_settings_capacity_ck', sql`capacity is null or capacity between 0 and 1000`),
  ],
);
