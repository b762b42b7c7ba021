import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { hot } from './hot-queries.js';
import { accounts, consentAttestations, policyAcceptances, users } from '../../db/schema/index.js';

export type AccountRow = typeof accounts.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type AccountPatch = Partial<Pick<AccountRow, 'name' | 'legalName' | 'website' | 'industry' | 'address'>>;
export type UserPatch = Partial<Pick<UserRow, 'name' | 'email' | 'phone' | 'role' | 'passwordHash' | 'passwordChangedAt'>>;

export async function insertAccount(tx: Db, row: typeof accounts.$inferInsert) {
  const [a] = await tx.insert(accounts).values(row).returning();
  return a;
}

export async function insertUser(tx: Db, row: typeof users.$inferInsert) {
  const [u] = await tx.insert(users).values(row).returning();
  return u;
}

export async function findAccount(db: Db, accountId: string) {
  const [a] = await hot(db).account.execute({ accountId });
  return a ?? null;
}

/** Platform-wide lookup by email: sign-in and password reset happen before an account is known. */
export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return u ?? null;
}

export async function findUser(db: Db, accountId: string, userId: string) {
  const [u] = await hot(db).user.execute({ accountId, userId });
  return u ?? null;
}

export async function listUsers(db: Db, accountId: string) {
  return db.select().from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.createdAt));
}

export async function updateUser(tx: Db, accountId: string, userId: string, patch: UserPatch) {
  const [u] = await tx
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(users.accountId, accountId), eq(users.id, userId)))
    .returning();
  return u ?? null;
}

export async function updateAccount(tx: Db, accountId: string, patch: AccountPatch) {
  const [a] = await tx.update(accounts).set({ ...patch, updatedAt: new Date() }).where(eq(accounts.id, accountId)).returning();
  return a ?? null;
}

export async function deleteUser(tx: Db, accountId: string, userId: string) {
  await tx.delete(users).where(and(eq(users.accountId, accountId), eq(users.id, userId)));
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
