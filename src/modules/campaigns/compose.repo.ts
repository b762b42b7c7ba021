/** SQL of composing campaign texts: the account's business name, and the worst case over an audience. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contacts } from '../../db/schema/index.js';
import { layoutSql } from './compose-sql.js';

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** The business name that sender identification puts in front of a text. */
export async function businessName(db: Db, accountId: string): Promise<string> {
  const [a] = await rows<{ name: string }>(db, sql`select name from accounts where id = ${accountId}`);
  return a?.name ?? '';
}

export interface WorstRow { contact_id: string; text: string; encoding: 'GSM-7' | 'UCS-2'; segments: number; units: number; blank: boolean }

/**
 * The costliest final texts among the audience's eligible contacts (`reason` NULL), computed in SQL:
 * most segments, then UCS-2, then most units — and first of all any text that would be blank.
 */
export function worstTexts(db: Db, accountId: string, audience: SQL, reason: SQL, text: SQL, limit = 3) {
  return rows<WorstRow>(db, sql`
    select c.id as contact_id, c.t as text, l.encoding, l.segments, l.units, c.t ~ '^[[:space:]]*$' as blank
    from (select ${contacts.id} as id, ${text} as t from ${contacts}
      where ${contacts.accountId} = ${accountId} and ${audience} and (${reason}) is null) c
    cross join lateral ${layoutSql(sql`c.t`)} as l
    order by (c.t ~ '^[[:space:]]*$') desc, l.segments desc, (l.encoding = 'UCS-2') desc, l.units desc, c.id
    limit ${limit}`);
}

/** A few eligible contacts of the audience (id order), as samples for the composer's preview. */
export async function sampleContacts(db: Db, accountId: string, audience: SQL, reason: SQL, limit: number): Promise<string[]> {
  const r = await rows<{ id: string }>(db, sql`
    select ${contacts.id} as id from ${contacts} where ${contacts.accountId} = ${accountId} and ${audience} and (${reason}) is null
    order by ${contacts.id} limit ${limit}`);
  return r.map((x) => x.id);
}
