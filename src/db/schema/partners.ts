import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, memberships, sessions, users } from './accounts.js';
import { created, stamp, ts } from './columns.js';

/** A weekly window in the client's time zone: days 1 (Monday) … 7 (Sunday), from/to "HH:MM". */
export interface GrantHours { days: number[]; from: string; to: string }

/**
 * A client account's grant to an outsourcing partner (an account of kind `partner`): which
 * numbers and teams its people may work, which actions, which contact fields they see
 * masked, when (weekly hours in the client's zone) and until when. Owned by the client
 * (`account_id`); one live grant per client and partner. Revoked grants are kept (history).
 */
export const partnerGrants = pgTable(
  'partner_grants',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    partnerId: uuid('partner_id').notNull().references(() => accounts.id),
    numberIds: uuid('number_ids').array().notNull().default(sql`'{}'::uuid[]`),
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    maskedFields: text('masked_fields').array().notNull().default(sql`'{}'::text[]`),
    hours: jsonb('hours').$type<GrantHours[] | null>(),
    expiresAt: ts('expires_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: created(),
    updatedAt: stamp('updated_at'),
    revokedAt: ts('revoked_at'),
    /** The last action of one of the partner's people under this grant. */
    lastActivityAt: ts('last_activity_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('partner_grants_live_uq').on(t.accountId, t.partnerId).where(sql`revoked_at is null`),
    // The partner's side: which clients it serves.
    index('partner_grants_partner_idx').on(t.partnerId),
  ],
);

/** A partner's agent assigned to a client account (owned by the partner). */
export const partnerAssignments = pgTable(
  'partner_assignments',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').notNull(),
    clientAccountId: uuid('client_account_id').notNull().references(() => accounts.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId, t.clientAccountId] }),
    // Removing the agent from the partner removes their assignments.
    foreignKey({ columns: [t.accountId, t.userId], foreignColumns: [memberships.accountId, memberships.userId], name: 'partner_assignments_member_fk' }).onDelete('cascade'),
    index('partner_assignments_client_idx').on(t.clientAccountId),
  ],
);

/**
 * The client account a partner member's session acts in (owned by the partner). The session
 * itself stays in the partner account, where the person is a member; every request re-reads
 * this row, the grant and the assignment.
 */
export const partnerSessions = pgTable(
  'partner_sessions',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    sessionId: uuid('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
    clientAccountId: uuid('client_account_id').notNull().references(() => accounts.id),
    switchedAt: created(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.sessionId] }), index('partner_sessions_session_idx').on(t.sessionId)],
);
