/** A/B tests (issue 9): the winner of a campaign's variants on its sample, by clicks or replies. */

export interface VariantResult { variant: number; recipients: number; hits: number }

/** Hits per recipient; 0 for a variant nobody got. */
export const rateOf = (r: VariantResult) => (r.recipients ? r.hits / r.recipients : 0);

/**
 * The variant with the highest rate of recipients who clicked (or replied); a tie goes to the one
 * with more hits, then to the earlier variant. Null when no variant reached anyone.
 */
export function winnerOf(results: VariantResult[]): number | null {
  const reached = results.filter((r) => r.recipients > 0);
  if (!reached.length) return null;
  return reached.reduce((best, r) => {
    const [a, b] = [rateOf(r), rateOf(best)];
    if (a !== b) return a > b ? r : best;
    if (r.hits !== best.hits) return r.hits > best.hits ? r : best;
    return r.variant < best.variant ? r : best;
  }).variant;
}
