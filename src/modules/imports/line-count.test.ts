import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { countPlainLines } from './line-count.js';

async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
/** What the import's parser counts: records after the header. */
const parsed = (text: string) => Math.max(0, parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }).length - 1);

describe('countPlainLines', () => {
  it.each([
    ['header only', 'phone,name\n'],
    ['header without newline', 'phone,name'],
    ['rows', 'phone,name\n1,a\n2,b\n'],
    ['last row without newline', 'phone,name\n1,a\n2,b'],
    ['empty lines anywhere', '\n\nphone,name\n\n1,a\n\n\n2,b\n\n'],
    ['blank-looking rows count (spaces, a lone delimiter)', 'phone,name\n  \n,\n1,a\n'],
    ['ragged rows', 'phone,name\n1\n2,b,c,d\n'],
    ['a BOM', '\ufeffphone,name\n1,a\n'],
    ['a NUL and other odd characters', 'phone,name\n1,\u0000\n2,\ufdd0x\n'],
    ['empty text', ''],
  ])('%s: the same count as the parser, in any chunking', async (_name, text) => {
    for (const size of [1, 2, 3, 7, 1000]) expect(await countPlainLines(chunks(text, size), 1000)).toBe(parsed(text));
  });

  it.each([
    ['a quote', 'phone,name\n1,"a\nb"\n'],
    ['a carriage return', 'phone,name\r\n1,a\r\n'],
    ['a lone carriage return', 'phone,name\r1,a\r'],
  ])('%s: null (counted by parsing instead)', async (_name, text) => {
    expect(await countPlainLines(chunks(text, 4), 1000)).toBeNull();
  });

  it('a line longer than the limit: null, whatever the chunking', async () => {
    const text = `phone\n${'9'.repeat(50)}\n1\n`;
    for (const size of [1, 7, 100]) expect(await countPlainLines(chunks(text, size), 40)).toBeNull();
    expect(await countPlainLines(chunks(text, 7), 50)).toBe(2);
  });
});
