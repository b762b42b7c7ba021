import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { created, stamp, ts } from './columns.js';

/**
 * Operators (issue 13): platform staff, not members of any customer account. Each signs in
 * with a password and a TOTP code (two-factor is required: a session is only usable once
 * TOTP passed). `totp_secret` is sealed with the app's secret box (purpose
 * `operators.totp`); `totp_last_step` is the last accepted time step, so a code is never
 * accepted twice. Consecutive failures lock the operator until `locked_until`.
 */
export const operators = pgTable(
  'operators',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** support | trust_safety | admin (src/modules/operators/operator-roles.ts). */
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    totpSecret: text('totp_secret'),
    totpEnrolledAt: ts('totp_enrolled_at'),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    disabledAt: ts('disabled_at'),
    /** The operator who created this one; null: the bootstrap token. */
    createdBy: uuid('created_by'),
    createdAt: created(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [uniqueIndex('operators_email_uq').on(sql`lower(${t.email})`)],
);

/**
 * An operator's session (cookie `wm_op_session`, stored hashed). `stage` is `password` after
 * the password step (it can only enrol or send a TOTP code) and `active` once TOTP passed.
 * Ends at `expires_at` (absolute) or after the configured idle time since `last_seen_at`.
 */
export const operatorSessions = pgTable(
  'operator_sessions',
  {
    id: uuid('id').primaryKey(),
    operatorId: uuid('operator_id').notNull().references(() => operators.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    stage: text('stage').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: created(),
    lastSeenAt: stamp('last_seen_at'),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('operator_sessions_token_uq').on(t.tokenHash), index('operator_sessions_operator_idx').on(t.operatorId)],
);

/** Operators' notes about a customer account (a tenant table: staff-internal, never shown to the account). */
export const operatorAccountNotes = pgTable(
  'operator_account_notes',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    operatorId: uuid('operator_id').notNull().references(() => operators.id),
    body: text('body').notNull(),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

/** Platform-wide operator settings: one row (id 1). `token_disabled_at` set: OPERATOR_TOKEN is refused everywhere. */
export const operatorSettings = pgTable('operator_settings', {
  id: integer('id').primaryKey(),
  tokenDisabledAt: ts('token_disabled_at'),
  tokenDisabledBy: uuid('token_disabled_by'),
});
