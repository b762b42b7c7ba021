import { describe, expect, it } from 'vitest';
import {
  HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, classifyKeyword, defaultReplies, isBuiltInKeyword,
  normaliseKeywordText, validateCustomKeyword, type CustomKeyword, type Keyword,
} from './keywords.js';

describe('normaliseKeywordText', () => {
  it.each([
    ['stop', 'STOP'],
    ['  Stop!  ', 'STOP'],
    ['"stop."', 'STOP'],
    ['“Stop”', 'STOP'],
    ["'stop'", 'STOP'],
    ['(stop)', 'STOP'],
    ['stop?!...', 'STOP'],
    ['opt   out', 'OPT OUT'],
    ['\topt\nout\n', 'OPT OUT'],
    ['\u200Bstop\uFEFF', 'STOP'],
    ['ＳＴＯＰ', 'STOP'],
    ['please stop texting me', 'PLEASE STOP TEXTING ME'],
    ['', ''],
    ['   ', ''],
    ['?!', ''],
  ])('%j → %j', (body, expected) => expect(normaliseKeywordText(body)).toBe(expected));
});

describe('classifyKeyword — built-in words', () => {
  const variants = (w: string) => [w, w.toLowerCase(), ` ${w.toLowerCase()}! `, `${w[0]}${w.slice(1).toLowerCase()}.`, `"${w}"`, `${w},`, `${w};`, `${w}:`, `${w}?`];
  const cases: Array<[string, Keyword]> = [
    ...OPT_OUT_WORDS.flatMap((w) => variants(w).map((v) => [v, { kind: 'opt_out', word: w }] as [string, Keyword])),
    ...OPT_IN_WORDS.flatMap((w) => variants(w).map((v) => [v, { kind: 'opt_in', word: w }] as [string, Keyword])),
    ...HELP_WORDS.flatMap((w) => variants(w).map((v) => [v, { kind: 'help', word: w }] as [string, Keyword])),
    ['opt   out', { kind: 'opt_out', word: 'OPT OUT' }],
    ['Stop   All!!', { kind: 'opt_out', word: 'STOP ALL' }],
    ['\tOPT\nOUT ', { kind: 'opt_out', word: 'OPT OUT' }],
    ['Unsubscribe.', { kind: 'opt_out', word: 'UNSUBSCRIBE' }],
    ['yes!', { kind: 'opt_in', word: 'YES' }],
  ];
  it.each(cases)('%j → %o', (body, expected) => expect(classifyKeyword(body)).toEqual(expected));

  it('lists each built-in word once', () => {
    const all = [...OPT_OUT_WORDS, ...OPT_IN_WORDS, ...HELP_WORDS];
    expect(new Set(all).size).toBe(all.length);
    expect(OPT_OUT_WORDS).toEqual(expect.arrayContaining(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'STOP ALL', 'OPT OUT']));
    expect(OPT_IN_WORDS).toEqual(['START', 'YES', 'UNSTOP']);
    expect(HELP_WORDS).toEqual(['HELP', 'INFO']);
  });
});

describe('classifyKeyword — near misses are not keywords', () => {
  it.each([
    'stopp', 'stop please', 'please stop texting me', 'STOP STOP', 's t o p', 'st op', 'opt-out', 'optout now',
    '', '   ', '🛑', '👍', 'stop 🛑', '...', 'yes please', 'no', 'helpme', 'help me', 'info?? what info', 'stop\nstop',
  ])('%j → null', (body) => expect(classifyKeyword(body)).toBeNull());
});

describe('classifyKeyword — custom keywords', () => {
  const custom: CustomKeyword[] = [
    { word: 'join', kind: 'opt_in' },
    { word: 'Menu', kind: 'custom' },
    { word: 'opening  hours', kind: 'custom' },
    { word: 'LEAVE', kind: 'opt_out' },
    { word: 'stop', kind: 'custom' }, // shadowed by the built-in STOP
    { word: 'help', kind: 'opt_in' }, // shadowed by the built-in HELP
    { word: 'bad word!', kind: 'custom' }, // invalid, never matches
  ];
  it.each<[string, Keyword | null]>([
    ['JOIN', { kind: 'opt_in', word: 'JOIN' }],
    [' join! ', { kind: 'opt_in', word: 'JOIN' }],
    ['menu.', { kind: 'custom', word: 'MENU' }],
    ['Opening Hours?', { kind: 'custom', word: 'OPENING HOURS' }],
    ['leave', { kind: 'opt_out', word: 'LEAVE' }],
    ['stop', { kind: 'opt_out', word: 'STOP' }],
    ['Help', { kind: 'help', word: 'HELP' }],
    ['bad word', null],
    ['join now', null],
    ['menus', null],
  ])('%j → %o', (body, expected) => expect(classifyKeyword(body, custom)).toEqual(expected));

  it('ignores custom keywords when none are given', () => expect(classifyKeyword('join')).toBeNull());
});

describe('validateCustomKeyword', () => {
  it.each<[string, string | null]>([
    ['join', 'JOIN'],
    ['  Join  ', 'JOIN'],
    ['promo2026', 'PROMO2026'],
    ['opening   hours', 'OPENING HOURS'],
    ['A', 'A'],
    ['12345678901234567890', '12345678901234567890'],
    ['123456789012345678901', null],
    ['ABCDEFGHIJ KLMNOPQRS', 'ABCDEFGHIJ KLMNOPQRS'],
    ['ABCDEFGHIJ KLMNOPQRST', null],
    ['', null],
    ['   ', null],
    ['one two three', null],
    ['join!', null],
    ['opt-in', null],
    ['café', null],
    ['🛑', null],
    ['a_b', null],
  ])('%j → %j', (word, expected) => expect(validateCustomKeyword(word)).toBe(expected));
});

describe('isBuiltInKeyword', () => {
  it.each<[string, boolean]>([['stop', true], ['Opt Out', true], ['info', true], ['join', false], ['', false]])(
    '%j → %s', (word, expected) => expect(isBuiltInKeyword(word)).toBe(expected),
  );
});

describe('defaultReplies', () => {
  const GSM_EXTENSION = new Set('^{}\\[~]|€');
  const gsmSeptets = (s: string) => [...s].reduce((n, ch) => n + (GSM_EXTENSION.has(ch) ? 2 : 1), 0);
  const name30 = 'Westside Plumbing & Heating Co';
  const replies = defaultReplies(name30);

  it('uses a 30-character business name in the test', () => expect(name30).toHaveLength(30));

  it.each<[keyof typeof replies, RegExp[]]>([
    ['opt_out', [/unsubscribed/i, /no more messages/i, /Reply START/, /HELP/]],
    ['opt_in', [/subscribed/i, /Msg frequency varies/, /Msg & data rates may apply/, /Reply HELP for help/, /STOP to opt out/]],
    ['help', [/help/i, /\{contact\}/, /Reply STOP to opt out/]],
  ])('%s names the business, says what happened and how to get help', (key, patterns) => {
    const text = replies[key];
    expect(text.startsWith(`${name30}:`)).toBe(true);
    for (const p of patterns) expect(text).toMatch(p);
  });

  it.each(Object.entries(replies))('%s fits one GSM-7 segment and is ASCII', (_key, text) => {
    expect(text.length).toBeLessThanOrEqual(160);
    expect(gsmSeptets(text)).toBeLessThanOrEqual(160);
    expect(text).toMatch(/^[\x20-\x7E]+$/);
  });

  it('trims the business name', () => expect(defaultReplies('  Acme ').help.startsWith('Acme: ')).toBe(true));
});
