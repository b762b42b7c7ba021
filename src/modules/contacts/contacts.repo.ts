import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { contacts, customFields } from '../../db/schema/index.js';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type ContactPatch = Partial<Omit<ContactInsert, 'id' | 'accountId' | 'createdAt'>>;

const scoped = (accountId: string, where?: SQL) => (where ? and(eq(contacts.accountId, accountId), where)! : eq(contacts.accountId, accountId));

export async function insertContact(tx: Db, row: ContactInsert) {
  const [c] = await tx.insert(contacts).values(row).returning();
  return c;
}

/**
 * Inserts a contact unless the account already has one with that number (a concurrent first
 * text to the same person may have created it a moment ago); returns whichever is stored.
 */
export async function insertContactOnce(tx: Db, row: ContactInsert) {
  const [c] = await tx.insert(contacts).values(row).onConflictDoNothing({ target: [contacts.accountId, contacts.phone] }).returning();
  return c ?? (await findByPhone(tx, row.accountId, row.phone))!;
}

export async function findContact(db: Db, accountId: string, id: string) {
  const [c] = await db.select().from(contacts).where(scoped(accountId, eq(contacts.id, id)));
  return c ?? null;
}

/** The account's contacts among these ids (any order; ids of other accounts are not found). */
export async function findContactsByIds(db: Db, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(contacts).where(scoped(accountId, inArray(contacts.id, ids)));
}

export async function findByPhone(db: Db, accountId: string, phone: string) {
  const [c] = await db.select().from(contacts).where(scoped(accountId, eq(contacts.phone, phone)));
  return c ?? null;
}

export async function updateContact(tx: Db, accountId: string, id: string, patch: ContactPatch) {
  const [c] = await tx.update(contacts).set({ ...patch, updatedAt: new Date() }).where(scoped(accountId, eq(contacts.id, id))).returning();
  return c ?? null;
}

/** Newest first, keyset-paginated on (created_at, id); each row with its position time in microseconds (`us`). */
export async function listContacts(db: Db, accountId: string, where: SQL | undefined, cursor: KeysetPosition | null, limit: number) {
  const after = cursor ? afterPositionSql(contacts.createdAt, contacts.id, cursor, 'desc') : undefined;
  const conds = [where, after].filter(Boolean) as SQL[];
  return db
    .select({ row: contacts, us: positionUsSql(contacts.createdAt) })
    .from(contacts)
    .where(scoped(accountId, conds.length ? and(...conds) : undefined))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit);
}

/** A page of contacts in a chosen order (contact-sort.ts gives the ORDER BY and the keyset condition). */
export async function listContactsOrdered(db: Db, accountId: string, where: SQL | undefined, order: { orderBy: SQL[]; after: SQL | undefined }, limit: number) {
  const conds = [where, order.after].filter(Boolean) as SQL[];
  return db.select().from(contacts).where(scoped(accountId, conds.length ? and(...conds) : undefined)).orderBy(...order.orderBy).limit(limit);
}

/** The account's tags with how many contacts carry each, most used first (suggestions in the web app). */
export async function tagCounts(db: Db, accountId: string, prefix: string | undefined, limit: number) {
  const like = prefix ? `${prefix.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const r = (await db.execute(sql`
    select t as tag, count(*)::int as n from ${contacts}, unnest(${contacts.tags}) t
    where ${contacts.accountId} = ${accountId} and (${like}::text is null or lower(t) like ${like}::text)
    group by t order by count(*) desc, t limit ${limit}`)) as unknown as { rows: Array<{ tag: string; n: number | string }> };
  return r.rows.map((x) => ({ tag: x.tag, count: Number(x.n) }));
}

export async function countContacts(db: Db, accountId: string, where: SQL | undefined) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(scoped(accountId, where));
  return r.n;
}

/** Streams a selection in id order, page by page (exports and bulk actions). */
export async function contactsPage(db: Db, accountId: string, where: SQL | undefined, afterId: string | null, limit: number) {
  const after = afterId ? sql`${contacts.id} > ${afterId}` : undefined;
  const conds = [where, after].filter(Boolean) as SQL[];
  return db.select().from(contacts).where(scoped(accountId, conds.length ? and(...conds) : undefined)).orderBy(asc(contacts.id)).limit(limit);
}

export async function addTags(tx: Db, accountId: string, where: SQL | undefined, tags: string[]) {
  const r = await tx
    .update(contacts)
    .set({
      tags: sql`(select coalesce(array_agg(distinct t order by t), '{}') from unnest(${contacts.tags} || ${sql.param(tags)}::text[]) t)`,
      updatedAt: new Date(),
    })
    .where(scoped(accountId, where))
    .returning({ id: contacts.id });
  return r.length;
}

export async function removeTags(tx: Db, accountId: string, where: SQL | undefined, tags: string[]) {
  const r = await tx
    .update(contacts)
    .set({
      tags: sql`(select coalesce(array_agg(t order by t), '{}') from unnest(${contacts.tags}) t where not (t = any(${sql.param(tags)}::text[])))`,
      updatedAt: new Date(),
    })
    .where(scoped(accountId, sql`${contacts.tags} && ${sql.param(tags)}::text[]${where ? sql` and ${where}` : sql``}`))
    .returning({ id: contacts.id });
  return r.length;
}

/** The ids of the account's contacts a WHERE fragment matches. */
export async function idsWhere(db: Db, accountId: string, where: SQL | undefined): Promise<string[]> {
  return (await db.select({ id: contacts.id }).from(contacts).where(scoped(accountId, where))).map((r) => r.id);
}

export async function deleteContacts(tx: Db, accountId: string, where: SQL | undefined) {
  return tx.delete(contacts).where(scoped(accountId, where)).returning({ id: contacts.id, phone: contacts.phone });
}

// ---- custom fields ----
export type CustomFieldRow = typeof customFields.$inferSelect;

export async function listFields(db: Db, accountId: string) {
  return db.select().from(customFields).where(eq(customFields.accountId, accountId)).orderBy(asc(customFields.createdAt));
}

export async function insertField(tx: Db, row: typeof customFields.$inferInsert) {
  const [f] = await tx.insert(customFields).values(row).returning();
  return f;
}

export async function updateField(tx: Db, accountId: string, id: string, patch: { label?: string; choices?: string[] }) {
  const [f] = await tx.update(customFields).set(patch).where(and(eq(customFields.accountId, accountId), eq(customFields.id, id))).returning();
  return f ?? null;
}

export async function deleteField(tx: Db, accountId: string, id: string) {
  const [f] = await tx.delete(customFields).where(and(eq(customFields.accountId, accountId), eq(customFields.id, id))).returning();
  if (f) await tx.update(contacts).set({ fields: sql`${contacts.fields} - ${f.key}` }).where(and(eq(contacts.accountId, accountId), sql`${contacts.fields} ? ${f.key}`));
  return f ?? null;
}

export async function touchLastMessage(tx: Db, accountId: string, id: string) {
  await tx.update(contacts).set({ lastMessageAt: sql`now()` }).where(scoped(accountId, eq(contacts.id, id)));
}

/**
 * CTEs for a composed statement (the send's, messaging/send.repo.ts): `<name>` yields the id of the
 * account's contact of a phone number, inserted (insertContactOnce's columns) when there is none —
 * only when `when` holds. It is empty when another transaction inserted the same number after this
 * statement's snapshot (the insert conflicts, the snapshot does not see the row): the caller runs the
 * statement again. Every value is an SQL expression (parameters).
 */
export function contactOnceSql(name: string, v: {
  when: string; accountId: string; id: string; phone: string; phoneType: string; country: string; timeZone: string; timeZoneSource: string; consentState: string;
}) {
  return `${name}_found as (select id from contacts where account_id = ${v.accountId} and phone = ${v.phone} and ${v.when}),
  ${name}_new as (
    insert into contacts (id, account_id, phone, phone_type, country, time_zone, time_zone_source, consent_state)
    select ${v.id}, ${v.accountId}, ${v.phone}, ${v.phoneType}, ${v.country}, ${v.timeZone}, ${v.timeZoneSource}, ${v.consentState}
    where ${v.when} and not exists (select 1 from ${name}_found)
    on conflict (account_id, phone) do nothing
    returning id),
  ${name} as (select id from ${name}_found union all select id from ${name}_new)`;
}

/**
 * contactOnceSql over a set of rows (the batched send's): each row of `source` (aliased `s`, keyed by its
 * column `n`) gets the id of its account's contact of its phone, inserted when there is none; `<name>`
 * yields (n, id). Values are SQL expressions over `s`. No two rows of `source` may name the same
 * (account, phone). A row is missing from `<name>` when another transaction inserted the same number
 * after this statement's snapshot, as with contactOnceSql.
 */
export function contactsOnceSql(name: string, source: string, v: {
  accountId: string; id: string; phone: string; phoneType: string; country: string; timeZone: string; timeZoneSource: string; consentState: string;
}) {
  return `${name}_found as (select s.n, c.id from ${source} s join contacts c on c.account_id = ${v.accountId} and c.phone = ${v.phone}),
  ${name}_new as (
    insert into contacts (id, account_id, phone, phone_type, country, time_zone, time_zone_source, consent_state)
    select ${v.id}, ${v.accountId}, ${v.phone}, ${v.phoneType}, ${v.country}, ${v.timeZone}, ${v.timeZoneSource}, ${v.consentState}
    from ${source} s where not exists (select 1 from ${name}_found f where f.n = s.n)
    on conflict (account_id, phone) do nothing
    returning id),
  ${name} as (select n, id from ${name}_found union all select s.n, s_new.id from ${source} s join ${name}_new s_new on s_new.id = ${v.id})`;
}
