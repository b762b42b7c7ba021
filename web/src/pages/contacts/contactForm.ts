import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../../api';
import { applyServerError, optional } from '../../forms';
import type { Contact, CustomField, FieldValue } from './contactTypes';
import { PHONE_PROBLEMS } from './contactsApi';

export interface ContactValues {
  phone: string;
  firstName: string;
  lastName: string;
  email: string;
  timeZone: string | null;
  tags: string[];
  notes: string;
  /** Custom field values as the inputs hold them (booleans as booleans, the rest as strings). */
  fields: Record<string, string | boolean>;
}

export const EMPTY_CONTACT: ContactValues = { phone: '', firstName: '', lastName: '', email: '', timeZone: null, tags: [], notes: '', fields: {} };

export function toValues(c: Contact, defs: CustomField[]): ContactValues {
  const fields: ContactValues['fields'] = {};
  for (const d of defs) {
    const v = c.fields[d.key];
    fields[d.key] = d.type === 'boolean' ? v === true : v === null || v === undefined ? '' : String(v);
  }
  return {
    phone: c.phone,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    email: c.email ?? '',
    timeZone: c.timeZoneSource === 'explicit' ? c.timeZone : null,
    tags: c.tags,
    notes: c.notes ?? '',
    fields,
  };
}

const fieldValue = (def: CustomField, v: string | boolean | undefined): FieldValue => {
  if (def.type === 'boolean') return v === true;
  const s = typeof v === 'string' ? v.trim() : '';
  if (s === '') return null;
  return def.type === 'number' ? Number(s) : s;
};

/** The request body: every attribute, or with `before`, only what changed (a cleared value is null). */
export function toBody(v: ContactValues, defs: CustomField[], before?: ContactValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const text = { phone: v.phone.trim(), firstName: optional(v.firstName) ?? null, lastName: optional(v.lastName) ?? null, email: optional(v.email) ?? null, notes: optional(v.notes) ?? null };
  for (const [k, val] of Object.entries(text)) {
    const prev = before ? (before[k as keyof typeof text] as string).trim() || null : undefined;
    if (!before || val !== prev) body[k] = val;
  }
  if (!before || v.timeZone !== before.timeZone) body.timeZone = v.timeZone;
  if (!before || JSON.stringify(v.tags) !== JSON.stringify(before.tags)) body.tags = v.tags;
  const fields: Record<string, FieldValue> = {};
  for (const d of defs) {
    const now = fieldValue(d, v.fields[d.key]);
    if (before ? now !== fieldValue(d, before.fields[d.key]) : now !== null) fields[d.key] = now;
  }
  if (Object.keys(fields).length) body.fields = fields;
  return body;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const validateContact = (defs: CustomField[]) => ({
  phone: (v: string) => (v.trim() === '' ? 'Phone number is required' : null),
  email: (v: string) => (v.trim() && !EMAIL.test(v.trim()) ? 'Enter a valid email address' : null),
  fields: Object.fromEntries(
    defs
      .filter((d) => d.type === 'number')
      .map((d) => [d.key, (v: string | boolean) => (typeof v === 'string' && v.trim() && !Number.isFinite(Number(v)) ? 'Enter a number' : null)]),
  ),
});

/**
 * Puts a contact API error on the form. Returns the message for an Alert (or null when a field
 * took it) and, for a duplicate number, the id of the contact that already has it.
 */
export function applyContactError(form: UseFormReturnType<ContactValues>, e: unknown): { message: string | null; existingId?: string } {
  if (e instanceof ApiError) {
    if (e.code === 'invalid_phone') {
      form.setFieldError('phone', PHONE_PROBLEMS[String(e.details.reason)] ?? e.message);
      return { message: null };
    }
    if (e.code === 'contact_exists') {
      form.setFieldError('phone', 'Another contact already has this number.');
      return { message: null, existingId: typeof e.details.id === 'string' ? e.details.id : undefined };
    }
    if ((e.code === 'invalid_field_value' || e.code === 'unknown_field') && e.field) {
      form.setFieldError(`fields.${e.field}`, e.message);
      return { message: null };
    }
  }
  return { message: applyServerError(form, e) };
}
