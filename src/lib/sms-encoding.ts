/**
 * SMS body encoding and segmentation (3GPP TS 23.038, Twilio conventions). Pure and allocation-light:
 * it runs on every send and on every keystroke of the composer. It lives in lib so that carrier folders
 * (SMPP splits bodies into concatenated parts) share the one rule; modules/messaging/encoding.ts re-exports it.
 *
 * - GSM-7: 160 septets in one segment, 153 per segment when concatenated; an extension-table
 *   character costs two septets (ESC + char) and the pair is never split across segments.
 * - UCS-2: 70 UTF-16 code units in one segment, 67 per segment when concatenated; surrogate pairs are
 *   never split, and grapheme clusters (👍🏽, 🇺🇸, 👨‍👩‍👧, keycaps, e + combining accent) are kept together when
 *   they fit in one segment (a longer cluster is split at a code-point boundary).
 * - Smart encoding (opt-in, Twilio-style): look-alikes are replaced by GSM-7 characters, but only when
 *   the result is then entirely GSM-7; otherwise the original body is kept (nothing would be saved).
 */

export type Encoding = 'GSM-7' | 'UCS-2';

export interface EncodedBody {
  body: string; // after smart encoding (if requested and useful)
  encoding: Encoding;
  segments: number; // 0 for an empty body
  units: number; // septets (GSM-7) or UTF-16 code units (UCS-2) of the whole body
  /** Units left before another segment would be needed. */
  remaining: number;
}

export interface EncodeOptions {
  smartEncoding?: boolean;
}

export type BodyProblem = 'empty_body' | 'body_too_long' | 'invalid_characters';

export const MAX_SEGMENTS = 10;
/** Twilio's limit on the message body (counted in UTF-16 code units). */
export const MAX_BODY_CHARS = 1600;

export const SEGMENT_UNITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<Encoding, { single: number; multi: number }>;

const GSM_MULTI = SEGMENT_UNITS['GSM-7'].multi;
const GSM_SINGLE = SEGMENT_UNITS['GSM-7'].single;
const UCS2_MULTI = SEGMENT_UNITS['UCS-2'].multi;
const UCS2_SINGLE = SEGMENT_UNITS['UCS-2'].single;

/** The GSM 03.38 default alphabet in code order, without 0x1B (ESC, not a character): 127 characters. */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension-table characters: each costs two septets (ESC + char). */
export const GSM7_EXTENDED = '^{}\\[~]|€\f';

/** Septets per UTF-16 code unit: 0 = not GSM-7, 1 = basic alphabet, 2 = extension table. */
const SEPTETS = new Uint8Array(0x10000);
for (const ch of GSM7_BASIC) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of GSM7_EXTENDED) SEPTETS[ch.charCodeAt(0)] = 2;

/**
 * Look-alike → GSM-7 replacements applied by smart encoding ('' removes the character): what Twilio's
 * smart encoding maps — quotes and primes, apostrophe look-alikes (modifier letters, backtick, acute),
 * dashes and hyphens, ellipsis and doubled punctuation, odd spaces (no-break, thin, em, ideographic,
 * tab), invisible characters (zero-width, soft hyphen, word joiner, BOM), bullets, fractions, line and
 * paragraph separators, and the full-width forms (U+FF01–U+FF5E, generated below).
 */
const SMART_REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['\u2018\u2019\u201A\u201B\u2032\u2035\u00B4\u0060\u02B9\u02BB\u02BC\u02BD\u02C8\u02CA\u02CB\u275B\u275C\u0313\u0314', "'"], // ‘ ’ ‚ ‛ ′ ‵ ´ ` ʹ ʻ ʼ ʽ ˈ ˊ ˋ ❛ ❜
  ['\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u2036\u02BA\u02DD\u02EE\u275D\u275E\u301D\u301E\u301F', '"'], // “ ” „ ‟ « » ″ ‶ ʺ ˝ ˮ ❝ ❞ 〝 〞 〟
  ['\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\uFE58\uFE63\u02D7', '-'], // ‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣ ˗
  ['\u2022\u2023\u2219\u25E6\u25AA\u25CF\u00B7', '-'], // bullets • ‣ ∙ ◦ ▪ ● and the middle dot ·
  ['\u2024', '.'], // one dot leader ․
  ['\u2026', '...'], // …
  ['\u203C', '!!'], ['\u2047', '??'], ['\u2048', '?!'], ['\u2049', '!?'], // ‼ ⁇ ⁈ ⁉
  ['\u0009\u000B\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000', ' '], // tab, VT, no-break, en/em/thin/hair… spaces
  ['\u200B\u2060\uFEFF\u00AD', ''], // zero-width space, word joiner, BOM, soft hyphen (ZWJ/ZWNJ stay: they bind emoji and scripts)
  ['\u2028\u2029', '\n'], // line and paragraph separators
  ['\u2039\u2329\u27E8\u3008', '<'], ['\u203A\u232A\u27E9\u3009', '>'], // ‹ 〈 ⟨ 〈 / › 〉 ⟩ 〉
  ['\u02C6\u2038', '^'], ['\u02DC\u223C', '~'], // ˆ ‸ / ˜ ∼
  ['\u01C0\u2223\u00A6', '|'], ['\u2044\u2215', '/'], ['\u2216', '\\'], ['\u2217\u204E', '*'], ['\u01C3', '!'], ['\u2236\u02D0\uA789', ':'], // ǀ ∣ ¦ / ⁄ ∕ / ∖ / ∗ ⁎ / ǃ / ∶ ː ꞉
  ['\u3001', ','], ['\u3002', '.'], // 、 。
  ['\u00BD', '1/2'], ['\u2153', '1/3'], ['\u2154', '2/3'], ['\u00BC', '1/4'], ['\u00BE', '3/4'], ['\u2155', '1/5'], ['\u2156', '2/5'],
  ['\u2157', '3/5'], ['\u2158', '4/5'], ['\u2159', '1/6'], ['\u215A', '5/6'], ['\u2150', '1/7'], ['\u215B', '1/8'], ['\u215C', '3/8'],
  ['\u215D', '5/8'], ['\u215E', '7/8'], ['\u2151', '1/9'], ['\u2152', '1/10'], ['\u2189', '0/3'], // fractions
];
const SMART = new Map<string, string>();
for (const [chars, to] of SMART_REPLACEMENTS) for (const ch of chars) SMART.set(ch, to);
// Full-width forms ！ … ～ (U+FF01–U+FF5E) are their ASCII characters (U+0021–U+007E), the backtick again an apostrophe.
for (let c = 0xff01; c <= 0xff5e; c++) SMART.set(String.fromCharCode(c), SMART.get(String.fromCharCode(c - 0xfee0)) ?? String.fromCharCode(c - 0xfee0));
SMART.set('\uFFE1', '£'); SMART.set('\uFFE5', '¥'); // ￡ ￥
/** The characters smart encoding replaces, for the composer and tests: [from, to] pairs. */
export const SMART_ENCODING_MAP: ReadonlyMap<string, string> = SMART;
const SMART_RE = new RegExp(`[${[...SMART.keys()].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
const smartReplace = (ch: string): string => SMART.get(ch) ?? ch;

/** A text of only spaces and zero-width characters (also PostgreSQL's regular expression syntax: campaigns.repo uses its source). */
export const BLANK_RE = /^[\s\u200B-\u200D\u2060\uFEFF]*$/;
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });
let lastSegmented: { body: string; graphemes: Intl.Segments } | undefined; // reused across the cuts of one body

function graphemesOf(body: string): Intl.Segments {
  if (lastSegmented?.body !== body) lastSegmented = { body, graphemes: GRAPHEMES.segment(body) };
  return lastSegmented.graphemes;
}

interface Layout {
  encoding: Encoding;
  units: number;
  segments: number;
  /** Units used in the last segment. */
  last: number;
}

/** Every UTF-16 unit of the body is in the GSM-7 basic or extension table. */
export function isGsm7(body: string): boolean {
  for (let i = 0; i < body.length; i++) if (SEPTETS[body.charCodeAt(i)] === 0) return false;
  return true;
}

/** Replaces look-alikes (curly quotes, dashes, ellipsis, odd spaces, …) with GSM-7 characters, unconditionally. */
export function smartEncode(body: string): string {
  return body.replace(SMART_RE, smartReplace);
}

/** The body that would be sent: smart-encoded only when requested and the result is entirely GSM-7. */
function sendableBody(body: string, opts: EncodeOptions | undefined): string {
  if (!opts?.smartEncoding || isGsm7(body)) return body; // no look-alike is itself GSM-7
  const smart = smartEncode(body);
  return smart !== body && isGsm7(smart) ? smart : body;
}

/** GSM-7 layout, or null when a character is not GSM-7. `cuts` (if given) receives segment start offsets. */
function gsmLayout(body: string, cuts: number[] | null): Layout | null {
  let units = 0;
  let used = 0;
  let segments = 1;
  for (let i = 0; i < body.length; i++) {
    const septets = SEPTETS[body.charCodeAt(i)];
    if (septets === 0) return null;
    units += septets;
    if (used + septets > GSM_MULTI) {
      cuts?.push(i); // an escape pair that does not fit moves whole to the next segment
      segments++;
      used = septets;
    } else used += septets;
  }
  if (units > GSM_SINGLE) return { encoding: 'GSM-7', units, segments, last: used };
  if (cuts) cuts.length = 0;
  return { encoding: 'GSM-7', units, segments: units === 0 ? 0 : 1, last: units };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Code points that always start a new grapheme cluster (Grapheme_Cluster_Break=Other, not an Indic consonant)
 * unless preceded by ZWJ or a Prepend character: Latin, Greek, Cyrillic, symbols/arrows/dingbats, CJK, and
 * pictographs except regional indicators (1F1E6–1F1FF) and skin-tone modifiers (1F3FB–1F3FF). Verified against
 * Intl.Segmenter (Node 20, Unicode 17) for every code point here after tricky contexts; the rest goes to Intl.
 */
const CLUSTER_STARTS = [0x20, 0x2ff, 0x370, 0x482, 0x2100, 0x2bff, 0x4e00, 0x9fff, 0x1f000, 0x1f1e5, 0x1f200, 0x1f3fa, 0x1f400, 0x1faff];

/** Cheap, conservative test that offset `p` (a code-point boundary) is a grapheme-cluster boundary. */
function obviousBoundary(body: string, p: number): boolean {
  const a = body.charCodeAt(p - 1); // ZWJ, Prepend (Arabic…Malayalam, U+11000–U+11FFF) and lone surrogates: ask Intl
  if (a === 0x200d || (a >= 0x0600 && a <= 0x0dff) || isHigh(a)) return false;
  if (isLow(a) && body.charCodeAt(p - 2) >= 0xd804 && body.charCodeAt(p - 2) <= 0xd807) return false;
  const b = body.codePointAt(p)!;
  for (let i = 0; i < CLUSTER_STARTS.length; i += 2) if (b >= CLUSTER_STARTS[i] && b <= CLUSTER_STARTS[i + 1]) return true;
  return false;
}

/** Where a UCS-2 segment starting at `start` ends, given that it may hold units up to (not including) `limit`. */
function ucs2Cut(body: string, start: number, limit: number): number {
  const cut = isHigh(body.charCodeAt(limit - 1)) && isLow(body.charCodeAt(limit)) ? limit - 1 : limit;
  if (obviousBoundary(body, cut)) return cut;
  const cluster = graphemesOf(body).containing(limit);
  if (cluster && cluster.index < limit && cluster.index > start && cluster.segment.length <= UCS2_MULTI) {
    return cluster.index; // move the whole cluster to the next segment
  }
  return cut; // the cluster does not fit in a segment anyway: split it at a code-point boundary
}

function ucs2Layout(body: string, cuts: number[] | null): Layout {
  const n = body.length;
  if (n <= UCS2_SINGLE) return { encoding: 'UCS-2', units: n, segments: n === 0 ? 0 : 1, last: n };
  let start = 0;
  let segments = 1;
  while (n - start > UCS2_MULTI) {
    start = ucs2Cut(body, start, start + UCS2_MULTI);
    cuts?.push(start);
    segments++;
  }
  return { encoding: 'UCS-2', units: n, segments, last: n - start };
}

function layout(body: string, cuts: number[] | null): Layout {
  const gsm = gsmLayout(body, cuts);
  if (gsm) return gsm;
  if (cuts) cuts.length = 0;
  return ucs2Layout(body, cuts);
}

/** Encoding, segment count and units of a body (after smart encoding, if requested). */
export function encodeBody(body: string, opts?: EncodeOptions): EncodedBody {
  const text = sendableBody(body, opts);
  const { encoding, units, segments, last } = layout(text, null);
  const capacity = segments > 1 ? SEGMENT_UNITS[encoding].multi : SEGMENT_UNITS[encoding].single;
  return { body: text, encoding, segments, units, remaining: capacity - last };
}

/** The texts of the segments the body would be sent as (same rules as encodeBody); [] for an empty body. */
export function splitSegments(body: string, opts?: EncodeOptions): string[] {
  const text = sendableBody(body, opts);
  const cuts: number[] = [];
  if (layout(text, cuts).segments === 0) return [];
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(text.slice(start, cut));
    start = cut;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Why a body cannot be sent (empty/whitespace-only, > 10 segments or > 1600 chars, lone surrogate or NUL), or null. */
export function bodyProblem(body: string, opts?: EncodeOptions): BodyProblem | null {
  const text = sendableBody(body, opts);
  if (BLANK_RE.test(text)) return 'empty_body';
  const { encoding, segments } = layout(text, null);
  if (encoding === 'UCS-2' && hasInvalidUnits(text)) return 'invalid_characters'; // GSM-7 text never has any
  if (text.length > MAX_BODY_CHARS || segments > MAX_SEGMENTS) return 'body_too_long';
  return null;
}

/** NUL or a lone (unpaired) surrogate. */
function hasInvalidUnits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || isLow(c)) return true;
    if (isHigh(c) && !isLow(text.charCodeAt(++i))) return true; // NaN past the end is not low either
  }
  return false;
}
