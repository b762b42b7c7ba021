/**
 * A campaign's audience and its gates as SQL fragments over `contacts` (no database access here):
 * the repository runs them set-based, so recipients are never loaded into memory.
 */
import { sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.js';
import { filterSql, type SegmentFilter } from '../contacts/segments.js';
import type { MergeToken } from './merge-fields.js';
import { mergeValueSql } from './compose-sql.js';

/** An audience with its segments' filters loaded and public ids turned into row ids. */
export interface ResolvedAudience {
  segments: SegmentFilter[];
  tags: string[];
  contactIds: string[];
  importIds: string[];
  exclude: { segments: SegmentFilter[]; tags: string[]; contactedWithinDays: number | null };
}

export interface Gates {
  /** Marketing texts a contact may get within `frequencyDays` (account setting). */
  frequencyCap: number;
  frequencyDays: number;
  now: Date;
  /** The campaign being fanned out: its own messages do not count against the cap. */
  campaignId: string | null;
  /** Destination countries the account may text (accounts/destinations.ts); a contact of another country is skipped. */
  countries?: readonly string[];
}

const anyOf = (parts: SQL[]) => (parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`);

/** Contacts in any of the includes and none of the exclusions (a NULL condition never excludes). */
export function audienceSql(a: ResolvedAudience, now: Date): SQL {
  const include = anyOf([
    ...a.segments.map((s) => filterSql(s)),
    ...(a.tags.length ? [sql`${contacts.tags} && ${sql.param(a.tags)}::text[]`] : []),
    ...(a.contactIds.length ? [sql`${contacts.id} = any(${sql.param(a.contactIds)}::uuid[])`] : []),
    ...(a.importIds.length ? [sql`${contacts.importId} = any(${sql.param(a.importIds)}::uuid[])`] : []),
  ]);
  const x = a.exclude;
  const exclude = anyOf([
    ...x.segments.map((s) => sql`coalesce(${filterSql(s)}, false)`),
    ...(x.tags.length ? [sql`${contacts.tags} && ${sql.param(x.tags)}::text[]`] : []),
    ...(x.contactedWithinDays
      ? [sql`coalesce(${contacts.lastMessageAt} > ${now.toISOString()}::timestamptz - make_interval(days => ${x.contactedWithinDays}), false)`]
      : []),
  ]);
  return sql`(${include} and not ${exclude})`;
}

/** The first skip reason that holds for the contact (SKIP_REASONS order), NULL when it may be texted. */
export function skipReasonSql(g: Gates): SQL {
  const since = sql`${g.now.toISOString()}::timestamptz - make_interval(days => ${g.frequencyDays})`;
  const own = g.campaignId ? sql`and m.campaign_id is distinct from ${g.campaignId}::uuid` : sql``;
  return sql`case
    when ${contacts.phone} !~ '^\\+[1-9][0-9]{6,14}$' then 'invalid_phone'
    when ${contacts.phoneType} = 'fixed_line' then 'landline'
    ${g.countries ? sql`when ${contacts.country} is not null and upper(${contacts.country}) <> all(${sql.raw(`array[${g.countries.filter((c) => /^[A-Z]{2}$/.test(c)).map((c) => `'${c}'`).join(',') || "''"}]::text[]`)}) then 'destination_not_allowed'` : sql``}
    when ${contacts.consentState} = 'opted_out'
      or exists (select 1 from suppressions s where s.account_id = ${contacts.accountId} and s.phone = ${contacts.phone}) then 'opted_out'
    when ${contacts.consentState} <> 'opted_in' then 'no_consent'
    when (select count(*) from messages m where m.account_id = ${contacts.accountId} and m.contact_id = ${contacts.id}
      and m.kind = 'marketing' and m.created_at > ${since} and m.status <> 'canceled' ${own}) >= ${g.frequencyCap} then 'frequency_cap'
  end`;
}

const FIELD_VALUE: Record<string, SQL> = {
  first_name: sql`${contacts.firstName}`,
  last_name: sql`${contacts.lastName}`,
  email: sql`${contacts.email}`,
  phone: sql`${contacts.phone}`,
};

/** What a merge field puts into the contact's text: its value, else (missing or blank) its fallback. */
export function mergeTokenValueSql(t: MergeToken): SQL {
  const value = FIELD_VALUE[t.name] ? mergeValueSql(FIELD_VALUE[t.name]) : mergeValueSql(sql`(${contacts.fields} ->> ${t.name}::text)`, sql`(${contacts.fields} -> ${t.name}::text)`);
  return sql`coalesce(${value}, ${t.fallback}::text)`;
}

/** The body with each merge field filled from the contact (its fallback when missing or blank), as messaging/merge-fields.ts renders it. */
export function mergedBodySql(template: string, tokens: MergeToken[]): SQL {
  if (!tokens.length) return sql`${template}::text`;
  // One pass: the template's literal parts and its fields' values joined, so a value that looks like a merge field stays text
  // (replace() field by field filled in a later field named in an earlier one's value, which the preview does not).
  const byToken = new Map(tokens.map((t) => [t.token, t]));
  const escaped = [...byToken.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = template.split(new RegExp(`(${escaped.join('|')})`)); // odd indexes: the tokens
  return sql`(${sql.join(parts.map((p, i) => (i % 2 ? mergeTokenValueSql(byToken.get(p)!) : sql`${p}::text`)), sql` || `)})`;
}

/** The contact's NANP area code (for the state's quiet-hour rule), NULL outside +1. */
export const areaCodeSql = () => sql`case when ${contacts.phone} ~ '^\\+1[2-9][0-9]{9}$' then substr(${contacts.phone}, 3, 3) end`;
