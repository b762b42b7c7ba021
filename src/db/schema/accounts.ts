import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, stamp, created } from './columns.js';


export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  website: text('website'),
  industry: text('industry'),
  address: text('address'),
  defaultCountry: text('default_country').notNull().default('US'),
  timeZone: text('time_zone').notNull().default('America/New_York'),
  /** Destination countries (ISO 3166-1 alpha-2) texts may go to besides the account's own (default_country); empty: only its own. */
  allowedCountries: text('allowed_countries').array().notNull().default(sql`'{}'::text[]`),
  status: text('status').notNull().default('active'),
  /** business | partner (an outsourcing organisation: src/modules/partners). */
  kind: text('kind').notNull().default('business'),
  /** The account's Twilio-compatible SID (AC + 32 hex; src/modules/twilio-compat), random and unique. */
  twilioAccountSid: text('twilio_account_sid').notNull().default(sql`'AC' || replace(gen_random_uuid()::text, '-', '')`),
  createdAt: created(),
  updatedAt: stamp('updated_at'),
}, (t) => [uniqueIndex('accounts_twilio_sid_uq').on(t.twilioAccountSid)]);

/**
 * A person: one login (email, password; MFA later). A platform table: what a person may do in
 * an account is their membership there.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: stamp('password_changed_at'),
    createdAt: created(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    // Sign-in looks a person up by email before any account is known: the one global lookup.
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
  ],
);

/** A person's place in an account: role, optional scopes and expiry. */
export const memberships = pgTable(
  'memberships',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** Empty: every scope the role allows. */
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    expiresAt: ts('expires_at'),
    createdAt: created(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** A person's signed-in session (a platform table); `account_id` is the account it acts in now. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: created(),
    lastSeenAt: stamp('last_seen_at'),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('sessions_token_uq').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/**
 * A person's sign-in history (a platform table, like sessions): every sign-in that succeeded
 * or failed on a known login, with the device (browser, OS, type parsed from the user agent)
 * and the address. `device_hash` is a keyed hash of browser family + OS + device type: a
 * success from a hash not seen before on this login mails a new-device notice.
 */
export const signInEvents = pgTable(
  'sign_in_events',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** succeeded | failed */
    outcome: text('outcome').notNull(),
    /** How: password | signup | invitation (successes); why not: invalid_credentials | locked (failures). */
    method: text('method').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    deviceHash: text('device_hash'),
    at: stamp('at'),
  },
  (t) => [index('sign_in_events_user_idx').on(t.userId, t.at)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    role: text('role').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: created(),
    lastUsedAt: ts('last_used_at'),
    /** The address of the last use (updated with lastUsedAt, at most once a minute). */
    lastUsedIp: text('last_used_ip'),
    revokedAt: ts('revoked_at'),
    /** The key's Twilio-compatible SID (SK + 32 hex): the Basic user with the key as password. */
    twilioSid: text('twilio_sid').notNull().default(sql`'SK' || replace(gen_random_uuid()::text, '-', '')`),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('api_keys_hash_uq').on(t.accountId, t.keyHash),
    uniqueIndex('api_keys_twilio_sid_uq').on(t.accountId, t.twilioSid),
    index('api_keys_twilio_sid_idx').on(t.twilioSid),
    // The key is the credential and names no account: looked up by its hash alone.
    index('api_keys_hash_idx').on(t.keyHash),
    index('api_keys_account_idx').on(t.accountId, t.createdAt),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: created(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('invitations_token_uq').on(t.accountId, t.tokenHash),
    // The link carries no account: the token hash finds the invitation.
    index('invitations_token_idx').on(t.tokenHash),
    index('invitations_account_idx').on(t.accountId, t.createdAt),
  ],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: created(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [uniqueIndex('password_resets_token_uq').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
);

/** Failed sign-in counters, shared by every process through the database. */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: ts('window_started_at').notNull(),
  lockedUntil: ts('locked_until'),
});

export const policyDocuments = pgTable(
  'policy_documents',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    lastUpdated: date('last_updated', { mode: 'string' }).notNull(),
    material: boolean('material').notNull().default(false),
    publishedAt: stamp('published_at'),
  },
  (t) => [uniqueIndex('policy_documents_kind_version_uq').on(t.kind, t.version)],
);

export const policyAcceptances = pgTable(
  'policy_acceptances',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id').notNull().references(() => policyDocuments.id),
    acceptedAt: stamp('accepted_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('policy_acceptances_account_idx').on(t.accountId, t.userId),
    // A person accepts a policy version once, in whichever account they act: /v1/me looks it up by person.
    index('policy_acceptances_user_idx').on(t.userId, t.documentId),
  ],
);

export const consentAttestations = pgTable(
  'consent_attestations',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    wording: text('wording').notNull(),
    attestedAt: stamp('attested_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const emails = pgTable(
  'emails',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').references(() => accounts.id),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** Forget the recipient once sent: address, body and error are blanked when SMTP accepts it (a deletion request's answer). */
    eraseWhenSent: boolean('erase_when_sent').notNull().default(false),
    createdAt: created(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('emails_created_idx').on(t.createdAt)],
);
