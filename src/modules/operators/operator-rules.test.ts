import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, operatorMay, sessionEnded, stepIsFresh } from './operator-rules.js';

describe('operatorMay', () => {
  it.each([
    // have, need, write, allowed
    ['support', null, false, true],
    ['support', null, true, false],
    ['trust_safety', null, true, true],
    ['admin', null, true, true],
    ['support', 'support', true, true],
    ['support', 'trust_safety', false, false],
    ['trust_safety', 'trust_safety', true, true],
    ['trust_safety', 'admin', false, false],
    ['admin', 'trust_safety', true, true],
    ['admin', 'admin', true, true],
    ['owner', null, false, false],
    ['admin', 'owner', false, false],
  ] as const)('%s on a route needing %s (write %s) → %s', (have, need, write, allowed) => {
    expect(operatorMay(have, need, write)).toBe(allowed);
  });
});

describe('afterFailure / isLocked', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const cfg = { attempts: 3, minutes: 15 };
  it.each([
    [0, false, 1],
    [1, false, 2],
    [2, true, 0],
  ])('with %i failures before, one more locks: %s (count %i)', (before, locks, count) => {
    const r = afterFailure({ failedAttempts: before, lockedUntil: null }, cfg, now);
    expect(r.lockedNow).toBe(locks);
    expect(r.failedAttempts).toBe(count);
    expect(r.lockedUntil).toEqual(locks ? new Date('2026-01-01T00:15:00Z') : null);
  });
  it('is locked until the time, not after', () => {
    const lockedUntil = new Date('2026-01-01T00:15:00Z');
    expect(isLocked({ lockedUntil }, new Date('2026-01-01T00:14:59Z'))).toBe(true);
    expect(isLocked({ lockedUntil }, lockedUntil)).toBe(false);
    expect(isLocked({ lockedUntil: null }, now)).toBe(false);
  });
});

describe('sessionEnded', () => {
  const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
  const s = { createdAt: t(0), lastSeenAt: t(10), expiresAt: t(120), revokedAt: null };
  it.each([
    [t(20), null],
    [t(40), null],
    [t(41), 'idle'],
    [t(120), 'expired'],
  ] as const)('at %s → %s', (now, why) => {
    expect(sessionEnded(s, 30, now)).toBe(why);
  });
  it('a revoked session has ended', () => expect(sessionEnded({ ...s, revokedAt: t(11) }, 30, t(12))).toBe('revoked'));
});

describe('stepIsFresh', () => {
  it.each([
    [100, null, true],
    [101, 100, true],
    [100, 100, false],
    [99, 100, false],
  ] as const)('step %i after last %s → %s', (step, last, fresh) => expect(stepIsFresh(step, last)).toBe(fresh));
});
