import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { ts, stamp } from './columns.js';

/**
 * One account's link to a carrier account (issue 8): the kind, a name, the credentials sealed
 * with the secret box (purpose `provider.credentials`, bound to the row id; never stored in
 * clear), settings that hold no secret, and the outcome of the last connection test.
 *
 * Webhooks arrive at `/webhooks/<kind>/<token>/…` before the account is known: the token is
 * 256-bit random, looked up by its keyed hash (a plain index, like API keys) and kept sealed so
 * the URLs can be rebuilt. A deleted connection is kept (kind, name; credentials erased) because
 * messages record which connection received them (the sub-processor record).
 */
export const providerConnections = pgTable(
  'provider_connections',
  {
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Sealed JSON of the credentials (`wm1.…`); opened only in memory to talk to the carrier. */
    credentials: text('credentials').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** connected | error | disabled */
    status: text('status').notNull(),
    lastErrorCode: text('last_error_code'),
    lastError: text('last_error'),
    lastErrorAt: ts('last_error_at'),
    lastCheckedAt: ts('last_checked_at'),
    /**
     * Failover: the connection (same account, never itself, no cycles) that carries this one's
     * queued messages while it is down or failing transiently past the threshold. Only messages
     * this connection definitely did not accept go there (exactly once).
     */
    fallbackConnectionId: uuid('fallback_connection_id'),
    webhookTokenHash: text('webhook_token_hash').notNull(),
    /** The webhook token, sealed (purpose `provider.webhook-token`): the URLs are rebuilt from it. */
    webhookToken: text('webhook_token').notNull(),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('provider_connections_account_idx').on(t.accountId, t.createdAt).where(sql`deleted_at is null`),
    index('provider_connections_webhook_idx').on(t.webhookTokenHash),
    foreignKey({ name: 'provider_connections_fallback_fk', columns: [t.accountId, t.fallbackConnectionId], foreignColumns: [t.accountId, t.id] }),
    check('provider_connections_fallback_not_self', sql`fallback_connection_id is null or fallback_connection_id <> id`),
  ],
);
