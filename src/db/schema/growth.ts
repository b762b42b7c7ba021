import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { contacts } from './contacts.js';
import { phoneNumbers } from './messaging.js';
import { stamp, ts } from './columns.js';

/**
 * A join keyword (e.g. JOIN): a customer who texts it to one of the account's numbers (or to the
 * given number only) asks to receive the program's texts. `word` is canonical (upper case).
 */
export const joinKeywords = pgTable(
  'join_keywords',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    /** Only texts to this number; null: any number of the account. */
    numberId: uuid('number_id'),
    word: text('word').notNull(),
    programName: text('program_name').notNull(),
    /** Message frequency as the confirmation text states it, e.g. "Up to 4 msgs/month". */
    frequency: text('frequency').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    doubleOptIn: boolean('double_opt_in').notNull().default(false),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('join_keywords_account_word_uq').on(t.accountId, t.word).where(sql`number_id is null`),
    uniqueIndex('join_keywords_number_word_uq').on(t.accountId, t.numberId, t.word).where(sql`number_id is not null`),
    foreignKey({ name: 'join_keywords_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
  ],
);

/** The account's hosted sign-up form; `version` goes up with every change (evidence names it). */
export const signupForms = pgTable(
  'signup_forms',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    slug: text('slug').notNull(),
    version: integer('version').notNull().default(1),
    enabled: boolean('enabled').notNull().default(true),
    title: text('title').notNull(),
    description: text('description'),
    /** The exact consent wording shown beside the checkbox (kept with every sign-up). */
    consentWording: text('consent_wording').notNull(),
    programName: text('program_name').notNull(),
    frequency: text('frequency').notNull(),
    /** Whether the page asks for a name (always optional); the phone is always asked and required. */
    askName: boolean('ask_name').notNull().default(true),
    /** `code`: a code texted to the phone, typed into the page; `reply`: the person replies Y. */
    confirmBy: text('confirm_by').notNull().default('code'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** The number that texts the code; null: the account's first number. */
    numberId: uuid('number_id'),
    /** Sites that may show the page in a frame (CSP frame-ancestors); empty: any site. */
    embedOrigins: text('embed_origins').array().notNull().default(sql`'{}'::text[]`),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    uniqueIndex('signup_forms_account_uq').on(t.accountId),
    foreignKey({ name: 'signup_forms_number_fk', columns: [t.accountId, t.numberId], foreignColumns: [phoneNumbers.accountId, phoneNumbers.id] }),
  ],
);

/** Platform routing of the public form pages: a slug names one account's form platform-wide. */
export const signupFormRoutes = pgTable('signup_form_routes', {
  slug: text('slug').primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  formId: uuid('form_id').notNull(),
  createdAt: stamp('created_at'),
});

/**
 * An opt-in waiting for its confirmation: a reply Y (keyword double opt-in, or a form set to
 * confirm by reply) or a texted code typed into the form. Only the code's hash is kept. Erased
 * with its contact.
 */
export const pendingOptIns = pgTable(
  'pending_opt_ins',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    contactId: uuid('contact_id').notNull(),
    phone: text('phone').notNull(),
    source: text('source').notNull(),
    confirmBy: text('confirm_by').notNull(),
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    keywordId: uuid('keyword_id'),
    formId: uuid('form_id'),
    numberId: uuid('number_id'),
    programName: text('program_name').notNull(),
    frequency: text('frequency').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** What the consent event will keep: wording, keyword, ip, userAgent, url, formVersion, messageId… */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: stamp('created_at'),
    expiresAt: ts('expires_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'pending_opt_ins_contact_fk', columns: [t.accountId, t.contactId], foreignColumns: [contacts.accountId, contacts.id] }).onDelete('cascade'),
    index('pending_opt_ins_open_idx').on(t.accountId, t.phone, t.expiresAt).where(sql`closed_at is null`),
  ],
);

/** Fixed-window counters for the public form (per IP and per phone, both hashed). */
export const growthThrottle = pgTable(
  'growth_throttle',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    key: text('key').notNull(),
    count: integer('count').notNull(),
    windowStartedAt: ts('window_started_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);
