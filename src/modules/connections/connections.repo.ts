import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import { providerConnections } from '../../db/schema/index.js';

export type ConnectionRow = typeof providerConnections.$inferSelect;
export type NewConnection = typeof providerConnections.$inferInsert;
export type ConnectionChange = Partial<Pick<ConnectionRow, 'name' | 'credentials' | 'settings' | 'status' | 'lastErrorCode' | 'lastError' | 'lastErrorAt' | 'lastCheckedAt' | 'deletedAt' | 'fallbackConnectionId'>>;

const live = (accountId: string, id: string) =>
  and(eq(providerConnections.accountId, accountId), eq(providerConnections.id, id), isNull(providerConnections.deletedAt));

export async function insertConnection(tx: Db, row: NewConnection): Promise<ConnectionRow> {
  const [c] = await tx.insert(providerConnections).values(row).returning();
  return c;
}

export function listConnections(db: Db, accountId: string): Promise<ConnectionRow[]> {
  return db.select().from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), isNull(providerConnections.deletedAt)))
    .orderBy(asc(providerConnections.createdAt));
}

/** A live (not deleted) connection; `lock` takes a row lock in the caller's transaction. */
export async function findConnection(db: Db, accountId: string, id: string, lock?: 'update' | 'share'): Promise<ConnectionRow | null> {
  const q = db.select().from(providerConnections).where(live(accountId, id));
  const [c] = lock === 'update' ? await q.for('update') : lock === 'share' ? await q.for('share') : await q;
  return c ?? null;
}

export async function updateConnection(tx: Db, accountId: string, id: string, change: ConnectionChange, now: Date): Promise<ConnectionRow | null> {
  const [c] = await tx.update(providerConnections).set({ ...change, updatedAt: now }).where(live(accountId, id)).returning();
  return c ?? null;
}

/** What a carrier webhook needs of the connection its token names: whose it is, its kind, sealed credentials and settings. */
export type WebhookConnectionRow = Pick<ConnectionRow, 'accountId' | 'id' | 'kind' | 'credentials' | 'settings'>;

const WEBHOOK_CONNECTION_SQL = `select account_id, id, kind, credentials, settings from provider_connections
  where webhook_token_hash = $1 and deleted_at is null`;

/**
 * Webhooks: the live connection whose token hashes to `hash` (the account is not known yet). Read on
 * every callback (a deleted connection or rotated credentials count at once), so it is one prepared
 * statement of the columns a callback uses, not a query built per request.
 */
export async function findByWebhookTokenHash(database: Database, hash: string): Promise<WebhookConnectionRow | null> {
  const { rows: [r] } = await database.prepared<{ account_id: string; id: string; kind: string; credentials: string; settings: Record<string, unknown> }>(
    'wm_webhook_connection', WEBHOOK_CONNECTION_SQL, [hash]);
  return r ? { accountId: r.account_id, id: r.id, kind: r.kind, credentials: r.credentials, settings: r.settings } : null;
}

/**
 * The status real traffic gives a connection (health): not an edit, so `updated_at` (the row
 * version the dispatcher reconnects on) stays. A disabled or deleted connection keeps its status.
 */
export async function setHealthStatus(db: Db, accountId: string, id: string, status: 'connected' | 'error', error: { code: string; message: string; at: Date } | null, now: Date): Promise<void> {
  await db.update(providerConnections)
    .set(status === 'connected' ? { status, lastCheckedAt: now } : { status, lastCheckedAt: now, lastErrorCode: error?.code ?? null, lastError: error?.message ?? null, lastErrorAt: error?.at ?? now })
    .where(and(live(accountId, id), ne(providerConnections.status, 'disabled')));
}

/** The account's live connections and their fallbacks, locked (failover cycle checks run under it). */
export async function lockFallbackGraph(tx: Db, accountId: string): Promise<Array<{ id: string; fallbackConnectionId: string | null }>> {
  return tx.select({ id: providerConnections.id, fallbackConnectionId: providerConnections.fallbackConnectionId }).from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), isNull(providerConnections.deletedAt)))
    .orderBy(asc(providerConnections.id)).for('update');
}

/** Live connections that name `id` as their fallback. */
export async function fallbackReferrers(db: Db, accountId: string, id: string): Promise<ConnectionRow[]> {
  return db.select().from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), eq(providerConnections.fallbackConnectionId, id), isNull(providerConnections.deletedAt)));
}

/** A live connection's health columns and its row version as text (the form the dispatcher compares). */
export async function findHealthRow(db: Db, accountId: string, id: string) {
  const [c] = await db.select({
    status: providerConnections.status, kind: providerConnections.kind, fallbackConnectionId: providerConnections.fallbackConnectionId,
    lastErrorCode: providerConnections.lastErrorCode, lastError: providerConnections.lastError, lastErrorAt: providerConnections.lastErrorAt,
    updatedAt: providerConnections.updatedAt, version: sql<string>`${providerConnections.updatedAt}::text`,
  }).from(providerConnections).where(live(accountId, id));
  return c ?? null;
}

/** Kind and name of some of an account's connections, deleted ones included (the sub-processor record names them). */
export async function findConnectionLabels(db: Db, accountId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: providerConnections.id, kind: providerConnections.kind, name: providerConnections.name, deletedAt: providerConnections.deletedAt })
    .from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), sql`${providerConnections.id} = any(${sql.param(ids)}::uuid[])`));
}
