import { describe, expect, it } from 'vitest';
import { csatScoreOf } from './csat.js';

describe('csatScoreOf', () => {
  it.each<[string, number | null]>([
    ['5', 5], ['1', 1], [' 3 ', 3], ['4.', 4], ['2!', 2], ['\n5\n', 5],
    ['0', null], ['6', null], ['10', null], ['55', null], ['5 stars', null], ['five', null], ['', null], ['-1', null], ['4.5', null], ['STOP', null],
  ])('%j → %s', (body, score) => expect(csatScoreOf(body)).toBe(score));
});
