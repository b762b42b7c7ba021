import { describe, expect, it } from 'vitest';
import {
  inboundType, MAX_MESSAGE_MEDIA_BYTES, mediaToken, outboundMediaProblem, servingHeaders, sniffImageType, verifyMediaToken,
} from './media-rules.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0);
const GIF89 = new TextEncoder().encode('GIF89a....');
const GIF87 = new TextEncoder().encode('GIF87a....');

describe('sniffImageType (from the bytes, never a header)', () => {
  it.each<[string, Uint8Array, string | null]>([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['GIF89a', GIF89, 'image/gif'],
    ['GIF87a', GIF87, 'image/gif'],
    ['HTML', new TextEncoder().encode('<html><script>alert(1)</script>'), null],
    ['SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['PDF', new TextEncoder().encode('%PDF-1.7'), null],
    ['WebP', new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBP'), null],
    ['truncated PNG', PNG.subarray(0, 5), null],
    ['truncated JPEG', JPEG.subarray(0, 2), null],
    ['GIF88a', new TextEncoder().encode('GIF88a'), null],
    ['empty', new Uint8Array(0), null],
  ])('%s', (_n, b, expected) => expect(sniffImageType(b)).toBe(expected));
});

describe('outboundMediaProblem', () => {
  const img = (size: number, type: string | null = 'image/png') => ({ type, size });
  it.each<[string, Array<{ type: string | null; size: number }>, string | null, number | undefined]>([
    ['one PNG', [img(1000)], null, undefined],
    ['three types', [img(1, 'image/jpeg'), img(1, 'image/png'), img(1, 'image/gif')], null, undefined],
    ['exactly 5 MB in all', [img(MAX_MESSAGE_MEDIA_BYTES - 10), img(10)], null, undefined],
    ['one byte over 5 MB in all', [img(MAX_MESSAGE_MEDIA_BYTES - 10), img(11)], 'media_too_large', undefined],
    ['not an image', [img(10), img(10, null)], 'media_type_not_allowed', 1],
    ['an image type we do not send', [img(10, 'image/webp')], 'media_type_not_allowed', 0],
    ['empty file', [img(0)], 'media_empty', 0],
    ['eleven files', Array.from({ length: 11 }, () => img(1)), 'too_many_media', undefined],
  ])('%s', (_n, files, problem, index) => {
    const r = outboundMediaProblem(files);
    expect(r?.problem ?? null).toBe(problem);
    expect(r?.index).toBe(index);
  });
});

describe('inboundType', () => {
  it.each<[string, Uint8Array, string | null, string]>([
    ['an image whatever the carrier says', PNG, 'text/html', 'image/png'],
    ['a video as declared', new Uint8Array([0, 0, 0, 0x18]), 'video/mp4', 'video/mp4'],
    ['a vCard', new TextEncoder().encode('BEGIN:VCARD'), 'text/vcard; charset=utf-8', 'text/vcard'],
    ['HTML is never served as HTML', new TextEncoder().encode('<html>'), 'text/html', 'application/octet-stream'],
    ['SVG (scriptable) neither', new TextEncoder().encode('<svg/>'), 'image/svg+xml', 'application/octet-stream'],
    ['no declared type', new Uint8Array([1, 2]), null, 'application/octet-stream'],
  ])('%s', (_n, b, declared, expected) => expect(inboundType(b, declared)).toBe(expected));

  it('serves images inline and everything else as an attachment, never sniffed', () => {
    expect(servingHeaders({ contentType: 'image/png', size: 3 })).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'content-disposition': 'inline; filename="media"' });
    expect(servingHeaders({ contentType: 'video/mp4', size: 3, filename: '../a b".mp4' })['content-disposition']).toBe('attachment; filename=".._a_b_.mp4"');
  });
});

describe('signed media URL tokens', () => {
  const key = 'k'.repeat(40);
  const acct = '0190a0b0-0000-7000-8000-000000000001';
  const med = '0190a0b0-0000-7000-8000-000000000002';
  const now = Date.UTC(2026, 10, 30, 8, 0, 0);
  const token = mediaToken(key, acct, med, now + 60_000);
  it.each<[string, () => boolean, boolean]>([
    ['valid before expiry', () => verifyMediaToken(key, acct, med, token, now), true],
    ['refused at expiry', () => verifyMediaToken(key, acct, med, token, now + 60_000), false],
    ['refused after expiry', () => verifyMediaToken(key, acct, med, token, now + 3_600_000), false],
    ['refused for another medium', () => verifyMediaToken(key, acct, '0190a0b0-0000-7000-8000-000000000003', token, now), false],
    ['refused for another account', () => verifyMediaToken(key, '0190a0b0-0000-7000-8000-000000000009', med, token, now), false],
    ['refused under another key', () => verifyMediaToken('x'.repeat(40), acct, med, token, now), false],
    ['a later expiry cannot be spliced in', () => verifyMediaToken(key, acct, med, token.replace(/^\d+/, String(Math.floor(now / 1000) + 999_999)), now), false],
    ['a flipped signature character', () => verifyMediaToken(key, acct, med, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), now), false],
    ['garbage', () => verifyMediaToken(key, acct, med, 'abc', now), false],
  ])('%s', (_n, check, expected) => expect(check()).toBe(expected));
});
