import { isUtf8 } from 'node:buffer';

/**
 * Turns the raw bytes of an uploaded "CSV" into text: UTF-8 (with or without BOM), UTF-16
 * LE/BE (with or without BOM), or Windows-1252/Latin-1 when the bytes are not valid UTF-8.
 * Spreadsheets, archives and other binary files are recognised and refused.
 *
 * Mixed files: a UTF-8 file (by BOM, or because its sample holds valid multi-byte UTF-8) is
 * decoded as UTF-8 to the end; a byte that is not part of a valid UTF-8 sequence is never
 * silently replaced — it comes out as INVALID_BYTE followed by its Windows-1252 reading, so the
 * row that holds it is reported (rows.ts: invalid_encoding) with that reading as a flagged guess.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Sniff = { encoding: Encoding; bomLength: number } | { error: 'empty_file' | 'binary_file'; hint: string };

const MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'This looks like an Excel (.xlsx) or ZIP file. Save it as CSV first.'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'This looks like an old Excel (.xls) file. Save it as CSV first.'],
  [[0x25, 0x50, 0x44, 0x46], 'This is a PDF, not a CSV file.'],
  [[0x1f, 0x8b], 'This is a compressed (gzip) file. Upload the CSV itself.'],
  [[0x89, 0x50, 0x4e, 0x47], 'This is an image, not a CSV file.'],
];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

export function sniffEncoding(sample: Uint8Array): Sniff {
  if (sample.length === 0) return { error: 'empty_file', hint: 'The file is empty.' };
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  for (const [sig, hint] of MAGIC) if (startsWith(sample, sig)) return { error: 'binary_file', hint };
  const n = Math.min(sample.length, 8192);
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i];
    if (b === 0) (i % 2 === 0 ? evenNul++ : oddNul++);
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  const half = n / 2;
  if (oddNul > half * 0.3 && evenNul < half * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (evenNul > half * 0.3 && oddNul < half * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  // A stray NUL in a cell is the row's fault (reported as invalid_characters), not the file's:
  // only a file full of NULs and control bytes is binary.
  if (evenNul + oddNul + control > Math.max(8, n * 0.01)) return { error: 'binary_file', hint: 'This is not a text (CSV) file.' };
  // The whole sample decides: valid UTF-8, or valid multi-byte UTF-8 among stray bytes (a UTF-8 file
  // with some Latin-1 rows: those rows are reported), or Windows-1252 throughout.
  const body = sample.subarray(0, trimPartialUtf8(sample));
  if (isUtf8(body)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: hasUtf8Sequence(body) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Length of the valid UTF-8 sequence starting at `i` with a byte >= 0x80, or 0 if there is none. */
function utf8SequenceAt(b: Uint8Array, i: number): number {
  const b0 = b[i];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = b[i + 1];
    if (b0 === 0xe0 && !(b1 >= 0xa0 && b1 <= 0xbf)) return 0;
    if (b0 === 0xed && !(b1 >= 0x80 && b1 <= 0x9f)) return 0; // no surrogates
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = b[i + 1];
    if (b0 === 0xf0 && !(b1 >= 0x90 && b1 <= 0xbf)) return 0;
    if (b0 === 0xf4 && !(b1 >= 0x80 && b1 <= 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function hasUtf8Sequence(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80 && utf8SequenceAt(b, i) > 0) return true;
  return false;
}

/**
 * Marks a byte that is not valid UTF-8 in decoded text: a Unicode noncharacter (reserved for a
 * program's internal use, never meaningful in a file), followed by the byte's Windows-1252 reading.
 */
export const INVALID_BYTE = '\ufdd0';
/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') drops bytes 0x80–0x9F in some
 * calls (a latin1 fast path), so € and curly quotes vanished. Latin-1 plus this table is exact.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const WINDOWS_1252 = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b)).join('');
const C1 = /[\x80-\x9f]/g;
/** Windows-1252 bytes as text (single-byte: no state between chunks). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1, (c) => WINDOWS_1252[c.charCodeAt(0)]);
}

/**
 * Decodes UTF-8 bytes (complete sequences only; the caller keeps a cut-off tail for the next
 * chunk). Valid input takes the fast path; otherwise each invalid byte becomes INVALID_BYTE plus
 * its Windows-1252 character.
 */
export function decodeUtf8Flagging(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return UTF8.decode(bytes, STREAM);
  let out = '';
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) { i++; continue; }
    const len = utf8SequenceAt(bytes, i);
    if (len) { i += len; continue; }
    out += UTF8.decode(bytes.subarray(start, i), STREAM) + INVALID_BYTE + WINDOWS_1252[bytes[i]];
    start = ++i;
  }
  return out + UTF8.decode(bytes.subarray(start), STREAM);
}
/**
 * Only ever given complete, valid sequences, so its streaming state stays empty between calls;
 * streaming mode is used because Node decodes about twice as fast in it.
 */
const UTF8 = new TextDecoder('utf-8');
const STREAM = { stream: true };

/** The text with every INVALID_BYTE marker removed (what the Windows-1252 reading says). */
export const withoutInvalidMarks = (s: string) => (s.includes(INVALID_BYTE) ? s.split(INVALID_BYTE).join('') : s);

/** Length of `b` without a trailing, incomplete UTF-8 sequence (the sample may cut one). */
function trimPartialUtf8(b: Uint8Array): number {
  let i = b.length;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const byte = b[i - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? i - back : i;
  }
  return i;
}

/** Decodes a byte stream chunk by chunk; multi-byte characters split across chunks survive. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, sniff: { encoding: Encoding; bomLength: number }): AsyncGenerator<string> {
  if (sniff.encoding === 'utf-8') {
    yield* decodeUtf8Chunks(chunks, sniff.bomLength);
    return;
  }
  if (sniff.encoding === 'windows-1252') {
    for await (const chunk of chunks) yield decodeWindows1252(chunk);
    return;
  }
  if (sniff.encoding === 'utf-16le' || sniff.encoding === 'utf-16be') {
    yield* decodeUtf16Chunks(chunks, sniff.bomLength, sniff.encoding === 'utf-16be');
    return;
  }
  const decoder = new TextDecoder(sniff.encoding, { fatal: false });
  let first = true;
  for await (const chunk of chunks) {
    const bytes = first ? chunk.subarray(sniff.bomLength) : chunk;
    first = false;
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** UTF-8 chunk by chunk: a sequence cut by a chunk boundary waits for the next chunk; invalid bytes are flagged. */
async function* decodeUtf8Chunks(chunks: AsyncIterable<Uint8Array>, bomLength: number): AsyncGenerator<string> {
  let carry: Uint8Array = new Uint8Array(0);
  let bom = bomLength; // BOM bytes still to skip (a tiny first chunk may hold part of it)
  for await (const chunk of chunks) {
    let bytes = chunk.subarray(Math.min(bom, chunk.length));
    bom -= chunk.length - bytes.length;
    let head = '';
    if (carry.length) {
      // Complete the sequence cut at the last chunk's end with this chunk's first continuation
      // bytes (a few bytes copied, not the whole chunk).
      let k = 0;
      while (k < 3 && k < bytes.length && (bytes[k] & 0xc0) === 0x80) k++;
      const piece = Buffer.concat([carry, bytes.subarray(0, k)]);
      bytes = bytes.subarray(k);
      if (!bytes.length && trimPartialUtf8(piece) < piece.length) {
        carry = piece; // still cut (a tiny chunk): wait for more
        continue;
      }
      head = decodeUtf8Flagging(piece);
    }
    const end = trimPartialUtf8(bytes);
    carry = bytes.slice(end);
    const text = head + decodeUtf8Flagging(bytes.subarray(0, end));
    if (text) yield text;
  }
  if (carry.length) yield decodeUtf8Flagging(carry);
}

/**
 * UTF-16 chunk by chunk, marking an unpaired surrogate (BROKEN_UTF16) where TextDecoder would put
 * U+FFFD silently: the row that holds one is then reported (rows.ts: invalid_characters). An odd
 * byte or a high surrogate at a chunk's end waits for the next chunk.
 */
async function* decodeUtf16Chunks(chunks: AsyncIterable<Uint8Array>, bomLength: number, bigEndian: boolean): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let high = '';
  let bom = bomLength; // BOM bytes still to skip (a tiny first chunk may hold part of it)
  for await (const chunk of chunks) {
    const fresh = chunk.subarray(Math.min(bom, chunk.length));
    bom -= chunk.length - fresh.length;
    const bytes = Buffer.concat([carry, fresh]);
    const even = bytes.length & ~1;
    carry = Buffer.from(bytes.subarray(even));
    const units = bytes.subarray(0, even);
    if (bigEndian) units.swap16();
    let text = high + units.toString('utf16le');
    high = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      high = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text) yield text.replace(LONE_SURROGATES, BROKEN_UTF16);
  }
  const tail = (high ? BROKEN_UTF16 : '') + (carry.length ? '\ufffd' : '');
  if (tail) yield tail;
}
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * Stands for an unpaired surrogate of a UTF-16 file: another noncharacter, because the CSV
 * parser re-encodes text as UTF-8 and would turn the surrogate itself into U+FFFD.
 */
export const BROKEN_UTF16 = '\ufdd1';

/** The whole of a (sample) byte array as text, the same way decodeChunks reads the file. */
export function decodeSample(bytes: Uint8Array, sniff: { encoding: Encoding; bomLength: number }): string {
  const body = bytes.subarray(sniff.bomLength);
  if (sniff.encoding === 'utf-8') return decodeUtf8Flagging(body);
  return sniff.encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(sniff.encoding).decode(body);
}

/**
 * The header line of a decoded text: its first line that is not empty (the parser skips empty lines before the header).
 * Lines end as the parser finds them: CRLF, LF, or CR alone (Excel's "CSV (Macintosh)").
 */
export const headerLineOf = (text: string): string => text.replace(/^[\r\n]+/, '').split(/\r\n?|\n/, 1)[0];

/** The most frequent of comma, semicolon, tab and pipe in the header line. */
export function sniffDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
