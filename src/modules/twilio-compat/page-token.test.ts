import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken } from './page-token.js';

const id = '0190a5b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('Twilio-compatible PageToken', () => {
  it('round-trips both directions to the microsecond', () => {
    for (const direction of ['after', 'before'] as const) {
      const position = { us: '1767225600000101', id };
      const token = encodePageToken(direction, position);
      expect(token.slice(0, 2)).toBe(direction === 'after' ? 'PA' : 'PB');
      expect(decodePageToken(token)).toEqual({ direction, position });
    }
  });
  it('reads a token given before microseconds (an ISO time)', () => {
    expect(decodePageToken('PA' + b64(`2026-01-01T00:00:00.123Z|${id}`))).toEqual({ direction: 'after', position: { us: '1767225600123000', id } });
  });
  const refused: Array<[string, string]> = [
    ['no prefix', b64(`1767225600000101|${id}`)],
    ['another prefix', 'PC' + b64(`1767225600000101|${id}`)],
    ['empty', 'PA'],
    ['not base64url', 'PA%%%'],
    ['no id', 'PA' + b64('1767225600000101|')],
    ['an id that is no uuid', 'PA' + b64(`1767225600000101|${'-'.repeat(36)}`)],
    ['upper-case uuid', 'PA' + b64(`1767225600000101|${id.toUpperCase()}`)],
    ['a third part', 'PA' + b64(`1767225600000101|${id}|x`)],
    ['before 2000', 'PA' + b64(`946684799999999|${id}`)],
    ['after 9999', 'PB' + b64(`253402300800000000|${id}`)],
    ['far past any timestamp', 'PB' + b64(`9999999999999999999|${id}`)],
    ['negative', 'PA' + b64(`-1|${id}`)],
    ['a number in another form', 'PA' + b64(`1.7e15|${id}`)],
    ['an ISO time out of range', 'PA' + b64(`+275760-09-13T00:00:00.000Z|${id}`)],
    ['an ISO time of year 0', 'PA' + b64(`0000-01-01T00:00:00.000Z|${id}`)],
    ['a date that is not one', 'PA' + b64(`2026-02-31T00:00:00.000Z|${id}`)],
    ['NUL', 'PA' + b64(`\u0000|${id}`)],
  ];
  it.each(refused)('refuses %s', (_label, token) => {
    expect(decodePageToken(token)).toBeNull();
  });
});
