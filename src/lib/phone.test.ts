import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { analysePhone, isLandline } from './phone.js';

describe('analysePhone', () => {
  const cases: Array<[string, string, object]> = [
    ['(415) 555-0134', 'US', { e164: '+14155550134', country: 'US' }],
    ['415.555.0134', 'US', { e164: '+14155550134' }],
    ['+1 415 555 0134', 'GB', { e164: '+14155550134' }],
    ['001 415 555 0134', 'DE', { e164: '+14155550134' }],
    ['07400 123456', 'GB', { e164: '+447400123456', country: 'GB', type: 'mobile' }],
    ['+44 20 7946 0958', 'US', { e164: '+442079460958', type: 'fixed_line' }],
    ['+33 6 12 34 56 78', 'US', { e164: '+33612345678', type: 'mobile' }],
    ['1-800-555-0199', 'US', { type: 'toll_free' }],
    ['12', 'US', { problem: 'too_short' }],
    ['', 'US', { problem: 'invalid_phone' }],
    ['+1 415 555 01345678901', 'US', { problem: 'too_long' }],
    ['hello', 'US', { problem: 'invalid_phone' }],
    ['+1 555 555 5555 x', 'US', { problem: 'invalid_phone' }],
  ];
  it.each(cases)('%s (default %s)', (input, country, expected) => {
    expect(analysePhone(input, country)).toMatchObject(expected);
  });
  it('valid exactly when libphonenumber says so (it asks for the type first, isValid() only without one)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const digits = Array.from({ length: 3 + (next() % 13) }, () => next() % 10).join('');
      const input = next() % 2 ? `+${digits}` : digits;
      const country = ['US', 'GB', 'DE', 'IN', 'BR', 'CA', 'JP', 'NG'][i % 8];
      const parsed = parsePhoneNumberFromString(input, country as 'US');
      expect('e164' in analysePhone(input, country), `${input} (${country})`).toBe(parsed?.isValid() ?? false);
    }
  });
  it('knows landlines', () => {
    expect(isLandline('fixed_line')).toBe(true);
    expect(isLandline('fixed_line_or_mobile')).toBe(false);
    expect(isLandline('mobile')).toBe(false);
  });
});
