import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { policyAcceptances, policyDocuments } from '../../db/schema/index.js';

export type PolicyDocumentRow = typeof policyDocuments.$inferSelect;

export async function insertDocument(tx: Db, row: typeof policyDocuments.$inferInsert) {
  const [d] = await tx.insert(policyDocuments).values(row).returning();
  return d;
}

/** Every version of one kind (or of both), newest first. */
export async function listDocuments(db: Db, kind?: string) {
  return db
    .select()
    .from(policyDocuments)
    .where(kind ? eq(policyDocuments.kind, kind) : undefined)
    .orderBy(desc(policyDocuments.publishedAt), desc(policyDocuments.id));
}

export async function findDocument(db: Db, kind: string, version: string) {
  const [d] = await db.select().from(policyDocuments).where(and(eq(policyDocuments.kind, kind), eq(policyDocuments.version, version)));
  return d ?? null;
}

export async function findDocumentById(db: Db, id: string) {
  const [d] = await db.select().from(policyDocuments).where(eq(policyDocuments.id, id));
  return d ?? null;
}

/**
 * Per kind, the newest material version published after `since` (the person's sign-up) that the
 * person has not accepted — neither it nor any later version of the same kind, in any account.
 */
export async function unacceptedMaterial(db: Db, userId: string, since: Date) {
  const r = (await db.execute(sql`
    select d.id, d.kind, d.version, d.title, d.last_updated, d.published_at
    from policy_documents d
    where d.material
      and d.published_at > ${since}
      and d.published_at = (select max(m.published_at) from policy_documents m where m.kind = d.kind and m.material)
      and not exists (
        select 1 from policy_acceptances a join policy_documents ad on ad.id = a.document_id
        where a.user_id = ${userId} and ad.kind = d.kind and ad.published_at >= d.published_at)
    order by d.kind`)) as unknown as { rows: Array<{ id: string; kind: string; version: string }> };
  return r.rows;
}

/** Which of these versions the person has accepted (in any account). */
export async function acceptedAmong(db: Db, userId: string, documentIds: string[]) {
  if (documentIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: policyAcceptances.documentId })
    .from(policyAcceptances)
    .where(and(eq(policyAcceptances.userId, userId), sql`${policyAcceptances.documentId} = any(${sql.param(documentIds)}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}

export async function insertAcceptances(tx: Db, rows: Array<typeof policyAcceptances.$inferInsert>) {
  if (rows.length) await tx.insert(policyAcceptances).values(rows);
}

export async function listAcceptancesOf(db: Db, userId: string) {
  return db
    .select({ acceptance: policyAcceptances, kind: policyDocuments.kind, version: policyDocuments.version })
    .from(policyAcceptances)
    .innerJoin(policyDocuments, eq(policyDocuments.id, policyAcceptances.documentId))
    .where(eq(policyAcceptances.userId, userId))
    .orderBy(asc(policyAcceptances.acceptedAt));
}
