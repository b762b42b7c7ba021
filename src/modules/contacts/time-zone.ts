import { nanpInfo } from './area-codes.js';

/** Countries that keep a single time zone (for numbers outside the NANP). */
const SINGLE_ZONE: Record<string, string> = {
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', ES: 'Europe/Madrid', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', CH: 'Europe/Zurich', AT: 'Europe/Vienna',
  PT: 'Europe/Lisbon', DK: 'Europe/Copenhagen', SE: 'Europe/Stockholm', NO: 'Europe/Oslo', FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw', CZ: 'Europe/Prague', SK: 'Europe/Bratislava', HU: 'Europe/Budapest', RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia', GR: 'Europe/Athens', HR: 'Europe/Zagreb', SI: 'Europe/Ljubljana', EE: 'Europe/Tallinn',
  LV: 'Europe/Riga', LT: 'Europe/Vilnius', UA: 'Europe/Kyiv', TR: 'Europe/Istanbul', IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai', SA: 'Asia/Riyadh', IN: 'Asia/Kolkata', PK: 'Asia/Karachi', SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur',
  PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong', TW: 'Asia/Taipei', NZ: 'Pacific/Auckland', ZA: 'Africa/Johannesburg', NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi', EG: 'Africa/Cairo', MA: 'Africa/Casablanca', CO: 'America/Bogota', PE: 'America/Lima',
  VE: 'America/Caracas', CL: 'America/Santiago', AR: 'America/Argentina/Buenos_Aires', UY: 'America/Montevideo',
  GG: 'Europe/Guernsey', JE: 'Europe/Jersey', IM: 'Europe/Isle_of_Man', IS: 'Atlantic/Reykjavik', MT: 'Europe/Malta', CY: 'Asia/Nicosia',
};

export type ZoneSource = 'explicit' | 'number' | 'account';

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** DESIGN: the contact's own zone wins, else the number's (area code / country), else the account's. */
export function resolveTimeZone(input: { explicit?: string | null; e164: string; country: string | null; accountZone: string }): {
  zone: string;
  source: ZoneSource;
} {
  if (input.explicit) return { zone: input.explicit, source: 'explicit' };
  const nanp = nanpInfo(input.e164);
  if (nanp) return { zone: nanp.zone, source: 'number' };
  const single = input.country ? SINGLE_ZONE[input.country] : undefined;
  if (single) return { zone: single, source: 'number' };
  return { zone: input.accountZone, source: 'account' };
}
