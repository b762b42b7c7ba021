import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, supportAttachments, supportMessages, supportTickets, users } from '../../db/schema/index.js';

export type TicketRow = typeof supportTickets.$inferSelect;
export type SupportMessageRow = typeof supportMessages.$inferSelect;
export type AttachmentInsert = typeof supportAttachments.$inferInsert;
export type AttachmentMeta = Omit<typeof supportAttachments.$inferSelect, 'bytes'>;

const attachmentMeta = {
  accountId: supportAttachments.accountId, id: supportAttachments.id, messageId: supportAttachments.messageId, contentType: supportAttachments.contentType,
  size: supportAttachments.size, filename: supportAttachments.filename, createdAt: supportAttachments.createdAt,
};

export async function insertTicket(tx: Db, row: typeof supportTickets.$inferInsert): Promise<TicketRow> {
  const [t] = await tx.insert(supportTickets).values(row).returning();
  return t;
}

export async function insertMessage(tx: Db, row: typeof supportMessages.$inferInsert): Promise<SupportMessageRow> {
  const [m] = await tx.insert(supportMessages).values(row).returning();
  return m;
}

export async function insertAttachment(tx: Db, row: AttachmentInsert): Promise<void> {
  await tx.insert(supportAttachments).values(row);
}

export async function setTicketStatus(tx: Db, accountId: string, id: string, status: string, at: Date): Promise<void> {
  await tx.update(supportTickets).set({ status, updatedAt: at }).where(and(eq(supportTickets.accountId, accountId), eq(supportTickets.id, id)));
}

/** A ticket of the account; with `userId`, only when that user wrote it. */
export async function findTicket(db: Db, accountId: string, id: string, userId?: string): Promise<TicketRow | null> {
  const mine = userId ? eq(supportTickets.userId, userId) : undefined;
  const [t] = await db.select().from(supportTickets).where(and(eq(supportTickets.accountId, accountId), eq(supportTickets.id, id), mine));
  return t ?? null;
}

/** A ticket by id alone (the operator works across accounts; ids are UUIDv7, unique platform-wide). */
export async function findTicketAnywhere(db: Db, id: string): Promise<TicketRow | null> {
  const [t] = await db.select().from(supportTickets).where(eq(supportTickets.id, id));
  return t ?? null;
}

/** A user's tickets in an account, last changed first. */
export function listMine(db: Db, accountId: string, userId: string, limit: number) {
  return db.select().from(supportTickets)
    .where(and(eq(supportTickets.accountId, accountId), eq(supportTickets.userId, userId)))
    .orderBy(desc(supportTickets.updatedAt), desc(supportTickets.id)).limit(limit);
}

/** Every account's tickets for the operator, last changed first, with who wrote them and their account's name. */
export function listAll(db: Db, filter: { status?: string; before?: { at: Date; id: string } }, limit: number) {
  const conds: Array<SQL | undefined> = [filter.status ? eq(supportTickets.status, filter.status) : undefined];
  if (filter.before) {
    conds.push(or(lt(supportTickets.updatedAt, filter.before.at), and(eq(supportTickets.updatedAt, filter.before.at), lt(supportTickets.id, filter.before.id))));
  }
  return db.select({ ticket: supportTickets, accountName: accounts.name, userName: users.name, userEmail: users.email })
    .from(supportTickets)
    .innerJoin(accounts, eq(accounts.id, supportTickets.accountId))
    .leftJoin(users, eq(users.id, supportTickets.userId))
    .where(and(...conds))
    .orderBy(desc(supportTickets.updatedAt), desc(supportTickets.id)).limit(limit);
}

/** Who wrote a ticket and where (the operator's view; the user's email for notifications). */
export async function ticketPeople(db: Db, t: TicketRow) {
  const [a] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, t.accountId));
  const [u] = t.userId ? await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, t.userId)) : [];
  return { accountName: a?.name ?? null, userName: u?.name ?? null, userEmail: u?.email ?? null };
}

export function messagesOf(db: Db, accountId: string, ticketId: string) {
  return db.select().from(supportMessages)
    .where(and(eq(supportMessages.accountId, accountId), eq(supportMessages.ticketId, ticketId)))
    .orderBy(asc(supportMessages.createdAt), asc(supportMessages.id));
}

export async function attachmentsOf(db: Db, accountId: string, messageIds: string[]): Promise<AttachmentMeta[]> {
  if (!messageIds.length) return [];
  return db.select(attachmentMeta).from(supportAttachments)
    .where(and(eq(supportAttachments.accountId, accountId), inArray(supportAttachments.messageId, messageIds)))
    .orderBy(asc(supportAttachments.createdAt));
}

/** An attachment with its bytes, when it belongs to the ticket. */
export async function findAttachment(db: Db, accountId: string, ticketId: string, id: string) {
  const [a] = await db.select({ a: supportAttachments }).from(supportAttachments)
    .innerJoin(supportMessages, and(eq(supportMessages.accountId, supportAttachments.accountId), eq(supportMessages.id, supportAttachments.messageId)))
    .where(and(eq(supportAttachments.accountId, accountId), eq(supportAttachments.id, id), eq(supportMessages.ticketId, ticketId)));
  return a?.a ?? null;
}

export async function countAttachments(db: Db, accountId: string, messageId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(supportAttachments)
    .where(and(eq(supportAttachments.accountId, accountId), eq(supportAttachments.messageId, messageId)));
  return Number(r?.n ?? 0);
}

/**
 * Erasure: a user's tickets (and their threads, by cascade) in the given account, or every account, and the
 * replies they wrote in other people's tickets there. Returns the tickets deleted.
 */
export async function deleteTicketsOf(tx: Db, userIds: string[], accountId?: string): Promise<number> {
  if (!userIds.length) return 0;
  const rows = await tx.delete(supportTickets)
    .where(and(inArray(supportTickets.userId, userIds), accountId ? eq(supportTickets.accountId, accountId) : undefined))
    .returning({ id: supportTickets.id });
  await tx.delete(supportMessages)
    .where(and(inArray(supportMessages.userId, userIds), eq(supportMessages.author, 'user'), accountId ? eq(supportMessages.accountId, accountId) : undefined));
  return rows.length;
}
