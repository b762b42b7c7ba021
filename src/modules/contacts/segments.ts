import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '../../db/schema/index.js';
import { IsoDate, IsoDateTime, isIsoDate } from '../../lib/dates.js';
import { FIELD_KEY, type FieldType } from './fields.js';

const Scalar = z.union([z.string().max(500), z.number().min(-1e15).max(1e15), z.boolean()]);
const DATE_OPS = ['before', 'after'] as const;

export const Condition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tag'), op: z.enum(['has', 'not_has']), value: z.string().trim().min(1).max(100) }),
  z.object({
    type: z.literal('field'),
    key: z.string().regex(FIELD_KEY),
    op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'is_set', 'not_set']),
    value: Scalar.optional(),
  }),
  z.object({ type: z.literal('consent'), op: z.enum(['is', 'is_not']), value: z.enum(['opted_in', 'opted_out', 'unknown']) }),
  z.object({ type: z.literal('phone_type'), op: z.enum(['is', 'is_not']), value: z.string().max(40) }),
  z.object({ type: z.literal('country'), op: z.enum(['is', 'is_not']), value: z.string().length(2).toUpperCase() }),
  z.object({
    type: z.enum(['created_at', 'last_message_at']),
    op: z.enum([...DATE_OPS, 'within_days', 'not_within_days']),
    value: z.union([IsoDate(), IsoDateTime(), z.number().int().min(0).max(36500)]),
  }).refine((c) => (DATE_OPS as readonly string[]).includes(c.op) === (typeof c.value === 'string'), {
    message: '"before"/"after" take a date (YYYY-MM-DD or an ISO date-time); "within_days"/"not_within_days" take a number of days.',
    path: ['value'],
  }),
]);
export type Condition = z.infer<typeof Condition>;

export const SegmentFilter = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(Condition).max(50).default([]),
});
export type SegmentFilter = z.infer<typeof SegmentFilter>;

export interface ConditionIssue {
  index: number;
  key: string;
  message: string;
}

const COMPARE = new Set(['gt', 'gte', 'lt', 'lte']);
/** What a field condition is checked against (a custom field row fits). */
export interface FieldShape { key: string; type: FieldType | string }

/** Why a field condition does not fit the field's type, or null when it does. */
export function fieldConditionIssue(c: Extract<Condition, { type: 'field' }>, field: FieldShape | undefined): string | null {
  if (!field) return `There is no custom field "${c.key}".`;
  if (c.op === 'is_set' || c.op === 'not_set') return null;
  if (c.value === undefined) return `"${c.op}" needs a value.`;
  switch (field.type) {
    case 'number':
      if (c.op === 'contains') return 'A number field cannot be searched with "contains".';
      return typeof c.value === 'number' && Number.isFinite(c.value) ? null : `"${c.key}" is a number field: compare it with a number.`;
    case 'date':
      if (c.op === 'contains') return 'A date field cannot be searched with "contains".';
      return isIsoDate(c.value) ? null : `"${c.key}" is a date field: compare it with a date (YYYY-MM-DD, years 1000–9999).`;
    case 'boolean':
      if (c.op !== 'eq' && c.op !== 'neq') return 'A yes/no field can only be compared with "eq" or "neq".';
      return typeof c.value === 'boolean' ? null : `"${c.key}" is a yes/no field: compare it with true or false.`;
    default:
      if (COMPARE.has(c.op) && field.type === 'choice') return 'A choice field can only be compared with "eq", "neq" or "contains".';
      return typeof c.value === 'string' ? null : `"${c.key}" is a ${field.type} field: compare it with text.`;
  }
}

/** Every field condition of a filter checked against the account's custom fields. */
export function filterIssues(filter: SegmentFilter, fields: FieldShape[]): ConditionIssue[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return filter.conditions.flatMap((c, index) => {
    if (c.type !== 'field') return [];
    const message = fieldConditionIssue(c, byKey.get(c.key));
    return message ? [{ index, key: c.key, message }] : [];
  });
}

const CMP = { gt: sql.raw('>'), gte: sql.raw('>='), lt: sql.raw('<'), lte: sql.raw('<=') } as const;

function fieldCondition(c: Extract<Condition, { type: 'field' }>): SQL {
  const json = sql`(${contacts.fields} -> ${c.key})`;
  const text = sql`(${contacts.fields} ->> ${c.key})`;
  switch (c.op) {
    case 'is_set':
      return sql`(${json} is not null and ${json} <> 'null'::jsonb)`;
    case 'not_set':
      return sql`(${json} is null or ${json} = 'null'::jsonb)`;
    case 'contains':
      return sql`${text} ilike ${`%${String(c.value ?? '').replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`;
    case 'eq':
    case 'neq': {
      const eq = typeof c.value === 'string' ? sql`lower(${text}) = lower(${c.value})` : sql`${json} = ${JSON.stringify(c.value ?? null)}::jsonb`;
      return c.op === 'eq' ? sql`coalesce(${eq}, false)` : sql`not coalesce(${eq}, false)`;
    }
    default: {
      // Numbers compare as numbers, everything else (ISO dates) as text.
      if (typeof c.value === 'number') {
        return sql`(case when jsonb_typeof(${json}) = 'number' then (${text})::numeric end) ${CMP[c.op]} ${c.value}`;
      }
      return sql`${text} ${CMP[c.op]} ${String(c.value ?? '')}`;
    }
  }
}

function dateCondition(c: Extract<Condition, { type: 'created_at' | 'last_message_at' }>): SQL {
  const col = c.type === 'created_at' ? contacts.createdAt : contacts.lastMessageAt;
  if (c.op === 'within_days' || c.op === 'not_within_days') {
    const since = sql`now() - make_interval(days => ${Number(c.value)}::int)`;
    return c.op === 'within_days' ? sql`${col} >= ${since}` : sql`(${col} is null or ${col} < ${since})`;
  }
  const at = sql`${String(c.value)}::timestamptz`;
  return c.op === 'before' ? sql`${col} < ${at}` : sql`${col} >= ${at}`;
}

export function conditionSql(c: Condition): SQL {
  switch (c.type) {
    case 'tag':
      return c.op === 'has' ? sql`${contacts.tags} @> array[${c.value}]::text[]` : sql`not (${contacts.tags} @> array[${c.value}]::text[])`;
    case 'field':
      return fieldCondition(c);
    case 'consent':
      return c.op === 'is' ? sql`${contacts.consentState} = ${c.value}` : sql`${contacts.consentState} <> ${c.value}`;
    case 'phone_type':
      return c.op === 'is' ? sql`${contacts.phoneType} = ${c.value}` : sql`${contacts.phoneType} is distinct from ${c.value}`;
    case 'country':
      return c.op === 'is' ? sql`${contacts.country} = ${c.value}` : sql`${contacts.country} is distinct from ${c.value}`;
    default:
      return dateCondition(c);
  }
}

/** The WHERE fragment of a segment (without the account scope, which the repository adds). */
export function filterSql(filter: SegmentFilter): SQL {
  if (filter.conditions.length === 0) return sql`true`;
  const parts = filter.conditions.map((c) => sql`(${conditionSql(c)})`);
  return sql`(${sql.join(parts, sql.raw(filter.match === 'all' ? ' and ' : ' or '))})`;
}
