import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditChainHeads, auditEvents } from '../../db/schema/index.js';
import { GENESIS_HASH } from './audit-chain.js';

export type AuditRow = typeof auditEvents.$inferSelect;

/** Locks the chain's head row for the rest of the transaction, creating it on first use. */
export async function lockHead(tx: Db, chain: string): Promise<{ seq: number; hash: string }> {
  await tx.insert(auditChainHeads).values({ chain, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain)).for('update');
  return { seq: head.seq, hash: head.hash };
}

export async function append(tx: Db, row: AuditRow): Promise<void> {
  await tx.insert(auditEvents).values(row);
  await tx.update(auditChainHeads).set({ seq: row.seq, hash: row.hash }).where(eq(auditChainHeads.chain, row.chain));
}

export async function head(db: Db, chain: string) {
  const [h] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
  return h ?? null;
}

/** Newest first, keyset-paginated by sequence number. */
export async function listPage(db: Db, chain: string, beforeSeq: number | null, limit: number) {
  const where = beforeSeq === null ? eq(auditEvents.chain, chain) : and(eq(auditEvents.chain, chain), lt(auditEvents.seq, beforeSeq));
  return db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.seq)).limit(limit);
}

/** Oldest first from a sequence number, for verification. */
export async function scanPage(db: Db, chain: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}
