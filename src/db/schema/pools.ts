import { foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { contacts } from './contacts.js';
import { phoneNumbers } from './messaging.js';
import { stamp } from './columns.js';

/** A number pool: campaigns send from its numbers, each recipient always from the same one (sticky sender). */
export const numberPools = pgTable(
  'number_pools',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('number_pools_name_uq').on(t.accountId, t.name),
  ],
);

/** The numbers of a pool; `assigned` counts the recipients given to the number (to spread new ones evenly). */
export const numberPoolMembers = pgTable(
  'number_pool_members',
  {
    accountId: uuid('account_id').notNull(),
    poolId: uuid('pool_id').notNull(),
    numberId: uuid('number_id').notNull(),
    assigned: integer('assigned').notNull().default(0),
    addedAt: stamp('added_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.poolId, t.numberId] }),
    foreignKey({ name: 'number_pool_members_pool_fk', columns: [t.accountId, t.poolId], foreignColumns: [numberPools.accountId, numberPools.id] }).onDelete('cascade'),
    foreignKey({ name: 'number_pool_members_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
  ],
);

/**
 * Sticky sender: the number of the pool a contact hears from. Written set-based by the campaign
 * fan-out; an assignment whose number left the pool is replaced when the contact is texted next.
 */
export const poolSenders = pgTable(
  'pool_senders',
  {
    accountId: uuid('account_id').notNull(),
    poolId: uuid('pool_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    numberId: uuid('number_id').notNull(),
    assignedAt: stamp('assigned_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.poolId, t.contactId] }),
    foreignKey({ name: 'pool_senders_pool_fk', columns: [t.accountId, t.poolId], foreignColumns: [numberPools.accountId, numberPools.id] }).onDelete('cascade'),
    foreignKey({ name: 'pool_senders_contact_fk', columns: [t.accountId, t.contactId], foreignColumns: [contacts.accountId, contacts.id] }).onDelete('cascade'),
    foreignKey({ name: 'pool_senders_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
    index('pool_senders_contact_idx').on(t.accountId, t.contactId),
  ],
);
