import { describe, expect, it } from 'vitest';
import {
  CODE_LENGTH, countsAsClick, hostOf, isCode, locationOf, mayHoldUrls, newCodes, normaliseDomain, redirectPage, replaceUrls, SAMPLE_CODE, shortBaseOf, urlsIn,
} from './links.js';

describe('link rules', () => {
  it.each([
    ['Sale: https://shop.example/sale?a=1&b=2. Ends soon', ['https://shop.example/sale?a=1&b=2']],
    ['(see http://a.co/x_(y)) and HTTPS://B.CO/Z, ok', ['http://a.co/x_(y', 'HTTPS://B.CO/Z']],
    ['two: https://a.co https://a.co/longer!', ['https://a.co', 'https://a.co/longer']],
    ['quoted "https://q.io/a" <https://z.io/b>', ['https://q.io/a', 'https://z.io/b']],
    ['odd\u00a0space https://n.io/a\u00a0b', ['https://n.io/a']],
    ['no scheme www.example.com, ftp://x.y, http:// alone', []],
  ])('finds the URLs of %j', (text, urls) => {
    expect(urlsIn(text)).toEqual(urls);
  });

  it.each([
    ['Hi {{first_name|there}}, 20% off today.', false],
    ['Hi {{ first_name }} {{last_name|}} {{email}} {{phone}}', false],
    ['Hi {{ First_Name }}', true],
    ['Hi {{first_name|https://x.io/a}}', true],
    ['See https://x.io', true],
    ['Your coupon: {{coupon_url}}', true],
  ])('%j may hold URLs: %s', (template, may) => {
    expect(mayHoldUrls(template)).toBe(may);
  });

  it('replaces each URL in order, leaving the rest of the text as it was', () => {
    expect(replaceUrls('a https://x.io/1 b https://x.io/2.', (i) => `<${i}>`)).toBe('a <0> b <1>.');
    expect(replaceUrls('nothing here', () => 'x')).toBe('nothing here');
  });

  it('makes unguessable base62 codes of a fixed length', () => {
    const codes = newCodes(2000);
    expect(codes).toHaveLength(2000);
    expect(new Set(codes).size).toBe(2000);
    expect(codes.every(isCode)).toBe(true);
    expect(isCode(SAMPLE_CODE)).toBe(true);
    expect(SAMPLE_CODE).toHaveLength(CODE_LENGTH);
    // Every character of the alphabet turns up (no bias towards part of it).
    expect(new Set(codes.join('')).size).toBe(62);
    for (const bad of ['', 'short', 'AAAAAAAAAAA!', 'AAAAAAAAAAAAA', '../../etc/pa']) expect(isCode(bad)).toBe(false);
  });

  it.each([
    ['Go.Example.COM', 'go.example.com'],
    ['links.shop.example.', 'links.shop.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['localhost', null],
    ['1.2.3.4', null],
    ['go.example.com:8080', null],
    ['https://go.example.com', null],
    ['go.example.com/l', null],
    ['-bad.example.com', null],
    ['a..b.com', null],
    ['', null],
  ])('own domain %j → %j', (input, out) => {
    expect(normaliseDomain(input)).toBe(out);
  });

  it.each([
    ['Go.Example.com:443', 'go.example.com'],
    ['localhost', 'localhost'],
    ['[::1]:3000', '[::1]'],
    [undefined, null],
  ])('host of %j → %j', (header, host) => {
    expect(hostOf(header)).toBe(host);
  });

  it('keeps the base path on an own domain', () => {
    expect(shortBaseOf('https://wm.example/l', null)).toBe('https://wm.example/l');
    expect(shortBaseOf('https://wm.example/l', 'go.shop.example')).toBe('https://go.shop.example/l');
  });

  const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
  it.each([
    ['GET', SAFARI, true],
    ['HEAD', SAFARI, false],
    ['GET', 'facebookexternalhit/1.1 Facebot Twitterbot/1.0', false],
    ['GET', 'WhatsApp/2.23.20.0', false],
    ['GET', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', false],
    ['GET', 'TelegramBot (like TwitterBot)', false],
    ['GET', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', false],
    ['GET', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', false],
    ['GET', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', true],
    ['GET', 'curl/8.5.0', false],
    ['GET', '', false],
    ['GET', undefined, false],
  ])('%s by %j counts as a click: %s', (method, ua, counts) => {
    expect(countsAsClick(method, ua)).toBe(counts);
  });

  it('names the destination in an escaped page and an ASCII Location', () => {
    expect(redirectPage('https://x.io/?a=1&b="2"<')).toContain('Redirecting to <a href="https://x.io/?a=1&amp;b=&quot;2&quot;&lt;">');
    expect(locationOf('https://bücher.example/ü?q=a b')).toBe('https://xn--bcher-kva.example/%C3%BC?q=a%20b');
    expect(locationOf('javascript:alert(1)')).toBeNull();
    expect(locationOf('not a url')).toBeNull();
  });
});
