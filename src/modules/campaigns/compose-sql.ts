/**
 * Composing campaign texts per recipient in SQL, set-based (no database access here: fragments the
 * repositories run). The same rules as messaging/compose.ts (which the composer's preview runs in JS):
 * merge → sender identification and opt-out language → smart encoding (only when the whole text then
 * fits GSM-7) → encoding and segments of exactly the text that goes out.
 *
 * Segments: GSM-7 160 septets in one segment, else 153 per segment, an extension-table character
 * counting 2; UCS-2 70 UTF-16 units, else 67 per segment (a character beyond the BMP counts 2). The
 * JS rule moves an escape pair, a surrogate pair or a grapheme cluster that straddles a segment edge
 * whole to the next segment; this count does not, so a multi-segment text can be one segment short
 * in that rare case (the 10-segment check re-counts its worst case in JS).
 */
import { sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.js';
import { GSM7_BASIC, GSM7_EXTENDED, SEGMENT_UNITS, SMART_ENCODING_MAP } from '../../lib/sms-encoding.js';
import { URL_PATTERN } from '../links/links.js';
import { OPT_OUT_LANGUAGE, type SenderIdMode } from '../messaging/compose.js';

const GSM_ALL = GSM7_BASIC + GSM7_EXTENDED;
/** Characters outside the BMP (two UTF-16 units each). */
const ASTRAL = '[\\U00010000-\\U0010FFFF]';
/** What JS String.prototype.trim removes, for btrim() (cheaper per row than a regexp_replace). */
const WS_CHARS = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const trimSql = (text: SQL): SQL => sql`btrim(${text}, ${WS_CHARS}::text)`;
/** messaging/compose.ts HAS_OPT_OUT (`\b…\b`, case-insensitive). */
const HAS_OPT_OUT = '\\m(STOP|UNSUBSCRIBE|OPT[ -]?OUT)\\M';

const pairs = [...SMART_ENCODING_MAP];
const oneToOne = pairs.filter(([, to]) => to.length === 1);
const removed = pairs.filter(([, to]) => to === '');
const longer = pairs.filter(([, to]) => to.length > 1);
/** translate(): 1:1 replacements, then the removed characters (no counterpart: translate drops them). */
const SMART_FROM = oneToOne.map(([f]) => f).join('') + removed.map(([f]) => f).join('');
const SMART_TO = oneToOne.map(([, t]) => t).join('');

/** Any character smart encoding replaces (each written as a \\uXXXX escape). */
const SMART_ANY = `[${[...SMART_ENCODING_MAP.keys()].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`;

/** Every look-alike replaced (unconditionally): translate() for 1:1 and removals, replace() for the rest (… → ...). */
export function smartEncodeSql(text: SQL): SQL {
  let out = sql`translate(${text}, ${SMART_FROM}::text, ${SMART_TO}::text)`;
  for (const [from, to] of longer) out = sql`replace(${out}, ${from}::text, ${to}::text)`;
  return out;
}

/**
 * One bracket expression of every GSM-7 character (regex specials escaped). A match is ~100× cheaper
 * per row than translate() with the 137-character set (which compares each character of the text
 * with each of the set's) and gives the same answer for every code point (checked for all of them).
 */
const GSM_ONLY = `^[${GSM_ALL.replace(/[\\\][^-]/g, (c) => `\\${c}`)}]*$`;

/** The text holds only GSM-7 characters (basic or extension table). */
export const isGsmSql = (text: SQL): SQL => sql`(${text} ~ ${GSM_ONLY}::text)`;

/** Only characters of the GSM-7 basic alphabet (one septet each: a text of them has as many units as characters). */
const GSM_BASIC_ONLY = `^[${GSM7_BASIC.replace(/[\\\][^-]/g, (c) => `\\${c}`)}]*$`;
const BASIC = new Set(GSM7_BASIC);

/**
 * For the fan-out's layout: when every fixed part a recipient's text can be made of (`fixed`: the
 * template without its merge fields, the business name, the opt-out language) is GSM-7 basic, a
 * per-row condition that holds when the merged `values` are too — then the whole text is GSM-7 basic
 * (composing only joins, trims and, with smart encoding, leaves a GSM-7 text as it is), its units its
 * length. Null when a fixed part is not: every row takes layoutSql. A short match on each value
 * instead of the full text's GSM test, extension count and nested subqueries (~15 µs of database CPU a row).
 */
export function basicGsmSql(fixed: string[], values: SQL[]): SQL | null {
  if (!fixed.every((part) => [...part].every((ch) => BASIC.has(ch)))) return null;
  if (!values.length) return sql`true`;
  return sql`(${sql.join(values.map((v) => sql`${v} ~ ${GSM_BASIC_ONLY}::text`), sql` and `)}) is true`;
}

/** A merge field's value: blank → NULL (the fallback), booleans as yes/no, objects and arrays → NULL (as the preview). */
export function mergeValueSql(value: SQL, json?: SQL): SQL {
  const text = json
    ? sql`case jsonb_typeof(${json}) when 'boolean' then case when (${json})::text = 'true' then 'yes' else 'no' end when 'object' then null when 'array' then null else ${value} end`
    : value;
  return sql`nullif(${trimSql(text)}, '')`;
}

/** The contact (row of `contacts` in scope) never got a text from the account. */
export const firstMessageSql = (): SQL =>
  sql`not exists (select 1 from messages fm where fm.account_id = ${contacts.accountId} and fm.contact_id = ${contacts.id} and fm.direction = 'outbound')`;

export interface ComposeSqlRules {
  smartEncoding: boolean; businessName: string; senderId: SenderIdMode;
  /** Every recipient's text already tells how to opt out (optOutInTemplate): the per-row check is skipped. */
  optOutInTemplate?: boolean;
}

/**
 * Whether any text made from this template tells how to opt out: the words match with every merge
 * field replaced by a letter (so none of them touches a field, whose value could join the word) —
 * or the business name, which leads every identified text, holds them.
 */
export function optOutInTemplate(body: string, tokens: ReadonlyArray<{ token: string }>, businessName: string): boolean {
  // Between spaces (or the ends), the words can never be part of a URL, whatever the fields hold.
  const words = /(^|\s)(STOP|UNSUBSCRIBE|OPT[ -]?OUT)(?=$|[\s.,;:!?)])/i;
  const urls = new RegExp(URL_PATTERN, 'gi');
  return words.test(tokens.reduce((b, t) => b.split(t.token).join('x'), body).replace(urls, ' ')) || words.test(businessName.replace(urls, ' '));
}

/** withSenderId in SQL: the business name leads and "Reply STOP to opt out" ends the text when the rule applies. */
export function senderIdSql(merged: SQL, rules: ComposeSqlRules): SQL {
  if (rules.senderId === 'never') return merged;
  const name = rules.businessName.trim();
  const applies = rules.senderId === 'always' ? sql`true` : firstMessageSql();
  const named = name
    ? sql`case when lower(left(t1.t, ${[...name].length}::int)) = lower(${name}::text) then t1.t else ${name}::text || ': ' || t1.t end`
    : sql`t1.t`;
  const told = rules.optOutInTemplate ? sql`true` : sql`regexp_replace(t2.t, ${URL_PATTERN}::text, ' ', 'gi') ~* ${HAS_OPT_OUT}::text`;
  return sql`(select case when not (${applies}) then b.raw when ${told} then t2.t else t2.t || ${`\n${OPT_OUT_LANGUAGE}`}::text end
    from (select ${merged} as raw offset 0) b
    cross join lateral (select ${trimSql(sql`b.raw`)} as t offset 0) t1
    cross join lateral (select ${named} as t offset 0) t2)`;
}

/**
 * The text that goes out: merged body (SQL), sender identification, smart encoding when it makes the
 * text GSM-7 — worked out only for a text that is not GSM-7 already (most are) and holds a look-alike
 * (translate() compares each character with each of the ~200 mapped ones). `offset 0` as in layoutSql.
 */
export function composedTextSql(merged: SQL, rules: ComposeSqlRules): SQL {
  const full = senderIdSql(merged, rules);
  if (!rules.smartEncoding) return full;
  return sql`(select case when ${isGsmSql(sql`f.t`)} or f.t !~ ${SMART_ANY}::text then f.t
      else (select case when ${isGsmSql(sql`s.t`)} then s.t else f.t end from (select ${smartEncodeSql(sql`f.t`)} as t offset 0) s) end
    from (select ${full} as t offset 0) f)`;
}

const { 'GSM-7': GSM, 'UCS-2': UCS } = SEGMENT_UNITS;

/**
 * layoutSql with a short cut: for a row where `basic` (basicGsmSql, computed with the text) holds,
 * GSM-7 with its length as its units; the other rows take layoutSql. The same columns and values.
 */
export function layoutFastSql(text: SQL, basic: SQL, opts: { mms?: boolean } = {}): SQL {
  const segments = opts.mms
    ? sql`1`
    : sql`case when f.units = 0 then 0 when f.units <= ${GSM.single}::int then 1 else ceil(f.units::numeric / ${GSM.multi}::int)::int end`;
  return sql`(select 'GSM-7'::text as encoding, f.units, ${segments} as segments from (select char_length(${text}) as units offset 0) f where ${basic}
    union all select l0.encoding, l0.units, l0.segments from ${layoutSql(text, opts)} as l0 where not ${basic})`;
}

/**
 * A subquery (for `cross join lateral … as l`) giving `encoding`, `units` and `segments` of a
 * final text; `mms`: one message whatever the text's length (segments 1). `offset 0` keeps each
 * level a subquery of its own, computed once per row: flattened, the planner copied the text and
 * the GSM test into every place that uses them (about ten evaluations a row).
 */
export function layoutSql(text: SQL, opts: { mms?: boolean } = {}): SQL {
  const segments = opts.mms
    ? sql`1`
    : sql`case when x.units = 0 then 0 when x.units <= case when x.gsm then ${GSM.single}::int else ${UCS.single}::int end then 1
        else ceil(x.units::numeric / case when x.gsm then ${GSM.multi}::int else ${UCS.multi}::int end)::int end`;
  return sql`(select case when x.gsm then 'GSM-7' else 'UCS-2' end as encoding, x.units, ${segments} as segments
    from (select g.gsm, char_length(g.t) + case when g.gsm then char_length(g.t) - char_length(translate(g.t, ${GSM7_EXTENDED}::text, ''::text))
        else char_length(g.t) - char_length(regexp_replace(g.t, ${ASTRAL}::text, ''::text, 'g')) end as units
      from (select y.t, ${isGsmSql(sql`y.t`)} as gsm from (select ${text} as t offset 0) y offset 0) g offset 0) x)`;
}
