import { describe, expect, it } from 'vitest';
import { winnerOf } from './ab-test.js';

describe('A/B winner', () => {
  const r = (variant: number, recipients: number, hits: number) => ({ variant, recipients, hits });
  it.each([
    ['the best rate wins', [r(0, 100, 5), r(1, 100, 9)], 1],
    ['rate, not count', [r(0, 200, 10), r(1, 100, 8)], 1],
    ['a tie on rate: more hits', [r(0, 50, 5), r(1, 100, 10)], 1],
    ['a full tie: the earlier variant', [r(0, 100, 5), r(1, 100, 5), r(2, 100, 5)], 0],
    ['nobody clicked: the earlier variant', [r(0, 10, 0), r(1, 10, 0)], 0],
    ['a variant that reached nobody cannot win', [r(0, 0, 0), r(1, 10, 0)], 1],
    ['no results', [], null],
  ] as const)('%s', (_, results, winner) => {
    expect(winnerOf([...results])).toBe(winner);
  });
});
