import { z } from 'zod';

/**
 * Dates the API accepts: valid calendar dates (zod's ISO formats already refuse 2024-02-30)
 * in the years 1000–9999. PostgreSQL refuses or misreads years like 0000 or ±270000, and
 * JavaScript's Date cannot hold some of them, so such values are refused at the edge.
 */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;
const OUT_OF_RANGE = `Use a date between the years ${MIN_YEAR} and ${MAX_YEAR}.`;

/** True when an ISO date or date-time names an instant in the supported years (UTC). */
export function inSupportedYears(iso: string): boolean {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return false;
  const year = new Date(t).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** `YYYY-MM-DD`, a real calendar day, years 1000–9999. */
export const IsoDate = () => z.iso.date().refine(inSupportedYears, OUT_OF_RANGE);
/** An ISO 8601 date-time with an offset, a real calendar day, years 1000–9999. */
export const IsoDateTime = () => z.iso.datetime({ offset: true }).refine(inSupportedYears, OUT_OF_RANGE);

export const isIsoDate = (v: unknown): v is string => IsoDate().safeParse(v).success;
export const isIsoDateTime = (v: unknown): v is string => IsoDateTime().safeParse(v).success;
