import { describe, expect, it } from 'vitest';
import { encodeBody, isGsm7, SMART_ENCODING_MAP, smartEncode } from './sms-encoding.js';

describe('smart encoding (Twilio-style look-alikes → GSM-7)', () => {
  it.each<[string, string, string]>([
    // [what, input, smart-encoded]
    ['curly single quotes and primes', '‘it’s’ ‚x‛ 5′ ‵', "'it's' 'x' 5' '"],
    ['curly double quotes, guillemets, double prime', '“a” „b‟ «c» 6″', '"a" "b" "c" 6"'],
    ['apostrophe look-alikes: backtick, acute, modifier letters', '`a´b ʼc ʻd ˈe ˊf ˋg', "'a'b 'c 'd 'e 'f 'g"],
    ['dashes and hyphens', 'a‐b‑c‒d–e—f―g−h', 'a-b-c-d-e-f-g-h'],
    ['ellipsis and doubled punctuation', 'wait… ‼ ⁇ ⁈ ⁉', 'wait... !! ?? ?! !?'],
    ['no-break, thin, em, figure, narrow, ideographic spaces', 'a\u00A0b\u2009c\u2003d\u2007e\u202Ff\u3000g\u205Fh', 'a b c d e f g h'],
    ['tabs and vertical tab', 'Name:\tAnn\u000BX', 'Name: Ann X'],
    ['zero-width characters, word joiner, BOM, soft hyphen removed', '\uFEFFso\u00ADft\u200Bly\u2060', 'softly'],
    ['bullets', '• one\n‣ two\n◦ three\n∙ four\n· five', '- one\n- two\n- three\n- four\n- five'],
    ['fractions', '½ ⅓ ⅔ ¼ ¾ ⅛ ⅞ ⅒', '1/2 1/3 2/3 1/4 3/4 1/8 7/8 1/10'],
    ['full-width letters, digits and punctuation', 'ＳＡＬＥ　５０％！ ＠ｈｏｍｅ', 'SALE 50%! @home'],
    ['full-width brackets and backtick', '（ｏｋ）［１］｛２｝｀', "(ok)[1]{2}'"],
    ['angle quotes and brackets', '‹a› 〈b〉', '<a> <b>'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\nb\nc'],
    ['slashes, bars, colon look-alikes', 'a⁄b∕c ǀ d∶e', 'a/b/c | d:e'],
    ['modifier circumflex and tilde', 'ˆ˜', '^~'],
  ])('%s', (_what, input, expected) => {
    expect(smartEncode(input)).toBe(expected);
    expect(isGsm7(expected)).toBe(true);
  });

  it('every replacement is GSM-7 (or removes the character) and no replaced character is itself GSM-7', () => {
    for (const [from, to] of SMART_ENCODING_MAP) {
      expect(isGsm7(to), `${from} → ${to}`).toBe(true);
      expect(isGsm7(from), `U+${from.charCodeAt(0).toString(16)} is GSM-7 already`).toBe(false);
    }
    expect(SMART_ENCODING_MAP.size).toBeGreaterThan(180); // the 94 full-width forms and ~90 look-alikes
  });

  it.each<[string, string, number]>([
    // [what, body, segments with smart encoding] — one stray character would make the whole body UCS-2
    ['a 150-character body with one curly apostrophe stays one GSM-7 segment', 'x'.repeat(145) + ' it’s', 1],
    ['a 160-character body with an NBSP', 'y'.repeat(80) + '\u00A0' + 'y'.repeat(79), 1],
    ['a tab in a 300-character body: 2 GSM-7 segments, not 5 UCS-2', 'z'.repeat(150) + '\t' + 'z'.repeat(149), 2],
  ])('%s', (_what, body, segments) => {
    const plain = encodeBody(body);
    const smart = encodeBody(body, { smartEncoding: true });
    expect(plain.encoding).toBe('UCS-2');
    expect(smart).toMatchObject({ encoding: 'GSM-7', segments });
    expect(smart.segments).toBeLessThan(plain.segments + (plain.segments === 1 ? 1 : 0));
  });

  it('keeps the original body when smart encoding would not make it GSM-7 (an emoji remains)', () => {
    expect(encodeBody('It’s done ✅', { smartEncoding: true })).toMatchObject({ body: 'It’s done ✅', encoding: 'UCS-2' });
  });
});
