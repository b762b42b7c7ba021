import { sql } from 'drizzle-orm';
import { jsonb, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { created, ts } from './columns.js';
import { policyDocuments, users } from './accounts.js';

/**
 * A sign-up waiting for its emailed link (platform table: no account exists yet). The answer
 * to a sign-up is the same for every email; the account is created when the link is opened.
 * The password is kept only as its argon2 hash; the consent attestation and the policy
 * acceptance are evidence of the moment of the submit (created_at, ip, user agent).
 */
export const signupRequests = pgTable(
  'signup_requests',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Business details as submitted: name, legalName, website, industry, address. */
    business: jsonb('business').$type<{ name: string; legalName?: string; website?: string; industry?: string; address?: string }>().notNull(),
    ownerName: text('owner_name').notNull(),
    phone: text('phone').notNull(),
    passwordHash: text('password_hash').notNull(),
    attestationWording: text('attestation_wording').notNull(),
    termsDocumentId: uuid('terms_document_id').notNull().references(() => policyDocuments.id),
    privacyDocumentId: uuid('privacy_document_id').notNull().references(() => policyDocuments.id),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: created(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [uniqueIndex('signup_requests_token_uq').on(t.tokenHash), index('signup_requests_email_idx').on(sql`lower(${t.email})`), index('signup_requests_expires_idx').on(t.expiresAt), index('signup_requests_ip_idx').on(t.ip, t.createdAt)],
);

/** A login's new email address, applied when the link mailed to that address is opened. */
export const emailChanges = pgTable(
  'email_changes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    newEmail: text('new_email').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: created(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [uniqueIndex('email_changes_token_uq').on(t.tokenHash), index('email_changes_user_idx').on(t.userId)],
);
