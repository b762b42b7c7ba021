import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '../../db/schema/index.js';
import { FIELD_KEY } from './fields.js';

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

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
    op: z.enum(['before', 'after', 'within_days', 'not_within_days']),
    value: z.union([z.iso.date(), z.iso.datetime({ offset: true }), z.number().int().min(0).max(36500)]),
  }),
]);
export type Condition = z.infer<typeof Condition>;

export const SegmentFilter = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(Condition).max(50).default([]),
});
export type SegmentFilter = z.infer<typeof SegmentFilter>;

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
