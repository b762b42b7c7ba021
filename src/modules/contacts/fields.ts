import { DateTime } from 'luxon';

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export interface FieldDef { key: string; type: FieldType; choices: string[] }
export type FieldValue = string | number | boolean | null;

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', '']);

/**
 * Coerces a raw value (from JSON or a CSV cell) to the field's type.
 * Returns { value } or { error } with a short reason.
 */
export function coerceField(def: FieldDef, raw: unknown): { value: FieldValue } | { error: string } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { value: null };
  const s = typeof raw === 'string' ? raw.trim() : raw;
  switch (def.type) {
    case 'text':
      return typeof s === 'string' ? (s.length > 2000 ? { error: 'too_long' } : { value: s }) : { value: String(s) };
    case 'number': {
      const n = typeof s === 'number' ? s : Number(String(s).replace(/,/g, ''));
      return Number.isFinite(n) ? { value: n } : { error: 'not_a_number' };
    }
    case 'boolean': {
      if (typeof s === 'boolean') return { value: s };
      const v = String(s).toLowerCase();
      if (TRUE.has(v)) return { value: true };
      if (FALSE.has(v)) return { value: false };
      return { error: 'not_a_boolean' };
    }
    case 'date': {
      const str = String(s);
      for (const parse of [() => DateTime.fromISO(str), () => DateTime.fromFormat(str, 'M/d/yyyy'), () => DateTime.fromFormat(str, 'd.M.yyyy')]) {
        const d = parse();
        if (d.isValid) return d.year >= 1000 && d.year <= 9999 ? { value: d.toISODate() } : { error: 'date_out_of_range' };
      }
      return { error: 'not_a_date' };
    }
    case 'choice': {
      const match = def.choices.find((c) => c.toLowerCase() === String(s).toLowerCase());
      return match ? { value: match } : { error: 'not_a_choice' };
    }
  }
}

/** Field keys are lower-case identifiers: they appear in filters, CSV headers and the API. */
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const keyFromLabel = (label: string) =>
  label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'f_$1').slice(0, 40) || 'field';
