import { describe, expect, it } from 'vitest';
import { destinationAllowed, destinationRefusal, effectiveCountries, normaliseAllowList } from './destinations.js';

describe('destination countries (fraud at the door)', () => {
  const us = { defaultCountry: 'US', allowedCountries: [] };
  const usCa = { defaultCountry: 'US', allowedCountries: ['CA', 'mx'] };
  const cases: Array<[string, { defaultCountry: string; allowedCountries: string[] }, string | null, boolean]> = [
    ['its own country, nothing else allowed', us, 'US', true],
    ['a neighbour by default', us, 'CA', false],
    ['an allowed country', usCa, 'CA', true],
    ['an allowed country given in lower case', usCa, 'MX', true],
    ['a country given in lower case', usCa, 'us', true],
    ['a country not on the list', usCa, 'GB', false],
    ['a number of no country (+800)', usCa, null, false],
    ['a British account in Britain', { defaultCountry: 'GB', allowedCountries: [] }, 'GB', true],
    ['a British account to the US', { defaultCountry: 'GB', allowedCountries: [] }, 'US', false],
  ];
  for (const [label, policy, country, allowed] of cases) {
    it(`${allowed ? 'allows' : 'refuses'} ${label}`, () => {
      expect(destinationAllowed(policy, country)).toBe(allowed);
      expect(destinationRefusal(policy, country) === null).toBe(allowed);
    });
  }

  it('says which country was refused, which are allowed, and the Twilio code', () => {
    expect(destinationRefusal(usCa, 'gb')).toEqual({
      code: 'destination_country_not_allowed',
      message: expect.stringContaining('in GB'),
      details: { field: 'to', country: 'GB', allowedCountries: ['US', 'CA', 'MX'], twilioCode: 21408 },
    });
    expect(effectiveCountries({ defaultCountry: 'US', allowedCountries: ['US', 'ca'] })).toEqual(['US', 'CA']);
  });

  it.each([
    [['ca', ' MX ', 'CA', 'US'], ['CA', 'MX'], []],
    [['C', 'CAN', '1A', 'DE'], ['DE'], ['C', 'CAN', '1A']],
    [[], [], []],
  ])('normalises the allow-list %j', (input, countries, invalid) => {
    expect(normaliseAllowList('US', input)).toEqual({ countries, invalid });
  });
});
