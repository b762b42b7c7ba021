import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, partnerAssignments, partnerGrants, partnerSessions, users } from '../../db/schema/index.js';

export type GrantRow = typeof partnerGrants.$inferSelect;
export type GrantInsert = typeof partnerGrants.$inferInsert;
export type GrantPatch = Partial<Pick<GrantRow, 'numberIds' | 'teamIds' | 'permissions' | 'maskedFields' | 'hours' | 'expiresAt'>>;

// Partner organisations are accounts of kind 'partner'; their names are read with the grants
// (one join on the platform table `accounts`, as the accounts module's own hot queries do).

export async function findPartner(db: Db, partnerId: string) {
  const [p] = await db.select({ id: accounts.id, name: accounts.name, status: accounts.status, createdAt: accounts.createdAt }).from(accounts)
    .where(and(eq(accounts.id, partnerId), eq(accounts.kind, 'partner')));
  return p ?? null;
}

/** The active partners a client account works with: those it has granted (revoked grants too: it may grant again). */
export function listPartnersOf(db: Db, clientId: string) {
  return db.selectDistinct({ id: accounts.id, name: accounts.name, status: accounts.status, createdAt: accounts.createdAt }).from(accounts)
    .innerJoin(partnerGrants, and(eq(partnerGrants.partnerId, accounts.id), eq(partnerGrants.accountId, clientId)))
    .where(and(eq(accounts.kind, 'partner'), eq(accounts.status, 'active'))).orderBy(asc(accounts.name)).limit(500);
}

// ---- grants (owned by the client account) ----
export async function insertGrant(tx: Db, row: GrantInsert) {
  const [g] = await tx.insert(partnerGrants).values(row).returning();
  return g;
}

const grantWithPartner = { grant: partnerGrants, partnerName: accounts.name };

export async function findGrant(db: Db, accountId: string, id: string) {
  const [r] = await db.select(grantWithPartner).from(partnerGrants).innerJoin(accounts, eq(accounts.id, partnerGrants.partnerId))
    .where(and(eq(partnerGrants.accountId, accountId), eq(partnerGrants.id, id)));
  return r ?? null;
}

export function listGrants(db: Db, accountId: string) {
  return db.select(grantWithPartner).from(partnerGrants).innerJoin(accounts, eq(accounts.id, partnerGrants.partnerId))
    .where(eq(partnerGrants.accountId, accountId)).orderBy(desc(partnerGrants.createdAt)).limit(200);
}

export async function updateGrant(tx: Db, accountId: string, id: string, patch: GrantPatch & { revokedAt?: Date }, now: Date) {
  const [g] = await tx.update(partnerGrants).set({ ...patch, updatedAt: now })
    .where(and(eq(partnerGrants.accountId, accountId), eq(partnerGrants.id, id), isNull(partnerGrants.revokedAt))).returning();
  return g ?? null;
}

/** The client's live grants naming a number, locked for a change (its release). */
export function lockGrantsNamingNumber(tx: Db, accountId: string, numberId: string) {
  return tx.select(grantWithPartner).from(partnerGrants).innerJoin(accounts, eq(accounts.id, partnerGrants.partnerId))
    .where(and(eq(partnerGrants.accountId, accountId), isNull(partnerGrants.revokedAt), sql`${numberId}::uuid = any(${partnerGrants.numberIds})`))
    .orderBy(asc(partnerGrants.createdAt)).for('update', { of: partnerGrants });
}

export async function touchGrant(db: Db, accountId: string, id: string, now: Date) {
  await db.update(partnerGrants).set({ lastActivityAt: now }).where(and(eq(partnerGrants.accountId, accountId), eq(partnerGrants.id, id)));
}

/** The live (not revoked) grant of a client to a partner, with the client's account row. */
export async function findLiveGrant(db: Db, clientId: string, partnerId: string) {
  const [r] = await db.select({ grant: partnerGrants, client: accounts }).from(partnerGrants).innerJoin(accounts, eq(accounts.id, partnerGrants.accountId))
    .where(and(eq(partnerGrants.accountId, clientId), eq(partnerGrants.partnerId, partnerId), isNull(partnerGrants.revokedAt)));
  return r ?? null;
}

/** The partner's side: its clients' live grants (expired or out-of-hours ones included: the service decides). */
export function listClientGrants(db: Db, partnerId: string) {
  return db.select({ grant: partnerGrants, clientName: accounts.name, clientStatus: accounts.status, clientZone: accounts.timeZone })
    .from(partnerGrants).innerJoin(accounts, eq(accounts.id, partnerGrants.accountId))
    .where(and(eq(partnerGrants.partnerId, partnerId), isNull(partnerGrants.revokedAt))).orderBy(asc(accounts.name));
}

// ---- assignments (owned by the partner account) ----
export async function insertAssignment(tx: Db, row: typeof partnerAssignments.$inferInsert) {
  const r = await tx.insert(partnerAssignments).values(row).onConflictDoNothing().returning();
  return r.length > 0;
}

export async function deleteAssignment(tx: Db, partnerId: string, userId: string, clientId: string) {
  const r = await tx.delete(partnerAssignments).where(and(eq(partnerAssignments.accountId, partnerId), eq(partnerAssignments.userId, userId), eq(partnerAssignments.clientAccountId, clientId))).returning();
  return r.length > 0;
}

/** A grant's end (its revocation): the partner's people are taken off the client; returns who was on it. */
export async function endAssignments(tx: Db, partnerId: string, clientId: string) {
  const gone = await tx.delete(partnerAssignments).where(and(eq(partnerAssignments.accountId, partnerId), eq(partnerAssignments.clientAccountId, clientId)))
    .returning({ userId: partnerAssignments.userId });
  if (!gone.length) return [];
  const names = new Map((await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, gone.map((g) => g.userId)))).map((u) => [u.id, u.name]));
  return gone.map((g) => ({ userId: g.userId, name: names.get(g.userId) ?? '' }));
}

/** In an assignment's transaction: the client's live grant to the partner, locked shared until it commits (a revocation waits, then ends the assignment). */
export async function lockLiveGrant(tx: Db, clientId: string, partnerId: string) {
  const [r] = await tx.select({ id: partnerGrants.id }).from(partnerGrants)
    .where(and(eq(partnerGrants.accountId, clientId), eq(partnerGrants.partnerId, partnerId), isNull(partnerGrants.revokedAt))).for('share');
  return r ?? null;
}

export function listAssignments(db: Db, partnerId: string, clientId?: string) {
  return db.select({ userId: partnerAssignments.userId, userName: users.name, clientAccountId: partnerAssignments.clientAccountId, clientName: accounts.name, createdAt: partnerAssignments.createdAt })
    .from(partnerAssignments).innerJoin(users, eq(users.id, partnerAssignments.userId)).innerJoin(accounts, eq(accounts.id, partnerAssignments.clientAccountId))
    .where(and(eq(partnerAssignments.accountId, partnerId), clientId ? eq(partnerAssignments.clientAccountId, clientId) : undefined))
    .orderBy(asc(users.name));
}

export async function isAssigned(db: Db, partnerId: string, userId: string, clientId: string) {
  const [r] = await db.select({ one: sql<number>`1` }).from(partnerAssignments)
    .where(and(eq(partnerAssignments.accountId, partnerId), eq(partnerAssignments.userId, userId), eq(partnerAssignments.clientAccountId, clientId)));
  return !!r;
}

// ---- the client a partner session acts in ----
export async function findSessionClient(db: Db, partnerId: string, sessionId: string) {
  const [r] = await db.select({ clientAccountId: partnerSessions.clientAccountId }).from(partnerSessions)
    .where(and(eq(partnerSessions.accountId, partnerId), eq(partnerSessions.sessionId, sessionId)));
  return r?.clientAccountId ?? null;
}

export async function setSessionClient(tx: Db, partnerId: string, sessionId: string, clientId: string, now: Date) {
  await tx.insert(partnerSessions).values({ accountId: partnerId, sessionId, clientAccountId: clientId, switchedAt: now })
    .onConflictDoUpdate({ target: [partnerSessions.accountId, partnerSessions.sessionId], set: { clientAccountId: clientId, switchedAt: now } });
}

export async function clearSessionClient(db: Db, partnerId: string, sessionId: string) {
  await db.delete(partnerSessions).where(and(eq(partnerSessions.accountId, partnerId), eq(partnerSessions.sessionId, sessionId)));
}
