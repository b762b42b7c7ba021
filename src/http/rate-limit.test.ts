import { describe, expect, it } from 'vitest';
import { RateLimiter, perProcess, takeTokens, type Bucket, type RatePolicy } from './rate-limit.js';

const policy: RatePolicy = { perSecond: 2, burst: 4 };

describe('takeTokens (token bucket)', () => {
  it.each<[string, Bucket | undefined, number, number, Partial<ReturnType<typeof takeTokens>>]>([
    ['a new caller starts with a full bucket', undefined, 0, 1, { allowed: true, remaining: 3, resetSeconds: 1 }],
    ['the last token', { tokens: 1, at: 0 }, 0, 1, { allowed: true, remaining: 0, resetSeconds: 2 }],
    ['an empty bucket refuses, retry when one token is back', { tokens: 0, at: 0 }, 0, 1, { allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 2 }],
    ['tokens come back at the rate', { tokens: 0, at: 0 }, 500, 1, { allowed: true, remaining: 0 }],
    ['never above the burst', { tokens: 0, at: 0 }, 60_000, 1, { allowed: true, remaining: 3 }],
    ['a costly request takes its cost', { tokens: 4, at: 0 }, 0, 3, { allowed: true, remaining: 1 }],
    ['a costly request waits for its cost', { tokens: 2, at: 0 }, 0, 3, { allowed: false, retryAfterSeconds: 1 }],
    ['a request over the burst passes on a full bucket and leaves a debt', { tokens: 4, at: 0 }, 0, 10, { allowed: true, remaining: 0, resetSeconds: 5 }],
    ['a request over the burst waits for a full bucket', { tokens: 3, at: 0 }, 0, 10, { allowed: false, retryAfterSeconds: 1 }],
    ['a clock that went back adds nothing', { tokens: 0, at: 10_000 }, 5_000, 1, { allowed: false }],
  ])('%s', (_name, prior, now, cost, expected) => {
    expect(takeTokens(prior, policy, now, cost)).toMatchObject(expected);
  });

  it('a debt is paid back at the rate before the next request', () => {
    const first = takeTokens(undefined, policy, 0, 10); // 4 - 10 = -6
    expect(takeTokens(first.bucket, policy, 3_000, 1)).toMatchObject({ allowed: false, retryAfterSeconds: 1 }); // 0 tokens
    expect(takeTokens(first.bucket, policy, 3_500, 1)).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe('perProcess', () => {
  it.each([
    [1, { perSecond: 100, burst: 200 }],
    [4, { perSecond: 25, burst: 50 }],
    [1000, { perSecond: 0.1, burst: 1 }],
  ])('%i processes share the limit', (n, expected) => {
    expect(perProcess({ perSecond: 100, burst: 200 }, n)).toEqual(expected);
  });
});

describe('RateLimiter', () => {
  it('keeps one bucket per key, on the given clock', () => {
    let now = 0;
    const l = new RateLimiter(() => new Date(now));
    const p = { perSecond: 1, burst: 1 };
    expect(l.take('a', p).allowed).toBe(true);
    expect(l.take('a', p).allowed).toBe(false);
    expect(l.take('b', p).allowed).toBe(true);
    now += 1000;
    expect(l.take('a', p).allowed).toBe(true);
  });
});
