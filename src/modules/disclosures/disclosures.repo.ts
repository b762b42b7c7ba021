import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { businessTransfers, legalRequestAccounts, legalRequests, transferNotices } from '../../db/schema/index.js';

export type LegalRequestRow = typeof legalRequests.$inferSelect;
export type TransferRow = typeof businessTransfers.$inferSelect;

export async function insertRequest(tx: Db, row: typeof legalRequests.$inferInsert, accountIds: string[], noticeSentAt: Date | null) {
  const [r] = await tx.insert(legalRequests).values(row).returning();
  await tx.insert(legalRequestAccounts).values(accountIds.map((accountId) => ({ accountId, requestId: r.id, noticeSentAt })));
  return r;
}

export async function findRequest(db: Db, id: string) {
  const [r] = await db.select().from(legalRequests).where(eq(legalRequests.id, id));
  return r ?? null;
}

export async function updateNdo(tx: Db, id: string, ndo: string, ndoUntil: string | null) {
  await tx.update(legalRequests).set({ ndo, ndoUntil }).where(eq(legalRequests.id, id));
}

export async function listRequests(db: Db, limit: number) {
  return db.select().from(legalRequests).orderBy(desc(legalRequests.receivedOn), desc(legalRequests.id)).limit(limit);
}

export async function accountsOf(db: Db, requestIds: string[]) {
  if (!requestIds.length) return [];
  return db.select().from(legalRequestAccounts).where(inArray(legalRequestAccounts.requestId, requestIds));
}

/** One row per (request, account) for the transparency report. */
export async function reportRows(db: Db) {
  return db
    .select({ requestId: legalRequests.id, receivedOn: legalRequests.receivedOn, outcome: legalRequests.outcome, accountId: legalRequestAccounts.accountId })
    .from(legalRequests)
    .leftJoin(legalRequestAccounts, eq(legalRequestAccounts.requestId, legalRequests.id));
}

/** Notices not yet sent whose request has no order or an order that ended before `today`. */
export async function dueNotices(db: Db, today: string, limit: number) {
  return db
    .select({ accountId: legalRequestAccounts.accountId, request: legalRequests })
    .from(legalRequestAccounts)
    .innerJoin(legalRequests, eq(legalRequests.id, legalRequestAccounts.requestId))
    .where(and(isNull(legalRequestAccounts.noticeSentAt), or(eq(legalRequests.ndo, 'none'), and(eq(legalRequests.ndo, 'until'), lt(legalRequests.ndoUntil, today)))))
    .limit(limit);
}

/** Marks a notice sent; false when another run sent it first. */
export async function markNoticeSent(tx: Db, accountId: string, requestId: string, at: Date): Promise<boolean> {
  const r = await tx
    .update(legalRequestAccounts)
    .set({ noticeSentAt: at })
    .where(and(eq(legalRequestAccounts.accountId, accountId), eq(legalRequestAccounts.requestId, requestId), isNull(legalRequestAccounts.noticeSentAt)))
    .returning({ a: legalRequestAccounts.accountId });
  return r.length > 0;
}

// ---- business transfers ----

export async function insertTransfer(tx: Db, row: typeof businessTransfers.$inferInsert) {
  const [t] = await tx.insert(businessTransfers).values(row).returning();
  return t;
}

export async function insertTransferNotice(tx: Db, row: typeof transferNotices.$inferInsert) {
  await tx.insert(transferNotices).values(row).onConflictDoNothing();
}

export async function findTransfer(db: Db, id: string) {
  const [t] = await db.select().from(businessTransfers).where(eq(businessTransfers.id, id));
  return t ?? null;
}

export async function listTransfers(db: Db, limit: number) {
  return db.select().from(businessTransfers).orderBy(desc(businessTransfers.createdAt)).limit(limit);
}

/** The account's transfers (its own, with their notice) still showing at `now`, and platform transfers of the last `days`. */
export async function transfersShowing(db: Db, accountId: string, now: Date, platformSince: Date) {
  const own = await db
    .select({ transfer: businessTransfers, notice: transferNotices })
    .from(transferNotices)
    .innerJoin(businessTransfers, eq(businessTransfers.id, transferNotices.transferId))
    .where(and(eq(transferNotices.accountId, accountId), or(gte(transferNotices.showUntil, now), isNull(transferNotices.acceptedAt))));
  const platform = await db.select().from(businessTransfers).where(and(isNull(businessTransfers.subjectAccountId), gte(businessTransfers.createdAt, platformSince)));
  return { own, platform };
}

export async function findNotice(db: Db, accountId: string, transferId: string) {
  const [r] = await db
    .select({ transfer: businessTransfers, notice: transferNotices })
    .from(transferNotices)
    .innerJoin(businessTransfers, eq(businessTransfers.id, transferNotices.transferId))
    .where(and(eq(transferNotices.accountId, accountId), eq(transferNotices.transferId, transferId)));
  return r ?? null;
}

export async function acceptNotice(tx: Db, accountId: string, transferId: string, userId: string, at: Date) {
  await tx
    .update(transferNotices)
    .set({ acceptedAt: at, acceptedBy: userId })
    .where(and(eq(transferNotices.accountId, accountId), eq(transferNotices.transferId, transferId), isNull(transferNotices.acceptedAt)));
}
