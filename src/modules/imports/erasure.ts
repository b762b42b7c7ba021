/**
 * Redaction of one person's lines in a stored CSV (pure). A record (a line, or several when a
 * quoted cell spans lines) that names the person — their number in any format, or their email —
 * has every character replaced with a space except the delimiters, quotes and line ends: the
 * file keeps its size, its chunk boundaries and its row numbering; the line reads as empty.
 */
export interface PersonKeys {
  /** Digit strings a number may be written as: E.164 digits, national number, with trunk 0. */
  digits: ReadonlySet<string>;
  /** Lower-case email addresses. */
  emails: readonly string[];
}

const NUMBERISH = /\+?\d[\d\s().\/-]{4,}\d/g;

/** Whether a line's text names one of the people. */
export function namesPerson(text: string, keys: PersonKeys): boolean {
  for (const m of text.matchAll(NUMBERISH)) if (keys.digits.has(m[0].replace(/\D/g, ''))) return true;
  if (keys.emails.length) {
    const lower = text.toLowerCase();
    if (keys.emails.some((e) => e && lower.includes(e))) return true;
  }
  return false;
}

const KEEP = new Set([0x2c, 0x3b, 0x09, 0x7c, 0x22, 0x0d, 0x0a]); // , ; tab | " CR LF

export type Layout = { unit: 1 } | { unit: 2; littleEndian: boolean };

/**
 * Redacts in place the records of `bytes` that name a person; returns the 1-based numbers of
 * the records redacted (row 1 is the header line). `bytes` is the whole file.
 */
export function redactRecords(bytes: Uint8Array, layout: Layout, decode: (b: Uint8Array) => string, keys: PersonKeys): number[] {
  const unit = layout.unit;
  const at = (i: number) => (unit === 1 ? bytes[i] : layout.littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  const blank = (i: number) => {
    if (unit === 1) bytes[i] = 0x20;
    else if (layout.littleEndian) { bytes[i] = 0x20; bytes[i + 1] = 0; }
    else { bytes[i] = 0; bytes[i + 1] = 0x20; }
  };
  const rows: number[] = [];
  let start = 0;
  let quoted = false;
  let record = 1;
  const end = bytes.length - (bytes.length % unit);
  const close = (stop: number) => {
    if (stop > start && namesPerson(decode(bytes.subarray(start, stop)), keys)) {
      for (let i = start; i < stop; i += unit) if (!KEEP.has(at(i))) blank(i);
      rows.push(record);
    }
  };
  for (let i = 0; i < end; i += unit) {
    const c = at(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) {
      close(i);
      start = i + unit;
      record++;
    }
  }
  close(end);
  return rows;
}
