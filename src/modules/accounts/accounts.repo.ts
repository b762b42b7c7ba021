import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { hot, liveMembership, memberColumns } from './hot-queries.js';
import { accounts, consentAttestations, memberships, policyAcceptances, users } from '../../db/schema/index.js';

export type AccountRow = typeof accounts.$inferSelect;
/** A person (one login), platform-wide. */
export type PersonRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
/** A person as a member of one account: the person's fields with the membership's. */
export type UserRow = PersonRow & { accountId: string; role: string; scopes: string[]; expiresAt: Date | null };
export type AccountPatch = Partial<Pick<AccountRow, 'name' | 'legalName' | 'website' | 'industry' | 'address'>>;
export type UserPatch = Partial<Pick<PersonRow, 'name' | 'email' | 'phone' | 'passwordHash' | 'passwordChangedAt'>>;

export async function insertAccount(tx: Db, row: typeof accounts.$inferInsert) {
  const [a] = await tx.insert(accounts).values(row).returning();
  return a;
}

export async function insertPerson(tx: Db, row: typeof users.$inferInsert) {
  const [u] = await tx.insert(users).values(row).returning();
  return u;
}

export async function insertMembership(tx: Db, row: typeof memberships.$inferInsert) {
  const [m] = await tx.insert(memberships).values(row).returning();
  return m;
}

export async function findPerson(db: Db, userId: string) {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u ?? null;
}

/** Every account a person belongs to, with the account's name (the account switcher). */
export async function listMemberships(db: Db, userId: string) {
  return db
    .select({ accountId: memberships.accountId, accountName: accounts.name, accountStatus: accounts.status, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.userId, userId), liveMembership()))
    .orderBy(asc(memberships.createdAt));
}

export async function findAccount(db: Db, accountId: string) {
  const [a] = await hot(db).account.execute({ accountId });
  return a ?? null;
}

/** The account behind a Twilio-compatible account SID (the Basic user of /2010-04-01/…): the SID names the account. */
export async function findAccountByTwilioSid(db: Db, sid: string) {
  const [a] = await db.select().from(accounts).where(eq(accounts.twilioAccountSid, sid));
  return a ?? null;
}

/** Platform-wide lookup by email: sign-in and password reset happen before an account is known. */
export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return u ?? null;
}

/** A live member of an account (person + role), or null. */
export async function findUser(db: Db, accountId: string, userId: string): Promise<UserRow | null> {
  const [u] = await hot(db).user.execute({ accountId, userId, now: new Date() });
  return u ?? null;
}

export async function listUsers(db: Db, accountId: string): Promise<UserRow[]> {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), liveMembership()))
    .orderBy(asc(memberships.createdAt));
}

/** Changes the person (name, email, phone, password): the same in every account. */
export async function updatePerson(tx: Db, userId: string, patch: UserPatch) {
  const [u] = await tx.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
  return u ?? null;
}

export async function setMemberRole(tx: Db, accountId: string, userId: string, role: string) {
  const [m] = await tx
    .update(memberships)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .returning();
  return m ?? null;
}

export async function updateAccount(tx: Db, accountId: string, patch: AccountPatch) {
  const [a] = await tx.update(accounts).set({ ...patch, updatedAt: new Date() }).where(eq(accounts.id, accountId)).returning();
  return a ?? null;
}

/** Ends a person's membership; the login stays (it may belong to other accounts). */
export async function deleteMembership(tx: Db, accountId: string, userId: string) {
  await tx.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
}

export async function insertAttestation(tx: Db, row: typeof consentAttestations.$inferInsert) {
  await tx.insert(consentAttestations).values(row);
}

export async function insertAcceptances(tx: Db, rows: Array<typeof policyAcceptances.$inferInsert>) {
  if (rows.length) await tx.insert(policyAcceptances).values(rows);
}

export async function listAttestations(db: Db, accountId: string) {
  return db.select().from(consentAttestations).where(eq(consentAttestations.accountId, accountId));
}

export async function listAcceptances(db: Db, accountId: string) {
  return db.select().from(policyAcceptances).where(eq(policyAcceptances.accountId, accountId));
}

/** A page of people (ordered by id) who belong to at least one active account: platform-wide notices. */
export async function listActivePeopleAfter(db: Db, afterUserId: string | null, limit: number) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(sql`${afterUserId ? sql`${users.id} > ${afterUserId} and ` : sql``}exists (
      select 1 from memberships m join accounts a on a.id = m.account_id where m.user_id = ${users.id} and a.status = 'active')`)
    .orderBy(asc(users.id))
    .limit(limit);
}

/** The destination countries allowed besides the account's own (fraud at the door). */
export async function setAllowedCountries(tx: Db, accountId: string, countries: string[]) {
  const [a] = await tx.update(accounts).set({ allowedCountries: countries, updatedAt: new Date() }).where(eq(accounts.id, accountId)).returning();
  return a ?? null;
}
