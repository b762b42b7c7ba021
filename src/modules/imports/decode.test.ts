import { describe, expect, it } from 'vitest';
import { BROKEN_UTF16, decodeChunks, decodeUtf8Flagging, INVALID_BYTE, sniffDelimiter, sniffEncoding } from './decode.js';

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

  it('reads every Windows-1252 character, 0x80–0x9F included (Node 20\'s decoder drops some)', async () => {
    const bytes = Buffer.from('phone,name\n1,\x80 \x82\x84\x85 \x91q\x92 \x93Q\x94 \x96\x97 \x99 Zo\xeb\n', 'latin1');
    for (const size of [1, 7, 1000]) expect(await decodeAll(bytes, size)).toEqual({ encoding: 'windows-1252', text: 'phone,name\n1,€ ‚„… ‘q’ “Q” –— ™ Zoë\n' });
  });

  it('keeps UTF-8 for a UTF-8 file with Latin-1 rows, flagging each invalid byte with its Windows-1252 reading', async () => {
    const mixed = Buffer.concat([Buffer.from('phone,name\n1,Zoë\n'), Buffer.from('2,Ren\xe9e \x80\n', 'latin1'), Buffer.from('3,Chloé\n')]);
    for (const size of [1, 2, 3, 5, 1000]) {
      expect(await decodeAll(mixed, size)).toEqual({ encoding: 'utf-8', text: `phone,name\n1,Zoë\n2,Ren${INVALID_BYTE}ée ${INVALID_BYTE}€\n3,Chloé\n` });
    }
  });

  it.each([
    ['valid', [0x61, 0xc3, 0xa9], 'aé'],
    ['lone continuation', [0x61, 0x80, 0x62], `a${INVALID_BYTE}€b`],
    ['overlong', [0xc0, 0xaf], `${INVALID_BYTE}À${INVALID_BYTE}¯`],
    ['surrogate', [0xed, 0xa0, 0x80], `${INVALID_BYTE}í${INVALID_BYTE}\u00a0${INVALID_BYTE}€`],
    ['truncated at the end', [0x61, 0xe2, 0x82], `a${INVALID_BYTE}â${INVALID_BYTE}‚`],
    ['4 bytes', [0xf0, 0x9f, 0x98, 0x80], '😀'],
  ])('flags invalid UTF-8: %s', (_l, bytes, text) => expect(decodeUtf8Flagging(Uint8Array.from(bytes))).toBe(text));

  it('keeps an unpaired surrogate of a UTF-16 file (the row is reported, not silently changed), pairs split across chunks survive', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,😀\n', 'utf16le'), Buffer.from([0x3d, 0xd8]), Buffer.from('b\n', 'utf16le')]);
    for (const size of [1, 3, 4, 5, 1000]) expect(await decodeAll(le, size)).toEqual({ encoding: 'utf-16le', text: `a,😀\n${BROKEN_UTF16}b\n` });
    const be = utf16be('x,😀\n');
    for (const size of [1, 3, 1000]) expect(await decodeAll(be, size)).toEqual({ encoding: 'utf-16be', text: 'x,😀\n' });
  });

  it('a stray NUL in a text file is the row\'s business, not a binary file', () => {
    expect(sniffEncoding(Buffer.from('phone,name\n4155550100,A\u0000B\n'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
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
