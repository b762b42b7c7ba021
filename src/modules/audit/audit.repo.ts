import { and, asc, desc, eq, gt, gte, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditAccessPending, auditEvents, auditHeads, platformAuditEvents, platformAuditHeads } from '../../db/schema/index.js';
import { GENESIS_HASH, type StoredEntry } from './audit-chain.js';

/** An account's chain (tenant table) or a platform chain such as `platform` or `operator`. */
export type ChainRef = { accountId: string } | { platform: string };

export interface Head {
  seq: number;
  hash: string;
}

/** The tables and key conditions of one chain. */
function tables(ref: ChainRef) {
  if ('accountId' in ref) {
    return {
      events: auditEvents,
      heads: auditHeads,
      eventsOf: eq(auditEvents.accountId, ref.accountId),
      headOf: eq(auditHeads.accountId, ref.accountId),
    } as const;
  }
  return {
    events: platformAuditEvents,
    heads: platformAuditHeads,
    eventsOf: eq(platformAuditEvents.chain, ref.platform),
    headOf: eq(platformAuditHeads.chain, ref.platform),
  } as const;
}

async function selectHeadForUpdate(tx: Db, ref: ChainRef): Promise<Head | undefined> {
  const t = tables(ref);
  const [h] = await tx.select({ seq: t.heads.seq, hash: t.heads.hash }).from(t.heads).where(t.headOf).for('update');
  return h;
}

/**
 * Locks the chain's head for the rest of the transaction, creating it (at the genesis) on
 * first use. One round trip once the chain exists.
 */
export async function lockHead(tx: Db, ref: ChainRef): Promise<Head> {
  const existing = await selectHeadForUpdate(tx, ref);
  if (existing) return existing;
  const genesis = { seq: 0, hash: GENESIS_HASH };
  if ('accountId' in ref) await tx.insert(auditHeads).values({ accountId: ref.accountId, ...genesis }).onConflictDoNothing();
  else await tx.insert(platformAuditHeads).values({ chain: ref.platform, ...genesis }).onConflictDoNothing();
  const created = await selectHeadForUpdate(tx, ref);
  if (!created) throw new Error('audit head vanished after creation');
  return created;
}

/** Appends one entry; the database checks that it extends the head and moves the head. */
export async function append(tx: Db, ref: ChainRef, entry: StoredEntry): Promise<void> {
  if ('accountId' in ref) await tx.insert(auditEvents).values({ accountId: ref.accountId, ...entry });
  else await tx.insert(platformAuditEvents).values({ chain: ref.platform, ...entry });
}

export async function head(db: Db, ref: ChainRef): Promise<Head | null> {
  const t = tables(ref);
  const [h] = await db.select({ seq: t.heads.seq, hash: t.heads.hash }).from(t.heads).where(t.headOf);
  return h ?? null;
}

const entryFields = (e: typeof auditEvents | typeof platformAuditEvents) => ({
  seq: e.seq, id: e.id, actorType: e.actorType, actorId: e.actorId, actorLabel: e.actorLabel, action: e.action,
  targetType: e.targetType, targetId: e.targetId, ip: e.ip, userAgent: e.userAgent, details: e.details,
  createdAt: e.createdAt, prevHash: e.prevHash, hash: e.hash,
});

/** What the owner narrows the account's log to; every field optional. */
export interface AuditFilter {
  actorType?: string;
  actorId?: string;
  /** Exact, or a prefix when it ends with a dot (`contact.`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

function filterOf(f: AuditFilter): SQL[] {
  const e = auditEvents;
  const out: SQL[] = [];
  if (f.actorType) out.push(eq(e.actorType, f.actorType));
  if (f.actorId) out.push(eq(e.actorId, f.actorId));
  if (f.action) out.push(f.action.endsWith('.') ? like(e.action, `${f.action.replace(/[\\%_]/g, '\\$&')}%`) : eq(e.action, f.action));
  if (f.targetType) out.push(eq(e.targetType, f.targetType));
  if (f.targetId) out.push(eq(e.targetId, f.targetId));
  if (f.from) out.push(gte(e.createdAt, f.from));
  if (f.to) out.push(lte(e.createdAt, f.to));
  return out;
}

/** Newest first, keyset-paginated by sequence number; an account's log may be filtered. */
export async function listPage(db: Db, ref: ChainRef, beforeSeq: number | null, limit: number, filter: AuditFilter = {}): Promise<StoredEntry[]> {
  const t = tables(ref);
  const conds = [t.eventsOf, ...(beforeSeq === null ? [] : [lt(t.events.seq, beforeSeq)]), ...('accountId' in ref ? filterOf(filter) : [])];
  return db.select(entryFields(t.events)).from(t.events).where(and(...conds)).orderBy(desc(t.events.seq)).limit(limit);
}

export type PendingAccess = typeof auditAccessPending.$inferInsert;

/** A read of personal data, waiting to join the chain: one plain insert, no head lock. */
export async function insertPending(db: Db, row: PendingAccess): Promise<void> {
  await db.insert(auditAccessPending).values(row);
}

/** The account's oldest waiting reads (UUIDv7 ids: in the order they happened). */
export async function pendingOf(tx: Db, accountId: string, limit: number) {
  return tx.select().from(auditAccessPending).where(eq(auditAccessPending.accountId, accountId)).orderBy(asc(auditAccessPending.id)).limit(limit);
}

export async function deletePending(tx: Db, accountId: string, ids: string[]): Promise<void> {
  if (ids.length) await tx.delete(auditAccessPending).where(and(eq(auditAccessPending.accountId, accountId), inArray(auditAccessPending.id, ids)));
}

/** Accounts with reads waiting to be sealed. */
export async function accountsWithPending(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectDistinct({ accountId: auditAccessPending.accountId }).from(auditAccessPending).limit(limit);
  return rows.map((r) => r.accountId);
}

export async function countPending(db: Db, accountId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(auditAccessPending).where(eq(auditAccessPending.accountId, accountId));
  return Number(r?.n ?? 0);
}

/** Oldest first from a sequence number, for verification. */
export async function scanPage(db: Db, ref: ChainRef, afterSeq: number, limit: number): Promise<StoredEntry[]> {
  const t = tables(ref);
  return db
    .select(entryFields(t.events))
    .from(t.events)
    .where(and(t.eventsOf, gt(t.events.seq, afterSeq)))
    .orderBy(asc(t.events.seq))
    .limit(limit);
}

export async function entryAt(db: Db, ref: ChainRef, seq: number): Promise<StoredEntry | null> {
  const t = tables(ref);
  const [e] = await db.select(entryFields(t.events)).from(t.events).where(and(t.eventsOf, eq(t.events.seq, seq)));
  return e ?? null;
}

/** Whether the account's chain names any of these users, as the actor or the target of an entry (scans the account's chain). */
export async function namesUsers(db: Db, accountId: string, userIds: string[]): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), or(inArray(auditEvents.actorId, userIds), and(eq(auditEvents.targetType, 'user'), inArray(auditEvents.targetId, userIds)))))
    .limit(1);
  return rows.length > 0;
}
