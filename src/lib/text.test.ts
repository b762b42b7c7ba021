import { describe, expect, it } from 'vitest';
import { findBadText, replaceBadText } from './text.js';

describe('findBadText', () => {
  const cases: Array<[string, unknown, object | null]> = [
    ['plain text', { a: 'hello', b: ['x', 1, true, null] }, null],
    ['a surrogate pair (emoji) is fine', { a: '👩🏽‍🚒 \ud83d\ude00' }, null],
    ['NUL in a value', { a: 'x\u0000y' }, { path: 'body.a', reason: 'nul' }],
    ['NUL alone', '\u0000', { path: 'body', reason: 'nul' }],
    ['high surrogate alone', { a: ['ok', '\ud800'] }, { path: 'body.a.1', reason: 'lone_surrogate' }],
    ['low surrogate alone', { a: { b: 'x\udfffy' } }, { path: 'body.a.b', reason: 'lone_surrogate' }],
    ['reversed pair', { a: '\udc00\ud800' }, { path: 'body.a', reason: 'lone_surrogate' }],
    ['high surrogate at the end', { a: 'abc\ud83d' }, { path: 'body.a', reason: 'lone_surrogate' }],
    ['NUL in a key', { 'k\u0000': 1 }, { path: 'body.k\u0000', reason: 'nul' }],
    ['numbers and booleans are not text', [1, 5e-324, false], null],
    ['bytes are not text (a raw body)', { body: Buffer.from('a\u0000b'), more: new Uint8Array([0, 0xd8]) }, null],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(findBadText(value, 'body')).toEqual(expected);
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let v: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(findBadText(v, 'body')?.reason).toBe('nul');
  });

  it('does not walk a raw body byte by byte', () => {
    const entries = Object.entries;
    let walked = 0;
    Object.entries = ((o: object) => ((walked += 1), entries(o))) as typeof Object.entries;
    try {
      expect(findBadText(Buffer.alloc(4096), 'body')).toBeNull();
    } finally {
      Object.entries = entries;
    }
    expect(walked).toBe(0);
  });

  it('replaces what cannot be stored, keeping pairs', () => {
    expect(replaceBadText('a\u0000b\ud800c😀')).toBe('a\ufffdb\ufffdc😀');
  });
});
