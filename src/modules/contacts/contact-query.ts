import { and, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.js';
import { parsePhone } from '../../lib/phone.js';
import { filterSql, type SegmentFilter } from './segments.js';

export interface ContactQuery {
  query?: string;
  tag?: string;
  segment?: SegmentFilter;
  ids?: string[];
  fields?: Record<string, string>;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Free-text search: a phone number in any format, a name, or an email (case and accents do not matter). */
export function searchSql(q: string, defaultCountry: string): SQL {
  const text = q.trim();
  const parts: SQL[] = [
    // wm_fold (migration 0046): case- and accent-insensitive on both databases ("garcia" finds "García").
    sql`wm_fold(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')) like wm_fold(${like(text)})`,
    sql`wm_fold(coalesce(${contacts.email}, '')) like wm_fold(${like(text)})`,
  ];
  const phone = parsePhone(text, defaultCountry);
  if (phone) parts.push(sql`${contacts.phone} = ${phone.e164}`);
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 3 && /^[\d\s()+.-]+$/.test(text)) parts.push(sql`${contacts.phone} like ${like(digits)}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The WHERE fragment (without the account scope) of a contact selection. */
export function contactWhere(q: ContactQuery, defaultCountry: string): SQL | undefined {
  const conds: SQL[] = [];
  if (q.query?.trim()) conds.push(searchSql(q.query, defaultCountry));
  if (q.tag) conds.push(sql`${contacts.tags} @> array[${q.tag}]::text[]`);
  if (q.segment) conds.push(filterSql(q.segment));
  if (q.ids) conds.push(q.ids.length ? sql`${contacts.id} = any(${sql.param(q.ids)}::uuid[])` : sql`false`);
  for (const [key, value] of Object.entries(q.fields ?? {})) conds.push(sql`lower(${contacts.fields} ->> ${key}) = lower(${value})`);
  return conds.length ? and(...conds) : undefined;
}
