import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp, ts } from './columns.js';

/**
 * A data-subject request an end customer made to the business (access, correction, deletion,
 * opt-out of everything): from the public privacy page (identity proven by a texted code) or
 * logged by the business (received by phone or email). `dueAt` is the legal deadline (GDPR one
 * month, CCPA 45 days), extendable once with a reason. After a completed deletion only the
 * number's keyed hash stays (phone, email and correction cleared).
 */
export const dataRequests = pgTable(
  'data_requests',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    /** access | correction | deletion | opt_out */
    type: text('type').notNull(),
    /** web (the public page) | phone | email | other */
    channel: text('channel').notNull(),
    /** gdpr | ccpa | other */
    regime: text('regime').notNull(),
    /** received | verified | in_progress | completed | denied */
    status: text('status').notNull(),
    /** How the identity was verified: sms_code (the public page), staff (marked verified by a user); null: not yet. */
    verifiedBy: text('verified_by'),
    phone: text('phone'),
    phoneHash: text('phone_hash'),
    email: text('email'),
    /** The contact the request is about, when the business holds the number (no foreign key: it may be erased). */
    contactId: uuid('contact_id'),
    note: text('note'),
    /** A correction: what to correct (free text) and the new name/email the person gave. */
    correction: jsonb('correction').$type<{ text?: string; firstName?: string | null; lastName?: string | null; email?: string | null } | null>(),
    receivedAt: ts('received_at').notNull(),
    dueAt: ts('due_at').notNull(),
    extendedAt: ts('extended_at'),
    extensionReason: text('extension_reason'),
    denialReason: text('denial_reason'),
    /** The answer sent to the person, and how (sms, email). */
    answer: text('answer'),
    answerChannels: text('answer_channels').array().notNull().default(sql`'{}'::text[]`),
    answeredAt: ts('answered_at'),
    closedAt: ts('closed_at'),
    /** The last reminder stage emailed to the admins: week | day | overdue. */
    remindedStage: text('reminded_stage'),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('data_requests_status_due_idx').on(t.accountId, t.status, t.dueAt),
    index('data_requests_phone_idx').on(t.accountId, t.phoneHash),
    index('data_requests_open_due_idx').on(t.dueAt).where(sql`closed_at is null`),
  ],
);

/** The status trail of a request: every step, who took it, and why (append-only). */
export const dataRequestEvents = pgTable(
  'data_request_events',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    requestId: uuid('request_id').notNull(),
    /** created | verified | status | extended | answered | reminded | erased */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    actorType: text('actor_type').notNull(),
    actorLabel: text('actor_label'),
    at: stamp('at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'data_request_events_request_fk', columns: [t.accountId, t.requestId], foreignColumns: [dataRequests.accountId, dataRequests.id] }).onDelete('cascade'),
    index('data_request_events_request_idx').on(t.accountId, t.requestId, t.at),
  ],
);

/**
 * A verification code texted from the public privacy page. Only the code's hash is kept; a
 * number the business does not know gets a row too (no code, never verifiable), so the page
 * answers the same. Purged a day after it expires.
 */
export const dataRequestCodes = pgTable(
  'data_request_codes',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    phone: text('phone'),
    phoneHash: text('phone_hash').notNull(),
    ipHash: text('ip_hash'),
    contactId: uuid('contact_id'),
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
    lockedUntil: ts('locked_until'),
    verifiedAt: ts('verified_at'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('data_request_codes_phone_idx').on(t.accountId, t.phoneHash, t.createdAt),
    index('data_request_codes_ip_idx').on(t.accountId, t.ipHash, t.createdAt),
  ],
);
