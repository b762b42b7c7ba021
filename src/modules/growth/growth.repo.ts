import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { growthThrottle, joinKeywords, pendingOptIns, signupFormRoutes, signupForms } from '../../db/schema/index.js';

export type KeywordRow = typeof joinKeywords.$inferSelect;
export type FormRow = typeof signupForms.$inferSelect;
export type PendingRow = typeof pendingOptIns.$inferSelect;

// ---- join keywords ----

export function listKeywords(db: Db, accountId: string) {
  return db.select().from(joinKeywords).where(eq(joinKeywords.accountId, accountId)).orderBy(asc(joinKeywords.word), asc(joinKeywords.id));
}

export async function findKeyword(db: Db, accountId: string, id: string) {
  const [k] = await db.select().from(joinKeywords).where(and(eq(joinKeywords.accountId, accountId), eq(joinKeywords.id, id)));
  return k ?? null;
}

/** The keywords that texts to this number answer to: its own first, then the account-wide ones. */
export function keywordsForNumber(db: Db, accountId: string, numberId: string) {
  return db.select().from(joinKeywords)
    .where(and(eq(joinKeywords.accountId, accountId), or(isNull(joinKeywords.numberId), eq(joinKeywords.numberId, numberId))))
    .orderBy(sql`${joinKeywords.numberId} is null`);
}

export async function insertKeyword(tx: Db, row: typeof joinKeywords.$inferInsert) {
  const [k] = await tx.insert(joinKeywords).values(row).returning();
  return k;
}

export async function updateKeyword(tx: Db, accountId: string, id: string, patch: Partial<typeof joinKeywords.$inferInsert>) {
  const [k] = await tx.update(joinKeywords).set(patch).where(and(eq(joinKeywords.accountId, accountId), eq(joinKeywords.id, id))).returning();
  return k ?? null;
}

export async function deleteKeyword(tx: Db, accountId: string, id: string) {
  const rows = await tx.delete(joinKeywords).where(and(eq(joinKeywords.accountId, accountId), eq(joinKeywords.id, id))).returning({ id: joinKeywords.id });
  return rows.length > 0;
}

// ---- sign-up form ----

export async function findForm(db: Db, accountId: string) {
  const [f] = await db.select().from(signupForms).where(eq(signupForms.accountId, accountId));
  return f ?? null;
}

/** The form a public slug names (through the platform routing table). */
export async function formBySlug(db: Db, slug: string) {
  const [r] = await db.select({ form: signupForms }).from(signupFormRoutes)
    .innerJoin(signupForms, and(eq(signupForms.accountId, signupFormRoutes.accountId), eq(signupForms.id, signupFormRoutes.formId)))
    .where(eq(signupFormRoutes.slug, slug));
  return r?.form ?? null;
}

export async function insertForm(tx: Db, row: typeof signupForms.$inferInsert) {
  const [f] = await tx.insert(signupForms).values(row).returning();
  return f;
}

export async function updateForm(tx: Db, accountId: string, id: string, patch: Partial<typeof signupForms.$inferInsert>) {
  const [f] = await tx.update(signupForms).set({ ...patch, version: sql`${signupForms.version} + 1` }).where(and(eq(signupForms.accountId, accountId), eq(signupForms.id, id))).returning();
  return f;
}

export async function insertRoute(tx: Db, slug: string, accountId: string, formId: string) {
  await tx.insert(signupFormRoutes).values({ slug, accountId, formId });
}

export async function deleteRoute(tx: Db, accountId: string, slug: string) {
  await tx.delete(signupFormRoutes).where(and(eq(signupFormRoutes.accountId, accountId), eq(signupFormRoutes.slug, slug)));
}

// ---- pending opt-ins ----

export async function insertPending(tx: Db, row: typeof pendingOptIns.$inferInsert) {
  await tx.insert(pendingOptIns).values(row);
}

/** Closes the open pending opt-ins of a number (a newer request replaces them). */
export async function closeOpenFor(tx: Db, accountId: string, phone: string, at: Date) {
  await tx.update(pendingOptIns).set({ closedAt: at })
    .where(and(eq(pendingOptIns.accountId, accountId), eq(pendingOptIns.phone, phone), isNull(pendingOptIns.closedAt)));
}

/** The newest open, unexpired reply-confirmed opt-in of a number, locked for the caller's transaction. */
export async function openReplyPending(tx: Db, accountId: string, phone: string, now: Date) {
  const [p] = await tx.select().from(pendingOptIns)
    .where(and(eq(pendingOptIns.accountId, accountId), eq(pendingOptIns.phone, phone), isNull(pendingOptIns.closedAt), gt(pendingOptIns.expiresAt, now), eq(pendingOptIns.confirmBy, 'reply')))
    .orderBy(desc(pendingOptIns.createdAt)).limit(1).for('update');
  return p ?? null;
}

export async function findPendingForUpdate(tx: Db, accountId: string, id: string) {
  const [p] = await tx.select().from(pendingOptIns).where(and(eq(pendingOptIns.accountId, accountId), eq(pendingOptIns.id, id))).for('update');
  return p ?? null;
}

export async function setAttempts(tx: Db, accountId: string, id: string, attempts: number, closedAt: Date | null) {
  await tx.update(pendingOptIns).set({ attempts, ...(closedAt ? { closedAt } : {}) }).where(and(eq(pendingOptIns.accountId, accountId), eq(pendingOptIns.id, id)));
}

export async function closePending(tx: Db, accountId: string, id: string, at: Date) {
  await tx.update(pendingOptIns).set({ closedAt: at }).where(and(eq(pendingOptIns.accountId, accountId), eq(pendingOptIns.id, id)));
}

// ---- throttle ----

/** Counts one hit on a key in a fixed window and answers the count in the current window. */
export async function hit(tx: Db, accountId: string, key: string, now: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(now.getTime() - windowMs);
  const { rows: [r] } = await txQuery(tx)<{ count: number }>(
    `insert into growth_throttle (account_id, key, count, window_started_at) values ($1, $2, 1, $3)
     on conflict (account_id, key) do update set
       count = case when growth_throttle.window_started_at <= $4 then 1 else growth_throttle.count + 1 end,
       window_started_at = case when growth_throttle.window_started_at <= $4 then $3 else growth_throttle.window_started_at end
     returning count`,
    [accountId, key, now.toISOString(), windowStart.toISOString()],
  );
  return Number(r.count);
}

// ---- retention (platform-wide job) ----

export async function purgePending(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(pendingOptIns).where(or(lt(pendingOptIns.closedAt, before), lt(pendingOptIns.expiresAt, before))).returning({ id: pendingOptIns.id });
  return rows.length;
}

export async function purgeThrottle(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(growthThrottle).where(lt(growthThrottle.windowStartedAt, before)).returning({ key: growthThrottle.key });
  return rows.length;
}
