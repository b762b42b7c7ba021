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
  it('knows landlines', () => {
    expect(isLandline('fixed_line')).toBe(true);
    expect(isLandline('fixed_line_or_mobile')).toBe(false);
    expect(isLandline('mobile')).toBe(false);
  });
});
