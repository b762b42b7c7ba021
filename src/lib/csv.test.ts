import { describe, expect, it } from 'vitest';
import { escapeCsvCell } from './csv.js';

describe('escapeCsvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1 415', `'+1 415`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    [null, ''],
    [['vip', 'new'], 'vip, new'],
  ])('%o → %o', (input, out) => expect(escapeCsvCell(input)).toBe(out));
});
