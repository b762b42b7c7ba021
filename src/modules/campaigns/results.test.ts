import { describe, expect, it } from 'vitest';
import { countryOfPrefix } from './results.service.js';

describe('campaign cost: the priced country of a destination', () => {
  it.each([
    ['+141', 'US'], ['+120', 'US'], ['+447', 'GB'], ['+353', 'IE'], ['+351', null], ['+491', 'DE'], ['+336', 'FR'], ['+346', 'ES'],
    ['+614', 'AU'], ['+521', 'MX'], ['+919', 'IN'], ['+999', null], ['', null],
  ])('%s → %s', (prefix, country) => {
    expect(countryOfPrefix(prefix)).toBe(country);
  });
});
