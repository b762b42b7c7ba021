import { boolean, foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { campaigns } from './campaigns.js';
import { contacts } from './contacts.js';
import { stamp, ts } from './columns.js';

/** An account's link tracking rules; no row means the defaults (tracking on, no IP kept). */
export const linkSettings = pgTable('link_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  /** URLs in campaign texts are shortened and their clicks counted (a campaign may say otherwise). */
  trackLinks: boolean('track_links').notNull().default(true),
  /** A click keeps the visitor's IP address (off: never stored). */
  trackClickIp: boolean('track_click_ip').notNull().default(false),
  updatedAt: stamp('updated_at'),
});

/**
 * The account's own short-link domain (a platform table: a request's Host names the account
 * before any link is read, and one domain belongs to one account platform-wide).
 */
export const linkDomains = pgTable(
  'link_domains',
  {
    domain: text('domain').primaryKey(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    createdAt: stamp('created_at'),
  },
  (t) => [uniqueIndex('link_domains_account_uq').on(t.accountId)],
);

/**
 * One short link per (message, URL in it): the recipient's own code. `domain`: the account's
 * domain the link was issued on (null: the platform's). Kept as long as its campaign exists;
 * erased with its contact.
 */
export const links = pgTable(
  'links',
  {
    accountId: uuid('account_id').notNull(),
    code: text('code').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    messageId: uuid('message_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    url: text('url').notNull(),
    domain: text('domain'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.code] }),
    // A click on the platform's domain names no account: the code alone finds the link.
    index('links_code_idx').on(t.code),
    index('links_campaign_idx').on(t.accountId, t.campaignId),
    index('links_contact_idx').on(t.accountId, t.contactId),
    foreignKey({ name: 'links_campaign_fk', columns: [t.accountId, t.campaignId], foreignColumns: [campaigns.accountId, campaigns.id] }).onDelete('cascade'),
    foreignKey({ name: 'links_contact_fk', columns: [t.accountId, t.contactId], foreignColumns: [contacts.accountId, contacts.id] }).onDelete('cascade'),
  ],
);

/** A click on a short link: when and with which browser; the IP only when the account keeps it. */
export const linkClicks = pgTable(
  'link_clicks',
  {
    accountId: uuid('account_id').notNull(),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    clickedAt: ts('clicked_at').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('link_clicks_campaign_idx').on(t.accountId, t.campaignId, t.contactId),
    index('link_clicks_code_idx').on(t.accountId, t.code),
    foreignKey({ name: 'link_clicks_link_fk', columns: [t.accountId, t.code], foreignColumns: [links.accountId, links.code] }).onDelete('cascade'),
  ],
);
