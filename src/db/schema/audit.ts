import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { created } from './columns.js';

/**
 * The columns every audit entry has, whichever chain it is in. `hash` is an HMAC-SHA256,
 * keyed with a key the database does not hold, over the entry and its predecessor's hash
 * (`prev_hash`). Triggers (migration 0011) refuse an insert that does not extend the head,
 * any update or delete, and TRUNCATE.
 */
const entryColumns = () => ({
  seq: bigint('seq', { mode: 'number' }).notNull(),
  id: uuid('id').notNull(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  actorLabel: text('actor_label'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  // Canonical JSON kept as text: jsonb would reorder keys and break the entry's hash.
  details: text('details').notNull().default('{}'),
  createdAt: created(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/** One chain per account (a tenant table). */
export const auditEvents = pgTable(
  'audit_events',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    ...entryColumns(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.seq] })],
);

/** The last entry of each account's chain; moved only by an insert into `audit_events`. */
export const auditHeads = pgTable('audit_heads', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Platform chains (platform tables): events that belong to no account, such as a failed
 * sign-in for an unknown email (chain `platform`); operators get a chain of their own.
 */
export const platformAuditEvents = pgTable(
  'platform_audit_events',
  {
    chain: text('chain').notNull(),
    ...entryColumns(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.seq] })],
);

export const platformAuditHeads = pgTable('platform_audit_heads', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Reads of personal data waiting to join their account's chain (issue 10). A read appends a
 * row here without touching the chain's head, so agents reading contacts never queue behind
 * one another; `audit.seal_reads` moves the rows into `audit_events` in order, one head lock
 * per batch, and deletes them in the same transaction.
 */
export const auditAccessPending = pgTable(
  'audit_access_pending',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: text('details').notNull().default('{}'),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);
