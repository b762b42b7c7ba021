import { describe, expect, it } from 'vitest';
import { partIdsOf, partsVerdict } from './carrier-parts.js';

const p = (part: number, parts: number, status: string | null, error_code: string | null = null) => ({ part, parts, status, error_code });

describe('a multipart message\'s status from its parts (worst part wins, delivered when all are)', () => {
  it.each([
    ['no receipt yet', [p(1, 3, null), p(2, 3, null), p(3, 3, null)], null],
    ['some delivered', [p(1, 3, 'delivered'), p(2, 3, null), p(3, 3, 'delivered')], null],
    ['all delivered', [p(1, 2, 'delivered'), p(2, 2, 'delivered')], { status: 'delivered' }],
    ['one undelivered, others open: final at once', [p(1, 3, null), p(2, 3, 'undelivered', 'UNDELIV:075'), p(3, 3, null)], { status: 'undelivered', errorCode: 'UNDELIV:075' }],
    ['the first bad part by position wins', [p(3, 3, 'undelivered', 'EXPIRED'), p(1, 3, 'delivered'), p(2, 3, 'failed', 'REJECTD')], { status: 'failed', errorCode: 'REJECTD' }],
    ['an intermediate status is not final', [p(1, 2, 'sent'), p(2, 2, 'delivered')], null],
    ['a part row missing: not all delivered', [p(1, 3, 'delivered'), p(2, 3, 'delivered')], null],
    ['nothing', [], null],
  ])('%s', (_, rows, want) => expect(partsVerdict(rows)).toEqual(want));

  it.each([
    ['1000', null],
    ['1000,1001', ['1000', '1001']],
    ['a0001,a0002,a0003', ['a0001', 'a0002', 'a0003']],
  ])('carrier id %s → part ids', (id, want) => expect(partIdsOf(id)).toEqual(want));
});
