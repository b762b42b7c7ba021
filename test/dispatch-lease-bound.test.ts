// keepLease's bound (dispatcher.ts): when a turn's claims run out at the earliest, so that `live()` turns false before
// another worker may take the batch over. A renewal runs SKIP LOCKED (dispatch.repo renewClaims): a claim whose row a
// running hand-over has locked is skipped — not renewed, its lease still the one it had (the hand-over renews only the
// claims with less than half a lease left, at its transaction's start). The bound moves only when every claim the turn
// still holds was renewed. A pure helper: no database.
import { describe, expect, it } from 'vitest';
import { leaseBoundAfterRenewal } from '../src/modules/messaging/dispatcher.js';

describe('the lease bound after a renewal', () => {
  const claimMs = 1000;
  const margin = 100;
  const bound = 5_000;
  it('moves to issued + DISPATCH_CLAIM_MS when every claim held was renewed before the bound', () => {
    expect(leaseBoundAfterRenewal(bound, { answeredAt: 4_500, issued: 4_400, renewed: 3, held: 3, claimMs, margin })).toBe(5_400);
  });
  it('stays when the renewal renewed fewer claims than the turn holds (rows skipped, locked by a hand-over)', () => {
    expect(leaseBoundAfterRenewal(bound, { answeredAt: 4_500, issued: 4_400, renewed: 2, held: 3, claimMs, margin })).toBe(bound);
    expect(leaseBoundAfterRenewal(bound, { answeredAt: 4_500, issued: 4_400, renewed: 0, held: 3, claimMs, margin })).toBe(bound);
  });
  it('stays when the renewal answered past the bound (less the margin), even if it renewed every claim', () => {
    expect(leaseBoundAfterRenewal(bound, { answeredAt: 4_950, issued: 4_400, renewed: 3, held: 3, claimMs, margin })).toBe(bound);
  });
  it('never moves back', () => {
    expect(leaseBoundAfterRenewal(bound, { answeredAt: 3_000, issued: 2_000, renewed: 3, held: 3, claimMs, margin })).toBe(bound);
  });
});
