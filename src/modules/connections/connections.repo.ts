import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
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

const WEBHOOK_CONNECTIONS_SQL = `select webhook_token_hash, account_id, id, kind, credentials, settings from provider_connections
  where webhook_token_hash = any($1::text[]) and deleted_at is null`;

type Waiter = { resolve: (row: WebhookConnectionRow | null) => void; reject: (err: unknown) => void };
/** Per database: whether a look-up is under way, and the callbacks that arrived since it was sent (by token hash). */
const lookups = new WeakMap<Database, { running: boolean; waiting: Map<string, Waiter[]> }>();

/**
 * Webhooks: the live connection whose token hashes to `hash` (the account is not known yet). Read on
 * every callback, never kept: a deleted connection or rotated credentials count at once. A carrier
 * sends callbacks many at a time, so those that arrive while a look-up is under way wait for it to
 * end and are then read together, by one prepared statement — each callback's row is still read by
 * a statement sent after the callback arrived (never a result read before it), and a callback that
 * finds nothing under way is read at once.
 */
export function findByWebhookTokenHash(database: Database, hash: string): Promise<WebhookConnectionRow | null> {
  let state = lookups.get(database);
  if (!state) lookups.set(database, (state = { running: false, waiting: new Map() }));
  const s = state;
  return new Promise((resolve, reject) => {
    const list = s.waiting.get(hash);
    if (list) list.push({ resolve, reject });
    else s.waiting.set(hash, [{ resolve, reject }]);
    if (!s.running) void readWaiting(database, s);
  });
}

async function readWaiting(database: Database, s: { running: boolean; waiting: Map<string, Waiter[]> }) {
  s.running = true;
  try {
    while (s.waiting.size) {
      const batch = s.waiting;
      s.waiting = new Map();
      try {
        const { rows } = await database.prepared<{ webhook_token_hash: string; account_id: string; id: string; kind: string; credentials: string; settings: Record<string, unknown> }>(
          'wm_webhook_connections', WEBHOOK_CONNECTIONS_SQL, [pgArray([...batch.keys()])]);
        const found = new Map<string, WebhookConnectionRow>();
        for (const r of rows) {
          if (!found.has(r.webhook_token_hash)) found.set(r.webhook_token_hash, { accountId: r.account_id, id: r.id, kind: r.kind, credentials: r.credentials, settings: r.settings });
        }
        for (const [hash, waiters] of batch) for (const w of waiters) w.resolve(found.get(hash) ?? null);
      } catch (err) {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
      }
    }
  } finally {
    s.running = false;
  }
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
