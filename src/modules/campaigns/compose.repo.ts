/** SQL of composing campaign texts: the account's business name, and the worst case over an audience. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rows } from './campaigns.repo.js';
import { contacts } from '../../db/schema/index.js';
import { layoutSql } from './compose-sql.js';

/** The business name that sender identification puts in front of a text. */
export async function businessName(db: Db, accountId: string): Promise<string> {
  const [a] = await rows<{ name: string }>(db, sql`select name from accounts where id = ${accountId}`);
  return a?.name ?? '';
}

export interface WorstRow { contact_id: string; text: string; encoding: 'GSM-7' | 'UCS-2'; segments: number; units: number; blank: boolean }

/**
 * Bounds of each recipient's final text when sender identification depends on the first message:
 * with it (`always`) and without (`never`) — the real text is one of the two, and neither needs the
 * per-row "texted before?" probe.
 */
export interface TextBounds { withId: SQL; withoutId: SQL }

/**
 * The costliest final texts among the audience's eligible contacts (`reason` NULL), computed in SQL:
 * most segments, then UCS-2, then most units — and first of all any text that would be blank. With
 * `bounds`, the whole audience is scanned with the two bounds only; the exact text is worked out for
 * the candidates: every contact whose text could be refused (up to 200) and the costliest by the bounds.
 */
export function worstTexts(db: Db, accountId: string, audience: SQL, reason: SQL, text: SQL, limit = 3, bounds?: TextBounds) {
  const eligible = sql`${contacts.accountId} = ${accountId} and ${audience} and (${reason}) is null`;
  const from = bounds
    ? sql`(select ${contacts.id} as id, ${text} as t from ${contacts} join (
        (select id from b where b.bs > 10 or b.bl > 1600 or b.rs > 10 or b.rl > 1600 or b.rblank limit 200)
        union (select id from b order by greatest(b.bs, b.rs) desc, b.ucs desc, greatest(b.bu, b.ru) desc, b.id limit ${limit})
      ) cand on cand.id = ${contacts.id} where ${contacts.accountId} = ${accountId} offset 0) c`
    : sql`(select ${contacts.id} as id, ${text} as t from ${contacts} where ${eligible}) c`;
  const scan = bounds ? sql`with b as (
      select c.id, lb.segments as bs, lb.units as bu, char_length(c.b) as bl, lr.segments as rs, lr.units as ru, char_length(c.r) as rl,
        (lb.encoding = 'UCS-2' or lr.encoding = 'UCS-2') as ucs, c.r ~ '^[[:space:]]*$' as rblank
      from (select ${contacts.id} as id, ${bounds.withId} as b, ${bounds.withoutId} as r from ${contacts} where ${eligible} offset 0) c
      cross join lateral ${layoutSql(sql`c.b`)} as lb cross join lateral ${layoutSql(sql`c.r`)} as lr
    )` : sql``;
  return rows<WorstRow>(db, sql`${scan}
    select c.id as contact_id, c.t as text, l.encoding, l.segments, l.units, c.t ~ '^[[:space:]]*$' as blank
    from ${from}
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
