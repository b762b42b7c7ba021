import { coerceField, type FieldDef, type FieldValue } from '../contacts/fields.js';
import { BROKEN_UTF16, INVALID_BYTE, withoutInvalidMarks } from './decode.js';
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
/** Columns a file (its header) or a row may have: more is too_many_columns. */
export const MAX_COLUMNS = 1000;

/**
 * What each per-row reason means, in the words of the error report (its "message" column).
 * Reasons not listed here explain themselves (phone problems and the like).
 */
export const REASON_MESSAGES: Record<string, string> = {
  invalid_characters: 'A cell holds a NUL byte or a broken UTF-16 character, which cannot be stored. Remove it and import this row again.',
  invalid_encoding: 'Invalid UTF-8 byte sequence: this row is in another encoding than the rest of the file (the value shown is its Windows-1252 reading, a guess). Save the file as UTF-8 and import this row again.',
  too_many_columns: `The row has more cells than the ${MAX_COLUMNS.toLocaleString('en-US')} columns a file may have.`,
  row_too_large: 'The row is longer than 1 MB.',
  ragged_row: 'The row has more cells than the header has columns.',
  malformed_row: 'The row is not valid CSV (a stray quote?).',
  missing_phone: 'The phone number cell is empty.',
  invalid_email: 'The email address is not valid.',
  invalid_time_zone: 'The time zone is not a known IANA zone (e.g. America/New_York).',
  invalid_field_value: 'The value does not fit the custom field\'s type.',
  duplicate_in_file: 'The same number is on an earlier row of this file.',
  landline: 'A landline cannot receive texts (skipped as chosen).',
};

/**
 * In one pass per cell: a NUL or an unpaired surrogate (PostgreSQL cannot store them; a UTF-16
 * file's comes marked as BROKEN_UTF16), or a byte the decoder flagged as not UTF-8 (INVALID_BYTE).
 */
const TROUBLE = new RegExp(`\\u0000|${BROKEN_UTF16}|${INVALID_BYTE}|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`);
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
  if (record.length > MAX_COLUMNS) return { row, column: null, reason: 'too_many_columns', value: `${record.length} cells; the limit is ${MAX_COLUMNS}` };
  if (record.every((c) => c.trim() === '')) return null;
  const col = (i: number | undefined) => (i === undefined ? null : withoutInvalidMarks(headers[i] ?? `column ${i + 1}`));
  for (let i = 0; i < record.length; i++) {
    const m = TROUBLE.exec(record[i]);
    if (!m) continue;
    // Not UTF-8: reported with the Windows-1252 reading of the cell as a flagged guess.
    if (m[0] === INVALID_BYTE && !record.some((c) => c.includes('\u0000'))) return { row, column: col(i), reason: 'invalid_encoding', value: withoutInvalidMarks(record[i]).trim().slice(0, 200) };
    // PostgreSQL cannot store a NUL (or an unpaired surrogate): the row is reported, its value is not.
    return { row, column: col(i), reason: 'invalid_characters' };
  }
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
