/**
 * Fraud at the door (issue 13): the destination countries an account may text. Its own country
 * (`defaultCountry`) always; others only once an owner or admin allowed them — so a stolen or
 * fraudulent account cannot pump texts to high-cost destinations abroad. Pure: the send paths
 * call it with the account row authentication already loaded (no query on the hot path).
 */
export interface DestinationPolicy { defaultCountry: string; allowedCountries: readonly string[] }

/** Countries texts may go to: the account's own first, then the allowed ones (upper case, no duplicates). */
export function effectiveCountries(policy: DestinationPolicy): string[] {
  return [...new Set([policy.defaultCountry, ...policy.allowedCountries].map((c) => c.toUpperCase()))];
}

/** Whether a recipient in `country` (ISO 3166-1 alpha-2; null: a number of no country, e.g. +800) may be texted. */
export function destinationAllowed(policy: DestinationPolicy, country: string | null | undefined): boolean {
  if (!country) return false;
  const c = country.toUpperCase();
  return c === policy.defaultCountry.toUpperCase() || policy.allowedCountries.some((a) => a.toUpperCase() === c);
}

export const DESTINATION_NOT_ALLOWED = 'destination_country_not_allowed';
/** Twilio's code for "Permission to send an SMS has not been enabled for the region indicated by the 'To' number". */
export const DESTINATION_TWILIO_CODE = 21408;

/** Why a destination is refused (null: allowed): the code, a message naming the country, and the details a client needs. */
export function destinationRefusal(policy: DestinationPolicy, country: string | null | undefined) {
  if (destinationAllowed(policy, country)) return null;
  const where = country ? `in ${country.toUpperCase()}` : 'of no country';
  return {
    code: DESTINATION_NOT_ALLOWED,
    message: `Texts to numbers ${where} are not allowed for this account: an owner or admin can allow the country in Settings → Destinations.`,
    details: { field: 'to', country: country?.toUpperCase() ?? null, allowedCountries: effectiveCountries(policy), twilioCode: DESTINATION_TWILIO_CODE },
  };
}

const ISO2 = /^[A-Z]{2}$/;

/** Normalises an allow-list from the settings API: upper case, sorted, unique, the account's own country left out (always allowed). */
export function normaliseAllowList(defaultCountry: string, countries: readonly string[]): { countries: string[]; invalid: string[] } {
  const upper = countries.map((c) => c.trim().toUpperCase());
  const invalid = upper.filter((c) => !ISO2.test(c));
  const own = defaultCountry.toUpperCase();
  return { countries: [...new Set(upper.filter((c) => ISO2.test(c) && c !== own))].sort(), invalid };
}
