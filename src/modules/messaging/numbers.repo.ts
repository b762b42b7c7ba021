import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { numberRoutes, phoneNumbers } from '../../db/schema/index.js';

/**
 * Inbound routing: a live number belongs to one account platform-wide (number_routes is a
 * platform table keyed by the number). Written in the transaction that provisions the number
 * (numbers are never released yet; releasing one will delete its route in the same transaction).
 */
export async function insertRoute(tx: Db, row: { phoneNumber: string; accountId: string; numberId: string }): Promise<void> {
  await tx.insert(numberRoutes).values(row);
}

/** The live number a text to `phoneNumber` reaches, within the account that routes it. */
export async function routedNumber(db: Db, phoneNumber: string) {
  const [route] = await db.select().from(numberRoutes).where(eq(numberRoutes.phoneNumber, phoneNumber));
  if (!route) return null;
  const [n] = await db.select().from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, route.accountId), eq(phoneNumbers.id, route.numberId), isNull(phoneNumbers.releasedAt)));
  return n ?? null;
}

/**
 * Simulator numbers from before the simulator became a carrier of its own have no connection (they
 * cannot send): they join the account's simulator connection. Answers how many did.
 */
export async function adoptSimulatorNumbers(tx: Db, accountId: string, connectionId: string): Promise<number> {
  const rows = await tx.update(phoneNumbers).set({ connectionId })
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.provider, 'simulator'), isNull(phoneNumbers.connectionId), isNull(phoneNumbers.releasedAt)))
    .returning({ id: phoneNumbers.id });
  return rows.length;
}

/** The numbers of these accounts that post inbound texts to a Twilio SMS URL (released ones too: a text may be in flight). */
export function twilioSmsUrls(db: Db, accountIds: string[]): Promise<Array<{ accountId: string; id: string; url: string | null; since: Date | null }>> {
  if (!accountIds.length) return Promise.resolve([]);
  return db.select({ accountId: phoneNumbers.accountId, id: phoneNumbers.id, url: phoneNumbers.twilioSmsUrl, since: phoneNumbers.twilioSmsUrlSince }).from(phoneNumbers)
    .where(and(inArray(phoneNumbers.accountId, accountIds), isNotNull(phoneNumbers.twilioSmsUrl)));
}
