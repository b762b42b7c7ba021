import type { Condition, ConditionType, CustomField, FieldType, SegmentFilter } from '../contactTypes';
import { CONSENT_LABELS, countryName, PHONE_TYPE_LABELS } from '../contactsApi';

/** A condition while it is being edited: the value is kept as the input holds it. */
export interface DraftCondition {
  type: ConditionType;
  key?: string;
  op: string;
  value: string;
}

export interface Option {
  value: string;
  label: string;
}

export const TYPE_OPTIONS: Option[] = [
  { value: 'tag', label: 'Tag' },
  { value: 'field', label: 'Custom field' },
  { value: 'consent', label: 'Consent' },
  { value: 'phone_type', label: 'Phone type' },
  { value: 'country', label: 'Country' },
  { value: 'created_at', label: 'Added' },
  { value: 'last_message_at', label: 'Last message' },
];

const IS: Option[] = [
  { value: 'is', label: 'is' },
  { value: 'is_not', label: 'is not' },
];
const SET: Option[] = [
  { value: 'is_set', label: 'has a value' },
  { value: 'not_set', label: 'is empty' },
];
const DATE_OPS: Option[] = [
  { value: 'within_days', label: 'in the last … days' },
  { value: 'not_within_days', label: 'not in the last … days' },
  { value: 'before', label: 'before' },
  { value: 'after', label: 'on or after' },
];
const FIELD_OPS: Record<FieldType, Option[]> = {
  text: [{ value: 'eq', label: 'is' }, { value: 'neq', label: 'is not' }, { value: 'contains', label: 'contains' }, ...SET],
  choice: [{ value: 'eq', label: 'is' }, { value: 'neq', label: 'is not' }, ...SET],
  boolean: [{ value: 'eq', label: 'is' }, ...SET],
  number: [
    { value: 'eq', label: '=' },
    { value: 'neq', label: '≠' },
    { value: 'gt', label: '>' },
    { value: 'gte', label: '≥' },
    { value: 'lt', label: '<' },
    { value: 'lte', label: '≤' },
    ...SET,
  ],
  date: [{ value: 'eq', label: 'is' }, { value: 'lt', label: 'is before' }, { value: 'gt', label: 'is after' }, ...SET],
};

export function opOptions(c: DraftCondition, field?: CustomField): Option[] {
  switch (c.type) {
    case 'tag':
      return [
        { value: 'has', label: 'has' },
        { value: 'not_has', label: 'does not have' },
      ];
    case 'field':
      return FIELD_OPS[field?.type ?? 'text'];
    case 'created_at':
    case 'last_message_at':
      return DATE_OPS;
    default:
      return IS;
  }
}

export const CONSENT_OPTIONS: Option[] = Object.entries(CONSENT_LABELS).map(([value, label]) => ({ value, label }));
export const PHONE_TYPE_OPTIONS: Option[] = Object.entries(PHONE_TYPE_LABELS).map(([value, label]) => ({ value, label }));

/** A fresh condition of a type, with its first operator and a sensible value. */
export function newCondition(type: ConditionType, fields: CustomField[]): DraftCondition {
  switch (type) {
    case 'field':
      return { type, key: fields[0]?.key, op: 'eq', value: '' };
    case 'consent':
      return { type, op: 'is', value: 'opted_in' };
    case 'phone_type':
      return { type, op: 'is', value: 'mobile' };
    case 'country':
      return { type, op: 'is', value: 'US' };
    case 'created_at':
    case 'last_message_at':
      return { type, op: 'within_days', value: '30' };
    default:
      return { type: 'tag', op: 'has', value: '' };
  }
}

export const needsValue = (c: DraftCondition) => !(c.type === 'field' && (c.op === 'is_set' || c.op === 'not_set'));
export const isDays = (c: DraftCondition) => c.op === 'within_days' || c.op === 'not_within_days';

/** The API condition, or null while it is incomplete (it then counts for nothing). */
export function toCondition(c: DraftCondition, fields: CustomField[]): Condition | null {
  const v = c.value.trim();
  if (needsValue(c) && v === '') return null;
  switch (c.type) {
    case 'field': {
      const def = fields.find((f) => f.key === c.key);
      if (!def) return null;
      if (!needsValue(c)) return { type: 'field', key: def.key, op: c.op as 'is_set' };
      const value = def.type === 'number' ? Number(v) : def.type === 'boolean' ? v === 'true' : v;
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      return { type: 'field', key: def.key, op: c.op as 'eq', value };
    }
    case 'created_at':
    case 'last_message_at': {
      if (isDays(c)) {
        const days = Number(v);
        return Number.isInteger(days) && days >= 0 && days <= 36500 ? { type: c.type, op: c.op as 'within_days', value: days } : null;
      }
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? { type: c.type, op: c.op as 'before', value: v } : null;
    }
    default:
      return { type: c.type, op: c.op, value: v } as Condition;
  }
}

export function toFilter(match: 'all' | 'any', drafts: DraftCondition[], fields: CustomField[]): SegmentFilter {
  return { match, conditions: drafts.map((d) => toCondition(d, fields)).filter((c): c is Condition => c !== null) };
}

export function toDraft(c: Condition): DraftCondition {
  return { type: c.type, key: 'key' in c ? c.key : undefined, op: c.op, value: 'value' in c && c.value !== undefined ? String(c.value) : '' };
}

/** "Tag has vip", "Consent is Opted in", … for the list of segments. */
export function describe(c: Condition, fields: CustomField[]): string {
  const d = toDraft(c);
  const field = c.type === 'field' ? fields.find((f) => f.key === c.key) : undefined;
  const type = c.type === 'field' ? field?.label ?? c.key : TYPE_OPTIONS.find((t) => t.value === c.type)?.label ?? c.type;
  const op = opOptions(d, field).find((o) => o.value === c.op)?.label ?? c.op;
  if (!needsValue(d)) return `${type} ${op}`;
  const value =
    c.type === 'consent' ? CONSENT_LABELS[c.value] : c.type === 'phone_type' ? PHONE_TYPE_LABELS[c.value] ?? c.value : c.type === 'country' ? countryName(c.value) : d.value;
  if (isDays(d)) return `${type} ${op.replace('…', value)}`;
  return `${type} ${op} ${c.type === 'field' && field?.type === 'boolean' ? (value === 'true' ? 'yes' : 'no') : value}`;
}
