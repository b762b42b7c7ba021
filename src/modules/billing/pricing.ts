/**
 * Prices (pure rules). Money is integer micro-units (10⁻⁶ of the currency) so sums stay exact.
 *
 * Built-in list prices (the large US carriers' APIs, rounded) are the price book's floor: an
 * operator's price book entry replaces them for its key, an account's override replaces both.
 * Resolution for (country, sender type, unit), first match wins:
 *   override (country, type) → override (country, *) → override (*, type) → override (*, *)
 *   → book, same order → built-in list price.
 * An MMS is one unit at the MMS price, whatever its text's length; a received text is metered per
 * segment at the inbound price.
 */
export type SenderType = 'long_code' | 'toll_free' | 'short_code';
export const SENDER_TYPES: readonly SenderType[] = ['long_code', 'toll_free', 'short_code'];

export const UNITS = ['sms', 'mms', 'inbound_sms', 'inbound_mms', 'number_month'] as const;
export type Unit = (typeof UNITS)[number];

/** '*' matches any country / any sender type. */
export interface PriceKey { country: string; senderType: string; unit: Unit }
export interface PriceEntry extends PriceKey { priceMicros: number }
export interface ResolvedPrice { priceMicros: number; source: 'override' | 'book' | 'list' }

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

/** A number held for a month, by type (list prices). */
export const NUMBER_MONTH_PRICE: Readonly<Record<SenderType, number>> = { long_code: 1_150_000, toll_free: 2_150_000, short_code: 1_000_000_000 };

const senderOf = (t: string): SenderType => (SENDER_TYPES.includes(t as SenderType) ? (t as SenderType) : 'long_code');

/** The price of one segment (or of one MMS) to `country` from a number of `sender` type, in micro-dollars (the built-in list). */
export function unitPrice(country: string | null, sender: SenderType, mms = false): number {
  const p = (country && PRICE_TABLE[country.toUpperCase()]) || DEFAULT_PRICE;
  if (mms) return p.mms ?? p.sms[sender] ?? p.sms.long_code;
  return p.sms[sender] ?? p.sms.long_code;
}

/** The built-in list price of a unit. Received texts cost what sent ones do (as the large carriers charge). */
export function listPrice(key: PriceKey): number {
  const sender = senderOf(key.senderType);
  const country = key.country === '*' ? null : key.country;
  switch (key.unit) {
    case 'sms': case 'inbound_sms': return unitPrice(country, sender, false);
    case 'mms': case 'inbound_mms': return unitPrice(country, sender, true);
    case 'number_month': return NUMBER_MONTH_PRICE[sender];
  }
}

const lookupOrder = (k: PriceKey): Array<[string, string]> => [[k.country, k.senderType], [k.country, '*'], ['*', k.senderType], ['*', '*']];
const keyOf = (country: string, senderType: string, unit: string) => `${country}|${senderType}|${unit}`;

/** An index of price entries for repeated lookups. */
export function priceIndex(entries: readonly PriceEntry[]): Map<string, number> {
  return new Map(entries.map((e) => [keyOf(e.country, e.senderType, e.unit), e.priceMicros]));
}

/** The price of one unit for an account: its override, else the book, else the list price. */
export function resolvePrice(key: PriceKey, book: Map<string, number>, overrides: Map<string, number>): ResolvedPrice {
  for (const [source, idx] of [['override', overrides], ['book', book]] as const) {
    for (const [c, t] of lookupOrder(key)) {
      const p = idx.get(keyOf(c, t, key.unit));
      if (p !== undefined) return { priceMicros: p, source };
    }
  }
  return { priceMicros: listPrice(key), source: 'list' };
}

export interface UsageLine { country: string; unit: Unit; quantity: number }
export interface PricedLine extends UsageLine { priceMicros: number; amountMicros: number }

/** Prices grouped usage lines of one sender type. */
export function priceLines(lines: readonly UsageLine[], senderType: string, book: Map<string, number>, overrides: Map<string, number>): PricedLine[] {
  return lines.map((l) => {
    const { priceMicros } = resolvePrice({ country: l.country, senderType, unit: l.unit }, book, overrides);
    return { ...l, priceMicros, amountMicros: priceMicros * l.quantity };
  });
}

/** Messages of one send grouped by (destination country, unit): units of an SMS are its segments, of an MMS one. */
export function usageLines(messages: ReadonlyArray<{ country: string; segments: number; mms: boolean }>, direction: 'outbound' | 'inbound'): UsageLine[] {
  const groups = new Map<string, UsageLine>();
  for (const m of messages) {
    const unit: Unit = direction === 'outbound' ? (m.mms ? 'mms' : 'sms') : m.mms ? 'inbound_mms' : 'inbound_sms';
    const qty = m.mms ? 1 : Math.max(1, m.segments);
    const k = `${m.country}|${unit}`;
    const g = groups.get(k);
    if (g) g.quantity += qty;
    else groups.set(k, { country: m.country, unit, quantity: qty });
  }
  return [...groups.values()];
}

/** A decimal string of a micro-unit amount with `places` (rounded half away from zero), e.g. 8300 → "0.0083". */
export function formatMicros(micros: number, places = 4): string {
  const neg = micros < 0;
  const abs = Math.abs(micros);
  const scale = 10 ** (6 - places);
  const units = Math.round(abs / scale);
  const s = String(units).padStart(places + 1, '0');
  const out = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
  return neg && units ? `-${out}` : out;
}

/** Parses a decimal amount ("12.50") into micro-units; null when it is not a plain decimal with at most 6 places. */
export function parseMicros(amount: string): number | null {
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/.exec(amount.trim());
  if (!m) return null;
  const v = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -v : v;
}

export interface CostLine { country: string | null; segments: number; mms?: boolean; count?: number }
export interface CostEstimate { messages: number; segments: number; costMicros: number; cost: string; currency: 'USD' }

/** The total over lines (one per recipient, or per group with `count`) at list prices; `cost` as a decimal string with 4 places. */
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
