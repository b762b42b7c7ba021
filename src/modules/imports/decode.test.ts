import { describe, expect, it } from 'vitest';
import { decodeChunks, sniffDelimiter, sniffEncoding } from './decode.js';

const utf16le = (s: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

async function decodeAll(bytes: Uint8Array, chunkSize = 5) {
  const s = sniffEncoding(bytes);
  if ('error' in s) return s;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  let out = '';
  for await (const t of decodeChunks(chunks(), s)) out += t;
  return { encoding: s.encoding, text: out };
}

describe('decoding uploaded files', () => {
  const text = 'phone,name\n+14155550100,Zoë Ñúñez €\n';
  const cases: Array<[string, Uint8Array, string]> = [
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['UTF-16LE with BOM', utf16le(text), 'utf-16le'],
    ['UTF-16LE without BOM', utf16le(text, false), 'utf-16le'],
    ['UTF-16BE with BOM', utf16be(text), 'utf-16be'],
  ];
  it.each(cases)('%s', async (_l, bytes, encoding) => {
    expect(await decodeAll(bytes)).toEqual({ encoding, text });
  });

  it('falls back to Windows-1252 for Latin-1 bytes', async () => {
    const latin1 = Buffer.from('phone,name\n+14155550100,Zo\xeb \x80\n', 'latin1');
    expect(await decodeAll(latin1)).toEqual({ encoding: 'windows-1252', text: 'phone,name\n+14155550100,Zoë €\n' });
  });

  it.each([
    ['empty', Buffer.alloc(0), 'empty_file'],
    ['xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'binary_file'],
    ['pdf', Buffer.from('%PDF-1.7 ...'), 'binary_file'],
    ['random binary', Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 37) % 256)), 'binary_file'],
  ])('refuses %s', (_l, bytes, error) => expect(sniffEncoding(bytes)).toMatchObject({ error }));

  it.each([
    ['phone,name', ','],
    ['phone;name;email', ';'],
    ['phone\tname', '\t'],
    ['phone', ','],
  ])('delimiter of %j', (line, d) => expect(sniffDelimiter(line)).toBe(d));
});
