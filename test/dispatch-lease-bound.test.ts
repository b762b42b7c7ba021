// keepLease's bound (dispatcher.ts): when a turn's claims run out at the earliest, so that `live()` turns false before
// another worker may take the batch over. A renewal runs SKIP LOCKED (dispatch.repo renewClaims): a claim whose row a
// running hand-over has locked is skipped — not renewed, its lease still the one it had (the hand-over renews only the
// claims with less than half a lease left, at its transaction's start). The bound moves only when every claim the turn
// still holds was renewed. A pure helper: no database.
import { describe, expect, it } from 'vitest';
import { claimsToRenew, leaseBoundAfterRenewal } from '../src/modules/messaging/dispatcher.js';

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

// What a renewal asks for: the claims the turn holds — after its hand-over, only the batch the hand-over kept (keepLease's
// `confirmed`): claims it settled there (an opted-out recipient canceled) are no longer waiting, so counting them made every
// later renewal partial and the bound stopped moving — less those it gave back (their attempt may be another turn's claim).
describe('the claims a renewal asks for', () => {
  const c = (id: string, attempts = 1) => ({ id, attempts });
  it('are the claims held, with their attempt, less those given back', () => {
    const held = [c('a'), c('b', 2), c('c')];
    expect(claimsToRenew(held, (x) => x.id === 'b')).toEqual([{ id: 'a', attempt: 1 }, { id: 'c', attempt: 1 }]);
    expect(claimsToRenew(held, () => false)).toEqual([{ id: 'a', attempt: 1 }, { id: 'b', attempt: 2 }, { id: 'c', attempt: 1 }]);
  });
});
