/**
 * Turns the raw bytes of an uploaded "CSV" into text: UTF-8 (with or without BOM), UTF-16
 * LE/BE (with or without BOM), or Windows-1252/Latin-1 when the bytes are not valid UTF-8.
 * Spreadsheets, archives and other binary files are recognised and refused.
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
  if (evenNul + oddNul > 0 || control > n * 0.01) return { error: 'binary_file', hint: 'This is not a text (CSV) file.' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, trimPartialUtf8(sample.subarray(0, n))));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

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

/** The most frequent of comma, semicolon, tab and pipe in the header line. */
export function sniffDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
