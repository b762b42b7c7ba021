import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { accounts, memberships, operatorAccountNotes, operators, phoneNumbers, providerConnections, users } from '../../db/schema/index.js';

/**
 * The operator console's read model over customer accounts: read-only queries across the
 * accounts, numbers, connections and messages tables (an operator sees every account), each
 * scoped by the account it reads. Writes here touch only the operators' own notes table.
 */

export interface AccountListRow {
  id: string;
  name: string;
  status: string;
  kind: string;
  createdAt: Date;
  ownerEmail: string | null;
  numbers: number;
  us: string;
}

export async function listAccounts(db: Db, q: { search?: string; status?: string; after: KeysetPosition | null; limit: number }): Promise<AccountListRow[]> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(accounts.status, q.status));
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${accounts.name} ilike ${like} or ${accounts.legalName} ilike ${like} or exists (
      select 1 from memberships m join users u on u.id = m.user_id where m.account_id = accounts.id and u.email ilike ${like}))`);
  }
  if (q.after) where.push(afterPositionSql(accounts.createdAt, accounts.id, q.after, 'desc'));
  const rows = await db
    .select({
      id: accounts.id, name: accounts.name, status: accounts.status, kind: accounts.kind, createdAt: accounts.createdAt,
      ownerEmail: sql<string | null>`(select u.email from memberships m join users u on u.id = m.user_id where m.account_id = accounts.id and m.role = 'owner' order by m.created_at limit 1)`,
      numbers: sql<number>`(select count(*)::int from phone_numbers p where p.account_id = accounts.id and p.released_at is null)`,
      us: positionUsSql(accounts.createdAt),
    })
    .from(accounts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(q.limit + 1);
  return rows.map((r) => ({ ...r, numbers: Number(r.numbers) }));
}

export interface UsageRow { accountId: string; outbound: number; inbound: number; failed: number }

/** Messages of the accounts since `since` (outbound, inbound, failed or undelivered), one row per account. */
export async function usageSince(db: Db, accountIds: string[], since: Date): Promise<Map<string, UsageRow>> {
  const out = new Map<string, UsageRow>();
  for (const accountId of accountIds) {
    const r = (await db.execute(sql`
      select count(*) filter (where direction = 'outbound')::int as outbound,
             count(*) filter (where direction = 'inbound')::int as inbound,
             count(*) filter (where status in ('failed', 'undelivered'))::int as failed
      from messages where account_id = ${accountId} and created_at >= ${since}`)) as unknown as { rows: Array<{ outbound: unknown; inbound: unknown; failed: unknown }> };
    const row = r.rows[0];
    out.set(accountId, { accountId, outbound: Number(row?.outbound ?? 0), inbound: Number(row?.inbound ?? 0), failed: Number(row?.failed ?? 0) });
  }
  return out;
}

export async function findAccount(db: Db, accountId: string) {
  const [a] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  return a ?? null;
}

export async function numbersOf(db: Db, accountId: string) {
  return db
    .select({ id: phoneNumbers.id, phoneNumber: phoneNumbers.phoneNumber, type: phoneNumbers.type, provider: phoneNumbers.provider, createdAt: phoneNumbers.createdAt })
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), isNull(phoneNumbers.releasedAt)))
    .orderBy(phoneNumbers.createdAt)
    .limit(500);
}

/** The account's carrier connections, without their sealed credentials. */
export async function connectionsOf(db: Db, accountId: string) {
  return db
    .select({ id: providerConnections.id, kind: providerConnections.kind, name: providerConnections.name, status: providerConnections.status, lastErrorCode: providerConnections.lastErrorCode, createdAt: providerConnections.createdAt })
    .from(providerConnections)
    .where(and(eq(providerConnections.accountId, accountId), isNull(providerConnections.deletedAt)))
    .orderBy(providerConnections.createdAt)
    .limit(200);
}

export async function membersOf(db: Db, accountId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(memberships.createdAt)
    .limit(500);
}

export async function notesOf(db: Db, accountId: string) {
  return db
    .select({ id: operatorAccountNotes.id, body: operatorAccountNotes.body, createdAt: operatorAccountNotes.createdAt, operatorId: operators.id, operatorName: operators.name })
    .from(operatorAccountNotes)
    .innerJoin(operators, eq(operators.id, operatorAccountNotes.operatorId))
    .where(eq(operatorAccountNotes.accountId, accountId))
    .orderBy(desc(operatorAccountNotes.createdAt))
    .limit(200);
}

export async function insertNote(tx: Db, row: typeof operatorAccountNotes.$inferInsert): Promise<void> {
  await tx.insert(operatorAccountNotes).values(row);
}
