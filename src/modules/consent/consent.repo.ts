import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { consentEvents, contacts, suppressions } from '../../db/schema/index.js';

export type ConsentEventRow = typeof consentEvents.$inferSelect;

export async function insertEvents(tx: Db, rows: Array<typeof consentEvents.$inferInsert>) {
  if (rows.length) await tx.insert(consentEvents).values(rows);
}

export async function setContactState(tx: Db, accountId: string, contactIds: string[], state: string, at: Date) {
  if (!contactIds.length) return;
  await tx
    .update(contacts)
    .set({ consentState: state, consentUpdatedAt: at, updatedAt: at })
    .where(and(eq(contacts.accountId, accountId), sql`${contacts.id} = any(${sql.param(contactIds)}::uuid[])`));
}

export async function suppress(tx: Db, rows: Array<typeof suppressions.$inferInsert>) {
  if (rows.length) await tx.insert(suppressions).values(rows).onConflictDoNothing();
}

export async function unsuppress(tx: Db, accountId: string, phoneHash: string) {
  await tx.delete(suppressions).where(and(eq(suppressions.accountId, accountId), eq(suppressions.phoneHash, phoneHash)));
}

/** Which of these number hashes are suppressed for the account. */
export async function suppressedHashes(db: Db, accountId: string, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await db
    .select({ h: suppressions.phoneHash })
    .from(suppressions)
    .where(and(eq(suppressions.accountId, accountId), sql`${suppressions.phoneHash} = any(${sql.param(hashes)}::text[])`));
  return new Set(rows.map((r) => r.h));
}

export async function contactEvents(db: Db, accountId: string, contactId: string, phoneHash: string) {
  return db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.accountId, accountId), or(eq(consentEvents.contactId, contactId), eq(consentEvents.phoneHash, phoneHash))))
    .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id));
}

/** Keyset page of every consent event of an account, oldest first (for evidence export). */
export async function accountEventsPage(db: Db, accountId: string, afterId: string | null, limit: number) {
  return db
    .select({ event: consentEvents, phone: contacts.phone })
    .from(consentEvents)
    .leftJoin(contacts, and(eq(contacts.id, consentEvents.contactId), eq(contacts.accountId, consentEvents.accountId)))
    .where(afterId ? and(eq(consentEvents.accountId, accountId), gt(consentEvents.id, afterId)) : eq(consentEvents.accountId, accountId))
    .orderBy(asc(consentEvents.id))
    .limit(limit);
}

export async function listSuppressions(db: Db, accountId: string, afterHash: string | null, limit: number) {
  return db
    .select()
    .from(suppressions)
    .where(afterHash ? and(eq(suppressions.accountId, accountId), gt(suppressions.phoneHash, afterHash)) : eq(suppressions.accountId, accountId))
    .orderBy(asc(suppressions.phoneHash))
    .limit(limit);
}
