// The phone rule, in plain JavaScript so worker threads can load it without a TypeScript
// loader (tsx inside workers halves their speed). Types: phone-analyse.d.mts.
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

const LENGTH_PROBLEMS = { TOO_SHORT: 'too_short', TOO_LONG: 'too_long', INVALID_COUNTRY: 'invalid_country' };

/** Parses a number in any common format, or says precisely why it cannot. */
export function analysePhone(input, defaultCountry = 'US') {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 64) return { problem: trimmed.length ? 'too_long' : 'invalid_phone' };
  const country = defaultCountry.toUpperCase();
  const parsed = parsePhoneNumberFromString(trimmed, country);
  if (!parsed) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length === 0) return { problem: 'invalid_phone' };
    if (digits.length < 4) return { problem: 'too_short' };
    if (digits.length > 17) return { problem: 'too_long' };
    return { problem: 'invalid_phone' };
  }
  // getType() is what isValid() computes for every country whose metadata has types (the full
  // metadata's all have): a number with a type is valid. Asking for the type first spares the
  // second run of the numbering plan's patterns (a third of the work); no type: isValid() decides.
  const type = parsed.getType();
  if (type === undefined && !parsed.isValid()) {
    return { problem: LENGTH_PROBLEMS[validatePhoneNumberLength(trimmed, country)] ?? 'invalid_phone' };
  }
  return { e164: parsed.number, country: parsed.country ?? null, type: type ? type.toLowerCase() : null };
}
