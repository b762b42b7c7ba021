import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

/** The country code of numbers we cannot place (metered and priced as "any other country"). */
export const UNKNOWN_COUNTRY = 'ZZ';

const cache = new Map<string, string>();
const PREFIX = 7; // '+' and 6 digits: the calling code and enough of the number to place it (NANP: the area code)

/**
 * The destination country (ISO 3166 alpha-2) of an E.164 number, for metering and pricing. On the
 * dispatch path, so answers are cached by prefix (a batch's recipients share a handful): the
 * country a number's calling code and leading digits place it in (libphonenumber `max` metadata).
 */
export function countryOf(e164: string): string {
  const key = e164.slice(0, PREFIX);
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parsePhoneNumberFromString(e164);
  // A number the metadata cannot place (a reserved range) counts for its calling code's main country.
  const country = parsed?.country ?? (parsed ? metadata.country_calling_codes[parsed.countryCallingCode as keyof typeof metadata.country_calling_codes]?.[0] : undefined) ?? UNKNOWN_COUNTRY;
  if (cache.size > 50_000) cache.clear();
  cache.set(key, country);
  return country;
}
