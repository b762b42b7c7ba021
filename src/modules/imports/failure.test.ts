import { describe, expect, it } from 'vitest';
import { failureMessage, ImportFileError } from './failure.js';

describe('failureMessage', () => {
  it.each([
    [new ImportFileError('Row 3 is longer than 4 MB.'), 'Row 3 is longer than 4 MB.'],
    [Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }), /on our side.*database error 22021/],
    [new Error('Failed query: insert into contacts', { cause: Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }) }), /database error 22P05/],
    [new Error('connect ECONNREFUSED'), /on our side; .*again for the rest\.$/],
    ['a string', /on our side/],
  ])('%s', (err, expected) => {
    const m = failureMessage(err);
    if (typeof expected === 'string') expect(m).toBe(expected);
    else expect(m).toMatch(expected);
    expect(m).not.toMatch(/0x00|invalid byte|Unicode escape|Failed query|ECONNREFUSED/);
  });
});
