import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

export interface ParsedPhone {
  e164: string;
  country: string | null;
  /** libphonenumber's type in lower case: mobile, fixed_line, fixed_line_or_mobile, voip, toll_free, … */
  type: string | null;
}

export type PhoneProblem = 'invalid_phone' | 'too_short' | 'too_long' | 'invalid_country';

/** Parses a number in any common format, or says precisely why it cannot. */
export function analysePhone(input: string, defaultCountry: string = 'US'): ParsedPhone | { problem: PhoneProblem } {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 64) return { problem: trimmed.length ? 'too_long' : 'invalid_phone' };
  const country = defaultCountry.toUpperCase() as CountryCode;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  if (!parsed) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length === 0) return { problem: 'invalid_phone' };
    if (digits.length < 4) return { problem: 'too_short' };
    if (digits.length > 17) return { problem: 'too_long' };
    return { problem: 'invalid_phone' };
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(trimmed, country);
    if (length === 'TOO_SHORT') return { problem: 'too_short' };
    if (length === 'TOO_LONG') return { problem: 'too_long' };
    if (length === 'INVALID_COUNTRY') return { problem: 'invalid_country' };
    return { problem: 'invalid_phone' };
  }
  const type = parsed.getType();
  return { e164: parsed.number, country: parsed.country ?? null, type: type ? type.toLowerCase() : null };
}

/** Parses a phone number; null when it is not a valid number. */
export function parsePhone(input: string, defaultCountry: string = 'US'): ParsedPhone | null {
  const r = analysePhone(input, defaultCountry);
  return 'problem' in r ? null : r;
}

/** Numbers that cannot receive SMS as far as the numbering plan tells. */
export const isLandline = (type: string | null) => type === 'fixed_line';
