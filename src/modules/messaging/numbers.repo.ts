import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { numberRoutes, phoneNumbers } from '../../db/schema/index.js';

/**
 * Inbound routing: a live number belongs to one account platform-wide (number_routes is a
 * platform table keyed by the number). Written in the transaction that provisions the number;
 * its release deletes it in the same transaction (markReleased).
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

/** The live number, locked for its release (null: none, or released meanwhile). */
export async function lockLiveNumber(tx: Db, accountId: string, id: string) {
  const [n] = await tx.select().from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.id, id), isNull(phoneNumbers.releasedAt))).for('update');
  return n ?? null;
}

/** The account's live numbers among `ids`, locked shared (a partner grant being saved: a release waits for it, and it for a release). */
export async function lockLiveNumbersShared(tx: Db, accountId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await tx.select({ id: phoneNumbers.id }).from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), inArray(phoneNumbers.id, ids), isNull(phoneNumbers.releasedAt))).for('share');
  return rows.map((r) => r.id);
}

/** Releases the number: no longer live (sends from it are refused, its billing month stops) and no longer routed (texts to it reach nobody here). */
export async function markReleased(tx: Db, accountId: string, id: string, at: Date): Promise<void> {
  await tx.update(phoneNumbers).set({ releasedAt: at }).where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.id, id)));
  await tx.delete(numberRoutes).where(and(eq(numberRoutes.accountId, accountId), eq(numberRoutes.numberId, id)));
}

/** A released number's give-back to its carrier ended (given back, or found attached again). */
export async function markGivenBack(db: Db, accountId: string, id: string, at: Date): Promise<void> {
  await db.update(phoneNumbers).set({ givenBackAt: at })
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.id, id), isNotNull(phoneNumbers.releasedAt), isNull(phoneNumbers.givenBackAt)));
}

/** Numbers bought through this connection, released and not yet given back to its carrier (its credentials still needed). */
export async function toGiveBackOn(db: Db, accountId: string, connectionId: string) {
  return db.select({ id: phoneNumbers.id, phoneNumber: phoneNumbers.phoneNumber }).from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.connectionId, connectionId), eq(phoneNumbers.origin, 'provisioned'),
      isNotNull(phoneNumbers.providerRef), isNotNull(phoneNumbers.releasedAt), isNull(phoneNumbers.givenBackAt)))
    .orderBy(asc(phoneNumbers.releasedAt));
}

/**
 * What an account's erasure must give back to the carriers: its numbers bought through West Message, live or released and not
 * given back yet, on a live connection and with a carrier id — except one the account attached again since (its own at the
 * carrier). (A connection is deleted only once its numbers are given back.)
 */
export async function toGiveBackAtErasure(db: Db, accountId: string) {
  const { rows } = await txQuery(db)<{ id: string; phone_number: string; provider_ref: string; connection_id: string }>(
    `select n.id, n.phone_number, n.provider_ref, n.connection_id from phone_numbers n
       join provider_connections c on c.account_id = n.account_id and c.id = n.connection_id and c.deleted_at is null
      where n.account_id = $1 and n.origin = 'provisioned' and n.connection_id is not null and n.provider_ref is not null and n.given_back_at is null
        and not exists (select 1 from phone_numbers m where m.account_id = n.account_id and m.connection_id = n.connection_id
                          and m.provider_ref = n.provider_ref and m.released_at is null and m.origin <> 'provisioned')
      order by n.created_at, n.id`,
    [accountId],
  );
  return rows.map((r) => ({ id: r.id, phoneNumber: r.phone_number, providerRef: r.provider_ref, connectionId: r.connection_id }));
}

/** A released number (for giving it back to its carrier). */
export async function findReleased(db: Db, accountId: string, id: string) {
  const [n] = await db.select().from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.id, id), isNotNull(phoneNumbers.releasedAt)));
  return n ?? null;
}

/** Texts waiting to go from the number (scheduled or queued, claimed by a dispatcher or not); the queue index answers it. */
export async function countWaiting(db: Db, accountId: string, numberId: string): Promise<number> {
  const { rows } = await txQuery(db)<{ n: number }>(
    `select count(*)::int as n from messages where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued')`,
    [accountId, numberId],
  );
  return rows[0]?.n ?? 0;
}

/** A page of the number's waiting texts no dispatcher holds, locked (skipping rows another transaction holds). */
export async function lockWaitingOfNumber(tx: Db, accountId: string, numberId: string, limit: number) {
  const { rows } = await txQuery(tx)<{ id: string; status: 'scheduled' | 'queued' }>(
    `select id, status from messages where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and claimed_until is null
     order by id limit $3 for update skip locked`,
    [accountId, numberId, limit],
  );
  return rows;
}

/** Whether a live number of the account on this connection has this carrier id (a released number attached again). */
export async function liveWithRef(db: Db, accountId: string, connectionId: string, providerRef: string): Promise<boolean> {
  const [n] = await db.select({ id: phoneNumbers.id }).from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), eq(phoneNumbers.connectionId, connectionId), eq(phoneNumbers.providerRef, providerRef), isNull(phoneNumbers.releasedAt)));
  return Boolean(n);
}
