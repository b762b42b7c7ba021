import { and, asc, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { numberPoolMembers, numberPools, phoneNumbers } from '../../db/schema/index.js';

export type PoolRow = typeof numberPools.$inferSelect;
export interface PoolNumber { id: string; phoneNumber: string; provider: string }

export async function insertPool(tx: Db, row: { id: string; accountId: string; name: string }) {
  const [p] = await tx.insert(numberPools).values(row).returning();
  return p;
}

export async function findPool(db: Db, accountId: string, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select().from(numberPools).where(and(eq(numberPools.accountId, accountId), eq(numberPools.id, id)));
  const [p] = opts.lock ? await q.for('update') : await q;
  return p ?? null;
}

export const listPools = (db: Db, accountId: string) =>
  db.select().from(numberPools).where(eq(numberPools.accountId, accountId)).orderBy(asc(numberPools.createdAt)).limit(500);

export async function renamePool(tx: Db, accountId: string, id: string, name: string | undefined) {
  const [p] = await tx.update(numberPools).set({ ...(name !== undefined ? { name } : {}), updatedAt: new Date() })
    .where(and(eq(numberPools.accountId, accountId), eq(numberPools.id, id))).returning();
  return p;
}

export async function deletePool(tx: Db, accountId: string, id: string) {
  await tx.delete(numberPools).where(and(eq(numberPools.accountId, accountId), eq(numberPools.id, id)));
}

/** Makes the pool's numbers exactly `numberIds` (kept members keep their assignment counters). */
export async function setMembers(tx: Db, accountId: string, poolId: string, numberIds: string[]) {
  const mine = and(eq(numberPoolMembers.accountId, accountId), eq(numberPoolMembers.poolId, poolId));
  await tx.delete(numberPoolMembers).where(numberIds.length ? and(mine, notInArray(numberPoolMembers.numberId, numberIds)) : mine);
  if (numberIds.length) {
    await tx.insert(numberPoolMembers).values(numberIds.map((numberId) => ({ accountId, poolId, numberId }))).onConflictDoNothing();
  }
}

/** The live (not released) numbers of the given pools, in the order they joined. */
export function poolNumbers(db: Db, accountId: string, poolIds: string[]) {
  if (!poolIds.length) return Promise.resolve([]);
  return db.select({ poolId: numberPoolMembers.poolId, id: phoneNumbers.id, phoneNumber: phoneNumbers.phoneNumber, provider: phoneNumbers.provider })
    .from(numberPoolMembers)
    .innerJoin(phoneNumbers, and(eq(phoneNumbers.accountId, numberPoolMembers.accountId), eq(phoneNumbers.id, numberPoolMembers.numberId)))
    .where(and(eq(numberPoolMembers.accountId, accountId), inArray(numberPoolMembers.poolId, poolIds), isNull(phoneNumbers.releasedAt)))
    .orderBy(asc(numberPoolMembers.addedAt), asc(phoneNumbers.id));
}

/** The live numbers of the account among `ids` (the others are not the account's, or released). */
export function liveNumbersIn(db: Db, accountId: string, ids: string[]) {
  return db.select({ id: phoneNumbers.id }).from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), inArray(phoneNumbers.id, ids), isNull(phoneNumbers.releasedAt)));
}

/** The live members of a pool, as a SQL row source (number_id). */
const liveMembers = (accountId: string, poolId: string) => sql`
  select m.number_id, m.assigned, m.added_at from number_pool_members m
  join phone_numbers n on n.account_id = m.account_id and n.id = m.number_id and n.released_at is null
  where m.account_id = ${accountId}::uuid and m.pool_id = ${poolId}::uuid`;

/**
 * Sticky sender, set-based: every contact of `contacts` (a query yielding contact_id) without a
 * live assignment in the pool gets one — new contacts fill the live numbers up evenly (each next
 * one to the number with the fewest assigned so far: a number that just joined takes them until it
 * has caught up); an assignment whose number left the pool (or was released) is replaced. A
 * concurrent writer's live assignment is kept. Returns how many were written.
 */
export async function assignSenders(tx: Db, accountId: string, poolId: string, contacts: SQL): Promise<number> {
  const res = await tx.execute(sql`
    with mem as (${liveMembers(accountId, poolId)}), need as (
      select x.contact_id, row_number() over (order by x.contact_id) as rn
      from (${contacts}) x
      left join pool_senders s on s.account_id = ${accountId}::uuid and s.pool_id = ${poolId}::uuid and s.contact_id = x.contact_id
      where s.contact_id is null or s.number_id not in (select number_id from mem)
    ), slots as (
      -- Each number's next places (its count + 1, + 2, …); the first |need| of them in order fill the pool evenly.
      select mem.number_id, row_number() over (order by g.pos, mem.added_at, mem.number_id) as rn
      from mem cross join (select count(*)::int as m from need) n cross join lateral generate_series(mem.assigned + 1, mem.assigned + n.m) as g(pos)
    ), ins as (
      insert into pool_senders (account_id, pool_id, contact_id, number_id, assigned_at)
      select ${accountId}::uuid, ${poolId}::uuid, need.contact_id, slots.number_id, now() from need join slots on slots.rn = need.rn
      on conflict (account_id, pool_id, contact_id) do update set number_id = excluded.number_id, assigned_at = excluded.assigned_at
        where pool_senders.number_id not in (select number_id from (${liveMembers(accountId, poolId)}) l2)
      returning number_id
    ), counted as (
      update number_pool_members m set assigned = m.assigned + c.n
      from (select number_id, count(*)::int as n from ins group by number_id) c
      where m.account_id = ${accountId}::uuid and m.pool_id = ${poolId}::uuid and m.number_id = c.number_id
      returning c.n
    )
    select coalesce(sum(n), 0)::int as n from counted`);
  return (res as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0;
}

/** Each contact's assigned number in the pool (contact_id, number_id, phone_number, provider), as a SQL row source. */
export const senderSource = (accountId: string, poolId: string): SQL => sql`(
  select s.contact_id, n.id as number_id, n.phone_number, n.provider from pool_senders s
  join phone_numbers n on n.account_id = s.account_id and n.id = s.number_id
  where s.account_id = ${accountId}::uuid and s.pool_id = ${poolId}::uuid)`;
