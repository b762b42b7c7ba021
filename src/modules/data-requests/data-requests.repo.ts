import { type AnyColumn, and, asc, desc, eq, gt, gte, inArray, isNull, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { dataRequestCodes, dataRequestEvents, dataRequests } from '../../db/schema/index.js';
import { ERASED_TEXT, STAFF_VERIFIED_REASON } from './data-requests.types.js';

export type RequestRow = typeof dataRequests.$inferSelect;
export type RequestEventRow = typeof dataRequestEvents.$inferSelect;
export type CodeRow = typeof dataRequestCodes.$inferSelect;

// ---- requests ----

export async function insertRequest(tx: Db, row: typeof dataRequests.$inferInsert) {
  const [r] = await tx.insert(dataRequests).values(row).returning();
  return r;
}

export async function findRequest(db: Db, accountId: string, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select().from(dataRequests).where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id)));
  const [r] = opts.lock ? await q.for('update') : await q;
  return r ?? null;
}

export async function updateRequest(tx: Db, accountId: string, id: string, patch: Partial<typeof dataRequests.$inferInsert>) {
  const [r] = await tx.update(dataRequests).set(patch).where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id))).returning();
  return r;
}

export interface ListFilter { status?: string; type?: string; overdueAt?: Date }
export interface Cursor { dueAt: Date; id: string }

/** A page of the queue, soonest due first. */
export function listRequests(db: Db, accountId: string, f: ListFilter, cursor: Cursor | null, limit: number) {
  const conds: (SQL | undefined)[] = [eq(dataRequests.accountId, accountId)];
  if (f.status) conds.push(eq(dataRequests.status, f.status));
  if (f.type) conds.push(eq(dataRequests.type, f.type));
  if (f.overdueAt) conds.push(isNull(dataRequests.closedAt), lte(dataRequests.dueAt, f.overdueAt));
  if (cursor) conds.push(or(gt(dataRequests.dueAt, cursor.dueAt), and(eq(dataRequests.dueAt, cursor.dueAt), gt(dataRequests.id, cursor.id))));
  return db.select().from(dataRequests).where(and(...conds)).orderBy(asc(dataRequests.dueAt), asc(dataRequests.id)).limit(limit);
}

/** The person's open request of this type (the public page does not open a second one). */
export async function openRequestOf(db: Db, accountId: string, phoneHash: string, type: string) {
  const [r] = await db.select().from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.phoneHash, phoneHash), eq(dataRequests.type, type), isNull(dataRequests.closedAt)));
  return r ?? null;
}

/** An open request of this type naming this email (any case): staff log one by email alone. */
export async function openRequestByEmail(db: Db, accountId: string, email: string, type: string) {
  const [r] = await db.select().from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), sql`lower(${dataRequests.email}) = lower(${email})`, eq(dataRequests.type, type), isNull(dataRequests.closedAt)))
    .orderBy(asc(dataRequests.createdAt)).limit(1);
  return r ?? null;
}

/** Serialises the requests of one number and type in an account until the transaction ends (the duplicate check then holds when the row is written). */
export async function lockPersonRequests(tx: Db, accountId: string, phoneHash: string, type: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wm.data-requests:${accountId}:${phoneHash}:${type}`}::text, 0))`);
}

/** The person's latest request of this type made since `since` (any status). */
export async function latestRequestOf(db: Db, accountId: string, phoneHash: string, type: string, since: Date) {
  const [r] = await db.select().from(dataRequests)
    .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.phoneHash, phoneHash), eq(dataRequests.type, type), gte(dataRequests.createdAt, since)))
    .orderBy(desc(dataRequests.createdAt)).limit(1);
  return r ?? null;
}

/** Open requests of every account due before `until` (the reminder job), with their account. */
export function openDueBefore(db: Db, until: Date) {
  return db.select().from(dataRequests).where(and(isNull(dataRequests.closedAt), lte(dataRequests.dueAt, until))).orderBy(asc(dataRequests.accountId), asc(dataRequests.dueAt));
}

export async function setReminded(tx: Db, accountId: string, ids: string[], stage: string) {
  if (ids.length) await tx.update(dataRequests).set({ remindedStage: stage }).where(and(eq(dataRequests.accountId, accountId), inArray(dataRequests.id, ids)));
}

export async function insertEvent(tx: Db, row: typeof dataRequestEvents.$inferInsert) {
  await tx.insert(dataRequestEvents).values(row);
}

export function eventsOf(db: Db, accountId: string, requestId: string) {
  return db.select().from(dataRequestEvents)
    .where(and(eq(dataRequestEvents.accountId, accountId), eq(dataRequestEvents.requestId, requestId)))
    .orderBy(asc(dataRequestEvents.at), asc(dataRequestEvents.id));
}

/**
 * Erase hook: the person's requests keep only the number's keyed hash, and the texts staff wrote
 * on them (reasons, answers) become ERASED_TEXT; their codes go. Returns the email addresses the requests named.
 */
export async function eraseFor(tx: Db, accountId: string, phoneHashes: string[], contactIds: string[]): Promise<string[]> {
  const who = and(eq(dataRequests.accountId, accountId), or(
    phoneHashes.length ? inArray(dataRequests.phoneHash, phoneHashes) : sql`false`,
    contactIds.length ? inArray(dataRequests.contactId, contactIds) : sql`false`,
  ));
  const named = await tx.select({ id: dataRequests.id, email: dataRequests.email }).from(dataRequests).where(who).for('update');
  await tx.update(dataRequests).set({ phone: null, email: null, correction: null, contactId: null, note: null }).where(who);
  await eraseStaffTexts(tx, accountId, named.map((r) => r.id));
  if (phoneHashes.length) await tx.delete(dataRequestCodes).where(and(eq(dataRequestCodes.accountId, accountId), inArray(dataRequestCodes.phoneHash, phoneHashes)));
  return [...new Set(named.filter((r) => r.email !== null).map((r) => r.email!))];
}

/**
 * The texts staff wrote on these requests become ERASED_TEXT: the extension and denial reasons,
 * the answer, and the reasons of the steps staff took (extended, a status move, verified).
 * Fixed texts the code writes (received by…, given by…, reminders, the privacy page's steps) stay.
 */
export async function eraseStaffTexts(tx: Db, accountId: string, requestIds: string[]) {
  if (!requestIds.length) return;
  const erased = (c: AnyColumn) => sql`case when ${c} is null then null else ${ERASED_TEXT} end`;
  await tx.update(dataRequests)
    .set({ extensionReason: erased(dataRequests.extensionReason), denialReason: erased(dataRequests.denialReason), answer: erased(dataRequests.answer) })
    .where(and(eq(dataRequests.accountId, accountId), inArray(dataRequests.id, requestIds)));
  await tx.update(dataRequestEvents).set({ reason: ERASED_TEXT }).where(and(
    eq(dataRequestEvents.accountId, accountId), inArray(dataRequestEvents.requestId, requestIds),
    inArray(dataRequestEvents.action, ['extended', 'status', 'verified']), notInArray(dataRequestEvents.actorType, ['system', 'anonymous']),
    sql`${dataRequestEvents.reason} is not null`, ne(dataRequestEvents.reason, STAFF_VERIFIED_REASON),
  ));
}

// ---- verification codes ----

export async function insertCode(tx: Db, row: typeof dataRequestCodes.$inferInsert) {
  await tx.insert(dataRequestCodes).values(row);
}

export async function findCode(db: Db, accountId: string, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select().from(dataRequestCodes).where(and(eq(dataRequestCodes.accountId, accountId), eq(dataRequestCodes.id, id)));
  const [r] = opts.lock ? await q.for('update') : await q;
  return r ?? null;
}

export async function updateCode(tx: Db, accountId: string, id: string, patch: Partial<typeof dataRequestCodes.$inferInsert>) {
  await tx.update(dataRequestCodes).set(patch).where(and(eq(dataRequestCodes.accountId, accountId), eq(dataRequestCodes.id, id)));
}

/** Codes asked since `since` for this number and from this IP, and the latest cool-down of the number. */
/**
 * Serialises an account's code requests until the transaction ends, so the limits read by
 * codeActivity still hold when the code row is written (concurrent requests each saw room before).
 */
export async function lockCodeRequests(tx: Db, accountId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wm.privacy-codes:${accountId}`}::text, 0))`);
}

/** The account's codes since `since`: for this number (and its latest cool-down), from this caller, and in all. */
export async function codeActivity(db: Db, accountId: string, phoneHash: string, ipHash: string | null, since: Date) {
  const [r] = await db.select({
    byPhone: sql<number>`count(*) filter (where ${dataRequestCodes.phoneHash} = ${phoneHash})`.mapWith(Number),
    byIp: ipHash ? sql<number>`count(*) filter (where ${dataRequestCodes.ipHash} = ${ipHash})`.mapWith(Number) : sql<number>`0`.mapWith(Number),
    byAccount: sql<number>`count(*)`.mapWith(Number),
    lockedUntil: sql<Date | null>`max(${dataRequestCodes.lockedUntil}) filter (where ${dataRequestCodes.phoneHash} = ${phoneHash})`.mapWith((v) => (v ? new Date(v) : null)),
  }).from(dataRequestCodes)
    .where(and(eq(dataRequestCodes.accountId, accountId), gte(dataRequestCodes.createdAt, since)));
  return r;
}

/** Platform-wide: drops codes that expired before `before`. */
export async function purgeCodes(db: Db, before: Date) {
  const gone = await db.delete(dataRequestCodes).where(lte(dataRequestCodes.expiresAt, before)).returning({ id: dataRequestCodes.id });
  return gone.length;
}
