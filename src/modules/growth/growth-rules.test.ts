import { describe, expect, it } from 'vitest';
import { HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS } from '../consent/keywords.js';
import { SLUG, clientNetwork, codeText, confirmationText, isConfirmReply, matchJoinWord, programLabel, replyPromptText, smsUri, validOrigin, validateJoinWord } from './growth-rules.js';

describe('validateJoinWord', () => {
  it.each<[string, ReturnType<typeof validateJoinWord>]>([
    ['join', { word: 'JOIN' }],
    ['  Deals  2026 ', { word: 'DEALS 2026' }],
    ['VIP', { word: 'VIP' }],
    ...[...OPT_OUT_WORDS, ...OPT_IN_WORDS, ...HELP_WORDS, 'y', 'Stop', 'opt out'].map((w): [string, ReturnType<typeof validateJoinWord>] => [w, { problem: 'reserved_keyword' }]),
    ['', { problem: 'invalid_keyword' }],
    ['join now please', { problem: 'invalid_keyword' }],
    ['jöin', { problem: 'invalid_keyword' }],
    ['JOIN!', { problem: 'invalid_keyword' }],
    ['A'.repeat(21), { problem: 'invalid_keyword' }],
  ])('%j → %j', (word, expected) => expect(validateJoinWord(word)).toEqual(expected));
});

describe('matchJoinWord and isConfirmReply', () => {
  it.each([
    [' join! ', ['JOIN'], 'JOIN'],
    ['"Join."', ['JOIN', 'VIP'], 'JOIN'],
    ['deals   2026', ['DEALS 2026'], 'DEALS 2026'],
    ['join us', ['JOIN'], null],
    ['', ['JOIN'], null],
    ['vip', ['JOIN'], null],
  ])('%j in %j → %j', (body, words, expected) => expect(matchJoinWord(body, words)).toBe(expected));

  it.each([['Y', true], ['y.', true], [' yes! ', true], ['YES', true], ['yeah', false], ['y y', false], ['no', false], ['', false]])('%j → %j', (body, expected) => {
    expect(isConfirmReply(body)).toBe(expected);
  });
});

describe('texts', () => {
  const p = { businessName: 'Acme Plumbing', programName: 'Deals', frequency: 'Up to 4 msgs/month' };
  it('names the program once', () => {
    expect(programLabel(p)).toBe('Acme Plumbing Deals');
    expect(programLabel({ ...p, programName: 'Acme plumbing alerts' })).toBe('Acme plumbing alerts');
  });
  it('the confirmation has what CTIA asks: program, frequency, rates, HELP and STOP', () => {
    expect(confirmationText(p)).toBe('Acme Plumbing Deals: You are subscribed. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to opt out.');
    expect(confirmationText({ ...p, frequency: 'Msg frequency varies.' })).toContain('Msg frequency varies. Msg & data rates');
  });
  it('the double opt-in question asks for Y; the code text carries the code', () => {
    expect(replyPromptText(p)).toMatch(/^Acme Plumbing Deals: Reply Y to confirm .* Reply HELP for help, STOP to opt out\.$/);
    expect(codeText(p, '012345')).toContain('012345');
  });
});

describe('slugs, origins, sms URIs', () => {
  it.each([['acme', true], ['acme-deals-2', true], ['ab', false], ['-acme', false], ['acme-', false], ['Acme', false], ['a_b', false]])('slug %j → %j', (s, ok) => {
    expect(SLUG.test(s)).toBe(ok);
  });
  it.each([['https://acme.example', true], ['http://localhost:8080', true], ['https://acme.example/', false], ['https://acme.example/page', false], ['javascript:alert(1)', false], ['*', false]])('origin %j → %j', (o, ok) => {
    expect(validOrigin(o)).toBe(ok);
  });
  it('an sms: URI with the keyword as body', () => expect(smsUri('+15005550006', 'DEALS 2026')).toBe('sms:+15005550006?body=DEALS%202026'));
});

describe('clientNetwork: the caller public limits count', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:aa:bb::1', '2001:db8:aa:bb::/64'],
    ['2001:DB8:AA:BB:ffff:1:2:3', '2001:db8:aa:bb::/64'],
    ['2001:0db8:00aa:00bb:0000:0000:0000:0001', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1:2:3:4:5', 'fe80:0:0:1::/64'],
    ['2001:db8::1::2', '2001:db8::1::2'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['unix-socket', 'unix-socket'],
  ])('%s → %s', (ip, expected) => expect(clientNetwork(ip)).toBe(expected));
});
