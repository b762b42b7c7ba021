/**
 * What a text costs before it is sent: segments × a per-segment price by the recipient's country
 * and the sending number's type. Prices are in micro-dollars (USD × 10⁻⁶) so sums stay exact.
 * A constant table (list prices of the large US carriers' APIs, rounded); a destination not listed
 * uses DEFAULT. An MMS is one message at the MMS price, whatever its text's length.
 */
export type SenderType = 'long_code' | 'toll_free' | 'short_code';

export interface CountryPrice { sms: Partial<Record<SenderType, number>> & { long_code: number }; mms: number | null }

export const PRICE_TABLE: Readonly<Record<string, CountryPrice>> = {
  US: { sms: { long_code: 8_300, toll_free: 8_300, short_code: 8_300 }, mms: 22_000 },
  CA: { sms: { long_code: 8_300, toll_free: 8_300, short_code: 8_300 }, mms: 22_000 },
  GB: { sms: { long_code: 46_300 }, mms: null },
  IE: { sms: { long_code: 72_800 }, mms: null },
  DE: { sms: { long_code: 96_000 }, mms: null },
  FR: { sms: { long_code: 86_100 }, mms: null },
  ES: { sms: { long_code: 88_000 }, mms: null },
  AU: { sms: { long_code: 51_500 }, mms: null },
  MX: { sms: { long_code: 99_000 }, mms: null },
  IN: { sms: { long_code: 83_000 }, mms: null },
};
export const DEFAULT_PRICE: CountryPrice = { sms: { long_code: 100_000 }, mms: null };

/** The price of one segment (or of one MMS) to `country` from a number of `sender` type, in micro-dollars. */
export function unitPrice(country: string | null, sender: SenderType, mms = false): number {
  const p = (country && PRICE_TABLE[country.toUpperCase()]) || DEFAULT_PRICE;
  if (mms) return p.mms ?? p.sms[sender] ?? p.sms.long_code;
  return p.sms[sender] ?? p.sms.long_code;
}

export interface CostLine { country: string | null; segments: number; mms?: boolean; count?: number }
export interface CostEstimate { messages: number; segments: number; costMicros: number; cost: string; currency: 'USD' }

/** The total over lines (one per recipient, or per group with `count`); `cost` as a decimal string with 4 places. */
export function estimateCost(lines: readonly CostLine[], sender: SenderType): CostEstimate {
  let messages = 0;
  let segments = 0;
  let micros = 0;
  for (const l of lines) {
    const n = l.count ?? 1;
    messages += n;
    segments += l.mms ? n : l.segments * n;
    micros += (l.mms ? 1 : l.segments) * n * unitPrice(l.country, sender, l.mms);
  }
  return { messages, segments, costMicros: micros, cost: (Math.round(micros / 100) / 10_000).toFixed(4), currency: 'USD' };
}
