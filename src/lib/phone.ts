import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface ParsedPhone {
  e164: string;
  country: string | null;
  type: string | null;
}

/** Parses a phone number in any common format; null when it is not a valid number. */
export function parsePhone(input: string, defaultCountry: string = 'US'): ParsedPhone | null {
  const trimmed = input.trim();
  if (trimmed.length < 3 || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, country: parsed.country ?? null, type: parsed.getType() ?? null };
}
