import { coerceField, type FieldDef, type FieldValue } from '../contacts/fields.js';
import { badTextIn } from '../../lib/text.js';
import { isValidZone } from '../contacts/time-zone.js';
import type { Mapping } from './mapping.js';

export interface Candidate {
  row: number;
  phoneRaw: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tags: string[];
  timeZone: string | null;
  notes: string | null;
  fields: Record<string, FieldValue>;
  /** What a consent column said for this row. */
  consent: 'in' | 'out' | null;
}

export interface RowError {
  row: number;
  column: string | null;
  reason: string;
  value?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A contact row is a few hundred bytes; a row over this is refused (row_too_large). */
export const MAX_ROW_CHARS = 1_000_000;
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'optedin', 'optin', 'subscribed', 'consented']);
const OUT = new Set(['optedout', 'optout', 'unsubscribed', 'stop', 'stopped', 'revoked']);

export function consentValue(raw: string): 'in' | 'out' | null {
  const v = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  return YES.has(v) ? 'in' : OUT.has(v) ? 'out' : null;
}

const cell = (record: string[], i: number | undefined) => (i === undefined ? '' : (record[i] ?? '').trim());
const orNull = (s: string, max: number) => (s ? s.slice(0, max) : null);

/**
 * Maps one CSV record to a contact candidate, or says what is wrong with it. `null` means an
 * empty row (every cell blank), which is skipped without a report line.
 */
export function mapRecord(record: string[], row: number, headers: string[], mapping: Mapping, defs: FieldDef[]): Candidate | RowError | null {
  if (record.reduce((n, c) => n + c.length, 0) > MAX_ROW_CHARS) return { row, column: null, reason: 'row_too_large' };
  if (record.every((c) => c.trim() === '')) return null;
  const col = (i: number | undefined) => (i === undefined ? null : headers[i] ?? `column ${i + 1}`);
  const bad = record.findIndex((c) => badTextIn(c, '') !== null);
  // PostgreSQL cannot store a NUL (or an unpaired surrogate): the row is reported, its value is not.
  if (bad >= 0) return { row, column: col(bad), reason: 'invalid_characters' };
  if (record.length > headers.length && record.slice(headers.length).some((c) => c.trim() !== '')) {
    return { row, column: null, reason: 'ragged_row', value: `${record.length} cells for ${headers.length} columns` };
  }
  const phoneRaw = cell(record, mapping.phone ?? undefined);
  if (!phoneRaw) return { row, column: col(mapping.phone ?? undefined), reason: 'missing_phone' };
  let firstName = cell(record, mapping.firstName);
  let lastName = cell(record, mapping.lastName);
  const full = cell(record, mapping.fullName);
  if (full && !firstName && !lastName) {
    const [first, ...rest] = full.split(/\s+/);
    firstName = first;
    lastName = rest.join(' ');
  }
  const email = cell(record, mapping.email);
  if (email && (email.length > 254 || !EMAIL.test(email))) return { row, column: col(mapping.email), reason: 'invalid_email', value: email.slice(0, 200) };
  const timeZone = cell(record, mapping.timeZone);
  if (timeZone && !isValidZone(timeZone)) return { row, column: col(mapping.timeZone), reason: 'invalid_time_zone', value: timeZone.slice(0, 100) };
  const fields: Record<string, FieldValue> = {};
  for (const def of defs) {
    const i = mapping.fields[def.key];
    if (i === undefined) continue;
    const r = coerceField(def, cell(record, i));
    if ('error' in r) return { row, column: col(i), reason: 'invalid_field_value', value: cell(record, i).slice(0, 200) };
    if (r.value !== null) fields[def.key] = r.value;
  }
  const tags = cell(record, mapping.tags).split(/[,;|]/).map((t) => t.trim().slice(0, 50)).filter(Boolean);
  return {
    row, phoneRaw, firstName: orNull(firstName, 100), lastName: orNull(lastName, 100), email: orNull(email, 254), tags,
    timeZone: orNull(timeZone, 64), notes: orNull(cell(record, mapping.notes), 5000), fields, consent: consentValue(cell(record, mapping.consent)),
  };
}
