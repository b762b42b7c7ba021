import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';
export { ConsentBody, ConsentEventOut, ConsentTimelineOut, SuppressionOut } from '../consent/consent.schema.js';
import { FIELD_KEY, FIELD_TYPES } from './fields.js';
import { SegmentFilter } from './segments.js';
import { isValidZone } from './time-zone.js';

const nullableText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v === '' ? null : v));
const Country = z.string().trim().length(2).toUpperCase();
const Zone = z.string().max(64).refine(isValidZone, 'Use an IANA time zone, e.g. America/New_York.');
const Tag = z.string().trim().min(1).max(50);

export const ContactBody = z.object({
  phone: z.string().max(64),
  defaultCountry: Country.optional(),
  firstName: nullableText(100),
  lastName: nullableText(100),
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional().or(z.literal('').transform(() => null)),
  timeZone: Zone.nullable().optional(),
  tags: z.array(Tag).max(100).optional(),
  notes: nullableText(5000),
  fields: z.record(z.string().max(40), z.unknown()).optional(),
});
export const ContactPatch = ContactBody.partial();
export const IdParams = z.object({ id: z.string().min(1).max(100) });

/** The orders of the contacts list (contact-sort.ts). */
export const CONTACT_SORTS = ['created_desc', 'created_asc', 'name_asc', 'name_desc', 'last_message_desc', 'last_message_asc'] as const;

export const ListQuery = z.object({
  query: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
  /** A custom field equal to a value (case-insensitive): `key:value`. */
  field: z.string().max(300).regex(/^[a-z][a-z0-9_]{0,39}:/, 'Use key:value, e.g. city:Miami.').optional(),
  segment: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.enum(CONTACT_SORTS).optional().meta({ description: 'Order of the list: created_desc (default), created_asc, name_asc, name_desc, last_message_desc, last_message_asc' }),
  total: z.enum(['true', 'false']).optional().meta({ description: 'true: the answer carries `total`, how many contacts match (all pages)' }),
});

/** A selection of contacts for bulk actions and export: explicit ids, or a search/segment. */
export const Selection = z.object({
  ids: z.array(z.string().max(100)).max(10_000).optional(),
  query: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
  segment: z.string().max(100).optional(),
  all: z.boolean().optional(),
}).refine((s) => s.ids || s.query || s.tag || s.segment || s.all, { message: 'Select contacts by ids, query, tag or segment (or all: true).' });

export const BulkBody = z.object({
  action: z.enum(['tag', 'untag', 'delete']),
  tags: z.array(Tag).max(20).optional(),
  selection: Selection,
});

export const FieldBody = z.object({
  label: z.string().trim().min(1).max(60),
  key: z.string().regex(FIELD_KEY).optional(),
  type: z.enum(FIELD_TYPES),
  choices: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
});
export const FieldPatch = z.object({ label: z.string().trim().min(1).max(60).optional(), choices: z.array(z.string().trim().min(1).max(100)).max(100).optional() });


export const SegmentBody = z.object({ name: z.string().trim().min(1).max(100), filter: SegmentFilter });
export const SegmentPatch = SegmentBody.partial();

export const ContactOut = z.object({
  id: z.string(), phone: z.string(), phoneType: z.string().nullable(), country: z.string().nullable(),
  firstName: z.string().nullable(), lastName: z.string().nullable(), email: z.string().nullable(),
  timeZone: z.string().nullable(), timeZoneSource: z.string(), tags: z.array(z.string()), notes: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()), consent: z.object({ state: z.string(), updatedAt: z.string().nullable() }),
  lastMessageAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Contact' });


export const SegmentOut = z.object({
  id: z.string(), name: z.string(),
  filter: z.record(z.string(), z.unknown()).meta({ description: 'The saved filter: {match: all|any, conditions: [...]} (see the request body of POST /v1/segments)' }),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Segment' });
export const CustomFieldOut = z.object({
  id: z.string(), key: z.string(), label: z.string(), type: z.enum(FIELD_TYPES), choices: z.array(z.string()), createdAt: z.string(),
}).meta({ id: 'CustomField' });
export const CountOut = z.object({ count: z.number().int() });
