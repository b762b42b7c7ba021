import { toPublicId } from '../../lib/ids.js';
import type { ContactRow, CustomFieldRow } from './contacts.repo.js';
import type { FieldType } from './fields.js';

export const presentContact = (c: ContactRow) => ({
  id: toPublicId('contact', c.id),
  phone: c.phone,
  phoneType: c.phoneType,
  country: c.country,
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  timeZone: c.timeZone,
  timeZoneSource: c.timeZoneSource,
  tags: c.tags,
  notes: c.notes,
  fields: c.fields,
  consent: { state: c.consentState, updatedAt: c.consentUpdatedAt?.toISOString() ?? null },
  lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export const presentField = (f: CustomFieldRow) => ({
  id: toPublicId('customField', f.id), key: f.key, label: f.label, type: f.type as FieldType, choices: f.choices, createdAt: f.createdAt.toISOString(),
});

/** Columns of a contacts CSV export; custom fields follow as `field:<key>`. */
export const EXPORT_COLUMNS = ['id', 'phone', 'first_name', 'last_name', 'email', 'tags', 'consent_state', 'time_zone', 'phone_type', 'country', 'created_at'] as const;
export const exportRow = (c: ContactRow, fieldKeys: string[]) => [
  toPublicId('contact', c.id), c.phone, c.firstName, c.lastName, c.email, c.tags, c.consentState, c.timeZone, c.phoneType, c.country,
  c.createdAt.toISOString(), ...fieldKeys.map((k) => c.fields[k] ?? null),
];
