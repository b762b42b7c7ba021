import { describe, expect, it } from 'vitest';
import {
  GSM7_BASIC,
  GSM7_EXTENDED,
  MAX_SEGMENTS,
  bodyProblem,
  encodeBody,
  isGsm7,
  smartEncode,
  splitSegments,
  type Encoding,
} from './encoding.js';

const a = (n: number) => 'a'.repeat(n);
const ogonek = (n: number) => 'ą'.repeat(n); // U+0105 is not GSM-7 (unlike é)
const LIMITS = { 'GSM-7': { single: 160, multi: 153 }, 'UCS-2': { single: 70, multi: 67 } } as const;

/** Units of a text in an encoding, counted independently of the implementation. */
function unitsOf(text: string, encoding: Encoding): number {
  if (encoding === 'UCS-2') return text.length;
  return [...text].reduce((sum, ch) => sum + (GSM7_EXTENDED.includes(ch) ? 2 : 1), 0);
}

/** Reference splitter: greedy over GSM characters, or over Intl grapheme clusters (code points if a cluster is too long). */
function referenceSplit(text: string): string[] {
  if (text === '') return [];
  const encoding: Encoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  if (unitsOf(text, encoding) <= LIMITS[encoding].single) return [text];
  const max = LIMITS[encoding].multi;
  const parts: string[] = [''];
  const add = (piece: string) => {
    if (unitsOf(parts[parts.length - 1] + piece, encoding) > max) parts.push('');
    parts[parts.length - 1] += piece;
  };
  const pieces = encoding === 'GSM-7' ? [...text] : [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
  for (const piece of pieces) {
    if (piece.length > max) for (const cp of piece) add(cp);
    else add(piece);
  }
  return parts;
}

describe('encodeBody', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0, 160],
    ['hello', 'hello', 'GSM-7', 1, 5, 155],
    ['160 GSM chars', a(160), 'GSM-7', 1, 160, 0],
    ['161 GSM chars (153 + 8)', a(161), 'GSM-7', 2, 161, 145],
    ['306 GSM chars', a(306), 'GSM-7', 2, 306, 0],
    ['307 GSM chars', a(307), 'GSM-7', 3, 307, 152],
    ['159 chars + € (161 septets)', a(159) + '€', 'GSM-7', 2, 161, 145],
    ['153 chars + € (escape pair moves, 1 septet wasted)', a(152) + '€' + a(10), 'GSM-7', 2, 164, 141],
    ['all extension chars', GSM7_EXTENDED, 'GSM-7', 1, 20, 140],
    ['every basic char', GSM7_BASIC, 'GSM-7', 1, 127, 33],
    ['70 UCS-2 chars', ogonek(70), 'UCS-2', 1, 70, 0],
    ['71 UCS-2 chars (67 + 4)', ogonek(71), 'UCS-2', 2, 71, 63],
    ['70 Chinese chars', '中'.repeat(70), 'UCS-2', 1, 70, 0],
    ['emoji is 2 units', '😀', 'UCS-2', 1, 2, 68],
    ['GSM text + one emoji', 'Thanks! 😀', 'UCS-2', 1, 10, 60],
    ['67 ą + 😀 (pair cannot be split, 2 segments)', ogonek(66) + '😀' + ogonek(10), 'UCS-2', 2, 78, 55],
    ['10 full UCS-2 segments', ogonek(670), 'UCS-2', 10, 670, 0],
  ])('%s', (_name, body, encoding, segments, units, remaining) => {
    expect(encodeBody(body)).toEqual({ body, encoding, segments, units, remaining });
  });

  it('counts an escape pair that would straddle the boundary in the next segment', () => {
    expect(encodeBody(a(152) + '€' + a(151))).toMatchObject({ segments: 2, units: 305, remaining: 0 });
    expect(encodeBody(a(152) + '€' + a(152))).toMatchObject({ segments: 3, units: 306, remaining: 152 }); // a(306) needs 2
  });

  it('smart encoding turns look-alikes into GSM-7; without it the body is UCS-2', () => {
    const body = '“Hello” — world…';
    expect(encodeBody(body, { smartEncoding: true })).toEqual({ body: '"Hello" - world...', encoding: 'GSM-7', segments: 1, units: 18, remaining: 142 });
    expect(encodeBody(body)).toEqual({ body, encoding: 'UCS-2', segments: 1, units: 16, remaining: 54 });
    expect(encodeBody(body, { smartEncoding: false }).encoding).toBe('UCS-2');
  });

  it.each([
    ['emoji stays', '“Hi” 😀'],
    ['Chinese stays', '‘中’'],
    ['plain GSM', 'Hello "world"'],
  ])('smart encoding keeps the original body when it would not become GSM-7 (%s)', (_name, body) => {
    expect(encodeBody(body, { smartEncoding: true }).body).toBe(body);
  });
});

describe('splitSegments', () => {
  const septets = (s: string) => unitsOf(s, 'GSM-7');

  it.each([
    ['empty', '', []],
    ['one GSM segment', a(160), [160]],
    ['161 GSM', a(161), [153, 8]],
    ['307 GSM', a(307), [153, 153, 1]],
    ['71 UCS-2', ogonek(71), [67, 4]],
    ['141 UCS-2', ogonek(141), [67, 67, 7]],
  ])('%s', (_name, body, lengths) => {
    expect(splitSegments(body).map((s) => s.length)).toEqual(lengths);
  });

  it.each([152, 153])('moves an escape pair at septet %i to the next segment', (at) => {
    const body = a(at - 1) + '€' + a(200);
    const parts = splitSegments(body);
    expect(parts.join('')).toBe(body);
    expect(parts[0]).toBe(a(at - 1) + (at === 153 ? '' : '€'));
    expect(parts[1].startsWith(at === 153 ? '€' : 'a')).toBe(true);
    for (const part of parts) expect(septets(part)).toBeLessThanOrEqual(153);
  });

  it('never splits an escape pair in a body of extension characters', () => {
    const body = 'x' + '{'.repeat(200);
    const parts = splitSegments(body);
    expect(parts.map(septets)).toEqual([153, 152, 96]); // 1 + 76×2, 76×2 (one septet wasted), 48×2
    expect(parts.join('')).toBe(body);
  });

  it.each([
    ['surrogate pair', ogonek(66) + '😀' + 'more text here', 66, '😀'],
    ['👍🏽 straddling the boundary', ogonek(65) + '👍🏽' + ogonek(5), 65, '👍🏽'],
    ['👍🏽 whose modifier straddles the boundary', ogonek(64) + '👍🏽' + ogonek(5), 64, '👍🏽'],
    ['flag 🇺🇸', ogonek(65) + '🇺🇸' + ogonek(5), 65, '🇺🇸'],
    ['ZWJ family 👨‍👩‍👧', ogonek(62) + '👨‍👩‍👧' + ogonek(5), 62, '👨‍👩‍👧'],
    ['keycap 1️⃣', ogonek(65) + '1️⃣' + ogonek(5), 65, '1️⃣'],
    ['combining accent', ogonek(66) + 'e\u0301' + ogonek(5), 66, 'e\u0301'],
    ['CR LF', ogonek(66) + '\r\n' + ogonek(5), 66, '\r\n'],
  ])('keeps a %s together in the next segment', (_name, body, firstLength, cluster) => {
    const parts = splitSegments(body);
    expect(parts[0].length).toBe(firstLength);
    expect(parts[1].startsWith(cluster)).toBe(true);
    expect(parts.join('')).toBe(body);
  });

  it('keeps a cluster that fits at the end of a segment', () => {
    expect(splitSegments(ogonek(63) + '👍🏽' + ogonek(5)).map((s) => s.length)).toEqual([67, 5]);
  });

  it('splits only whole flags in a run of flags', () => {
    const parts = splitSegments('🇺🇸'.repeat(40)); // 160 units: 16 flags (64 units) per segment
    expect(parts.map((s) => s.length)).toEqual([64, 64, 32]);
    for (const part of parts) expect(part).toMatch(/^(🇺🇸)+$/u);
  });

  it('splits a cluster longer than a segment at code-point boundaries', () => {
    const body = 'e' + '\u0301'.repeat(100) + '😀'.repeat(40);
    const parts = splitSegments(body);
    expect(parts.join('')).toBe(body);
    expect(parts[0]).toBe('e' + '\u0301'.repeat(66));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(67);
  });

  it('applies smart encoding when asked', () => {
    expect(splitSegments('‘a’ — b…', { smartEncoding: true })).toEqual(["'a' - b..."]);
  });

  describe('random bodies', () => {
    const POOLS = [
      'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789 .,!?@£$¥èéÇØÅΔ_ΦΩß§¿äöñüà\n\r',
      '^{}\\[~]|€\f',
      'ąęłżźćńśĄŁ',
      'ÂâÊêçÃõ',
      '\u0301\u0308',
      '中文字漢',
      '😀,👍🏽,🇺🇸,🇫🇷,👨‍👩‍👧,1️⃣,❤️,🏳️‍🌈',
      'क्षि,한국',
    ].map((pool, i) => (i >= 6 ? pool.split(',') : [...pool]));
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0; // mulberry32
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const bodies = Array.from({ length: 500 }, (_, i) => {
      const pools = i % 3 === 0 ? POOLS.slice(0, 2) : POOLS; // a third of them stay GSM-7
      const weights = pools.map((_, j) => (j === 0 ? 8 : 1));
      let body = '';
      const target = Math.floor(random() * 700);
      while (body.length < target) {
        let r = random() * weights.reduce((x, y) => x + y, 0);
        const pool = pools.find((_, j) => (r -= weights[j]) < 0) ?? pools[0];
        body += pick(pool);
      }
      return body;
    });

    it('join back to the original body, fit their segments and agree with encodeBody', () => {
      let gsm = 0;
      for (const body of bodies) {
        const parts = splitSegments(body);
        const info = encodeBody(body);
        expect(parts.join('')).toBe(body);
        expect(parts.length).toBe(info.segments);
        expect(info.units).toBe(unitsOf(body, info.encoding));
        const limit = parts.length > 1 ? LIMITS[info.encoding].multi : LIMITS[info.encoding].single;
        for (const part of parts) {
          expect(unitsOf(part, info.encoding)).toBeLessThanOrEqual(limit);
          expect(part).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
        }
        expect(info.remaining).toBe(parts.length ? limit - unitsOf(parts[parts.length - 1], info.encoding) : 160);
        if (info.encoding === 'GSM-7') gsm++;
      }
      expect(gsm).toBeGreaterThan(100);
    });

    it('match a reference splitter built on Intl.Segmenter', () => {
      for (const body of bodies) expect(splitSegments(body)).toEqual(referenceSplit(body));
    });
  });
});

describe('bodyProblem', () => {
  it.each([
    ['', 'empty_body'],
    ['   ', 'empty_body'],
    ['\n\t \r', 'empty_body'],
    ['\u00A0\u200B', 'empty_body'],
    [a(1601), 'body_too_long'],
    [a(1531), 'body_too_long'], // 11 GSM segments
    [a(1530), null], // 10 GSM segments
    ['€'.repeat(766), 'body_too_long'], // 1532 septets: 11 segments
    [ogonek(670), null],
    [ogonek(671), 'body_too_long'], // 11 UCS-2 segments
    ['\uD800x', 'invalid_characters'],
    ['x\uDC00', 'invalid_characters'],
    ['ok \uD83D', 'invalid_characters'],
    ['a\u0000b', 'invalid_characters'],
    ['hello', null],
    ['😀👍🏽', null],
    [' hi ', null],
  ])('%j → %s', (body, problem) => {
    expect(bodyProblem(body)).toBe(problem);
  });

  it('judges the smart-encoded body', () => {
    const body = '…'.repeat(60); // 60 UCS-2 units, but 180 GSM-7 septets once smart-encoded
    expect(bodyProblem(body)).toBeNull();
    expect(encodeBody(body, { smartEncoding: true }).segments).toBe(2);
    expect(bodyProblem('\uFEFF', { smartEncoding: true })).toBe('empty_body');
    expect(bodyProblem('…'.repeat(520))).toBeNull(); // 520 UCS-2 units: 8 segments
    expect(bodyProblem('…'.repeat(520), { smartEncoding: true })).toBe('body_too_long'); // 1560 septets: 11
  });

  it('allows at most 10 segments', () => expect(MAX_SEGMENTS).toBe(10));
});

describe('isGsm7', () => {
  it.each([
    ['', true],
    ['hello', true],
    ['é è ù ì ò Ç Ø å Δ ß É ¡ ¿ Ñ ü à', true],
    [GSM7_BASIC, true],
    [GSM7_EXTENDED, true],
    ['\x1B', false], // ESC is not a character
    ['ç', false],
    ['`', false],
    ['ą', false],
    ['😀', false],
    ['“quoted”', false],
    ['a\u0000', false],
  ])('%j → %s', (body, expected) => {
    expect(isGsm7(body)).toBe(expected);
  });

  it('has the 127 characters of the default alphabet and 10 extension characters', () => {
    expect(new Set(GSM7_BASIC).size).toBe(127);
    expect(new Set(GSM7_EXTENDED).size).toBe(10);
    expect(encodeBody(GSM7_BASIC).units).toBe(127);
    expect(encodeBody(GSM7_EXTENDED).units).toBe(20);
  });
});

describe('smartEncode', () => {
  it.each([
    ['‘single’ ‚low‛', "'single' 'low'"],
    ['“double” „low‟', '"double" "low"'],
    ['a–b—c―d−e', 'a-b-c-d-e'],
    ['wait…', 'wait...'],
    ['a\u00A0b\u2000c\u2005d\u200Ae\u202Ff\u205Fg\u3000h', 'a b c d e f g h'],
    ['zero\u200Bwidth\uFEFF', 'zerowidth'],
    ['‹a› «b»', '<a> "b"'],
    ['5′ 6″', '5\' 6"'],
    ['ˆ˜', '^~'],
    ['• bullet', '- bullet'], // bullets are mapped since issue 9 (Twilio maps them)
    ['👨‍👩‍👧 keeps its ZWJs', '👨‍👩‍👧 keeps its ZWJs'],
    ['plain', 'plain'],
  ])('%j → %j', (body, expected) => {
    expect(smartEncode(body)).toBe(expected);
  });
});
