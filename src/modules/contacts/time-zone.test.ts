import { describe, expect, it } from 'vitest';
import { isValidZone, resolveTimeZone } from './time-zone.js';

describe('resolveTimeZone', () => {
  const acct = 'America/Chicago';
  it.each([
    [{ explicit: 'Europe/Paris', e164: '+12125550100', country: 'US' }, { zone: 'Europe/Paris', source: 'explicit' }],
    [{ e164: '+12125550100', country: 'US' }, { zone: 'America/New_York', source: 'number' }],
    [{ e164: '+14155550100', country: 'US' }, { zone: 'America/Los_Angeles', source: 'number' }],
    [{ e164: '+16025550100', country: 'US' }, { zone: 'America/Phoenix', source: 'number' }],
    [{ e164: '+447400123456', country: 'GB' }, { zone: 'Europe/London', source: 'number' }],
    [{ e164: '+61412345678', country: 'AU' }, { zone: acct, source: 'account' }],
    [{ e164: '+18005550100', country: 'US' }, { zone: acct, source: 'account' }],
  ])('%o → %o', (input, expected) => expect(resolveTimeZone({ ...input, accountZone: acct })).toEqual(expected));

  it('validates IANA zones', () => {
    expect(isValidZone('America/New_York')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
  });
});
