import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { operatorSessions, operatorSettings, operators } from '../../db/schema/index.js';

// Operators are platform staff (platform tables): queries are scoped by operator id.

export type OperatorRow = typeof operators.$inferSelect;
export type OperatorSessionRow = typeof operatorSessions.$inferSelect;

export async function countOperators(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(operators);
  return Number(r?.n ?? 0);
}

export async function insertOperator(tx: Db, row: typeof operators.$inferInsert): Promise<OperatorRow> {
  const [o] = await tx.insert(operators).values(row).returning();
  return o;
}

export async function findByEmail(db: Db, email: string): Promise<OperatorRow | null> {
  const [o] = await db.select().from(operators).where(sql`lower(${operators.email}) = lower(${email})`);
  return o ?? null;
}

export async function findById(db: Db, id: string): Promise<OperatorRow | null> {
  const [o] = await db.select().from(operators).where(eq(operators.id, id));
  return o ?? null;
}

/** The operator row locked for this transaction (sign-in steps count failures and steps under it). */
export async function lockById(tx: Db, id: string): Promise<OperatorRow | null> {
  const [o] = await tx.select().from(operators).where(eq(operators.id, id)).for('update');
  return o ?? null;
}

export async function updateOperator(tx: Db, id: string, set: Partial<typeof operators.$inferInsert>): Promise<OperatorRow | null> {
  const [o] = await tx.update(operators).set(set).where(eq(operators.id, id)).returning();
  return o ?? null;
}

export async function listOperators(db: Db): Promise<OperatorRow[]> {
  return db.select().from(operators).orderBy(asc(operators.createdAt), asc(operators.id)).limit(1000);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(operators).where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt)));
  return Number(r?.n ?? 0);
}

export async function insertSession(tx: Db, row: typeof operatorSessions.$inferInsert): Promise<void> {
  await tx.insert(operatorSessions).values(row);
}

export async function findSessionByHash(db: Db, tokenHash: string): Promise<{ session: OperatorSessionRow; operator: OperatorRow } | null> {
  const [r] = await db
    .select({ session: operatorSessions, operator: operators })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(eq(operatorSessions.tokenHash, tokenHash));
  return r ?? null;
}

export async function updateSession(tx: Db, operatorId: string, id: string, set: Partial<typeof operatorSessions.$inferInsert>): Promise<void> {
  await tx.update(operatorSessions).set(set).where(and(eq(operatorSessions.operatorId, operatorId), eq(operatorSessions.id, id)));
}

/** Ends every live session of an operator (disabled, TOTP reset, role changed). */
export async function revokeSessionsOf(tx: Db, operatorId: string, now: Date): Promise<void> {
  await tx.update(operatorSessions).set({ revokedAt: now }).where(and(eq(operatorSessions.operatorId, operatorId), isNull(operatorSessions.revokedAt)));
}

export async function latestSessionOf(db: Db, operatorId: string) {
  const [s] = await db.select().from(operatorSessions).where(eq(operatorSessions.operatorId, operatorId)).orderBy(desc(operatorSessions.createdAt)).limit(1);
  return s ?? null;
}

export async function tokenSettings(db: Db): Promise<{ tokenDisabledAt: Date | null; tokenDisabledBy: string | null }> {
  const [r] = await db.select().from(operatorSettings).where(eq(operatorSettings.id, 1));
  return { tokenDisabledAt: r?.tokenDisabledAt ?? null, tokenDisabledBy: r?.tokenDisabledBy ?? null };
}

export async function disableToken(tx: Db, operatorId: string, now: Date): Promise<void> {
  await tx
    .insert(operatorSettings)
    .values({ id: 1, tokenDisabledAt: now, tokenDisabledBy: operatorId })
    .onConflictDoUpdate({ target: operatorSettings.id, set: { tokenDisabledAt: sql`coalesce(${operatorSettings.tokenDisabledAt}, excluded.token_disabled_at)`, tokenDisabledBy: sql`coalesce(${operatorSettings.tokenDisabledBy}, excluded.token_disabled_by)` } });
}
