import { describe, expect, it } from 'vitest';
import { isSid, sidOf, uuidOfSid } from './sids.js';

const uuid = '0190a5b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b';

describe('Twilio SIDs', () => {
  it('maps a uuid to a SID and back', () => {
    const sid = sidOf('SM', uuid);
    expect(sid).toBe('SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b');
    expect(uuidOfSid('SM', sid)).toBe(uuid);
  });
  const bad: Array<[string, string]> = [
    ['another prefix', 'MG0190a5b27c1d7e3f8a9b0c1d2e3f4a5b'],
    ['too short', 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5'],
    ['too long', 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b0'],
    ['upper-case hex', 'SM0190A5B27C1D7E3F8A9B0C1D2E3F4A5B'],
    ['lower-case prefix', 'sm0190a5b27c1d7e3f8a9b0c1d2e3f4a5b'],
    ['not hex', 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5z'],
    ['empty', ''],
  ];
  it.each(bad)('refuses %s', (_n, sid) => {
    expect(uuidOfSid('SM', sid)).toBeNull();
    expect(isSid('SM', sid)).toBe(false);
  });
  it('recognises stored SIDs by prefix', () => {
    expect(isSid('AC', 'AC' + 'ab'.repeat(16))).toBe(true);
    expect(isSid('SK', 'AC' + 'ab'.repeat(16))).toBe(false);
  });
});
