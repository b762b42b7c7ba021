import { describe, expect, it } from 'vitest';
import { AREA_CODES, AREA_CODE_LINES, NON_GEOGRAPHIC, areaCodeInfo, buildAreaCodeTable, nanpInfo } from './area-codes.js';

describe('areaCodeInfo', () => {
  it.each([
    // United States
    ['212', 'US-NY', 'America/New_York'],
    ['646', 'US-NY', 'America/New_York'],
    ['917', 'US-NY', 'America/New_York'],
    ['929', 'US-NY', 'America/New_York'],
    ['332', 'US-NY', 'America/New_York'],
    ['305', 'US-FL', 'America/New_York'],
    ['689', 'US-FL', 'America/New_York'],
    ['850', 'US-FL', 'America/Chicago'],
    ['448', 'US-FL', 'America/Chicago'],
    ['405', 'US-OK', 'America/Chicago'],
    ['918', 'US-OK', 'America/Chicago'],
    ['602', 'US-AZ', 'America/Phoenix'],
    ['928', 'US-AZ', 'America/Phoenix'],
    ['808', 'US-HI', 'Pacific/Honolulu'],
    ['907', 'US-AK', 'America/Anchorage'],
    ['915', 'US-TX', 'America/Denver'],
    ['945', 'US-TX', 'America/Chicago'],
    ['726', 'US-TX', 'America/Chicago'],
    ['713', 'US-TX', 'America/Chicago'],
    ['415', 'US-CA', 'America/Los_Angeles'],
    ['530', 'US-CA', 'America/Los_Angeles'], // inside 521–533 but geographic
    ['531', 'US-NE', 'America/Chicago'], // likewise
    ['206', 'US-WA', 'America/Los_Angeles'],
    ['541', 'US-OR', 'America/Los_Angeles'],
    ['208', 'US-ID', 'America/Boise'],
    ['303', 'US-CO', 'America/Denver'],
    ['801', 'US-UT', 'America/Denver'],
    ['312', 'US-IL', 'America/Chicago'],
    ['317', 'US-IN', 'America/Indiana/Indianapolis'],
    ['219', 'US-IN', 'America/Chicago'],
    ['812', 'US-IN', 'America/Indiana/Indianapolis'],
    ['313', 'US-MI', 'America/Detroit'],
    ['906', 'US-MI', 'America/Detroit'],
    ['865', 'US-TN', 'America/New_York'],
    ['423', 'US-TN', 'America/New_York'],
    ['615', 'US-TN', 'America/Chicago'],
    ['901', 'US-TN', 'America/Chicago'],
    ['270', 'US-KY', 'America/Chicago'],
    ['502', 'US-KY', 'America/New_York'],
    ['202', 'US-DC', 'America/New_York'],
    ['404', 'US-GA', 'America/New_York'],
    ['617', 'US-MA', 'America/New_York'],
    ['605', 'US-SD', 'America/Chicago'],
    ['308', 'US-NE', 'America/Chicago'],
    // US territories
    ['787', 'PR', 'America/Puerto_Rico'],
    ['939', 'PR', 'America/Puerto_Rico'],
    ['340', 'VI', 'America/St_Thomas'],
    ['671', 'GU', 'Pacific/Guam'],
    ['670', 'MP', 'Pacific/Saipan'],
    ['684', 'AS', 'Pacific/Pago_Pago'],
    // Canada
    ['416', 'CA-ON', 'America/Toronto'],
    ['807', 'CA-ON', 'America/Toronto'],
    ['514', 'CA-QC', 'America/Toronto'],
    ['604', 'CA-BC', 'America/Vancouver'],
    ['250', 'CA-BC', 'America/Vancouver'],
    ['403', 'CA-AB', 'America/Edmonton'],
    ['306', 'CA-SK', 'America/Regina'],
    ['204', 'CA-MB', 'America/Winnipeg'],
    ['506', 'CA-NB', 'America/Moncton'],
    ['902', 'CA-NS', 'America/Halifax'],
    ['709', 'CA-NL', 'America/St_Johns'],
    ['867', 'CA-YT', 'America/Whitehorse'],
    // Caribbean / Atlantic
    ['242', 'BS', 'America/Nassau'],
    ['876', 'JM', 'America/Jamaica'],
    ['809', 'DO', 'America/Santo_Domingo'],
    ['868', 'TT', 'America/Port_of_Spain'],
    ['441', 'BM', 'Atlantic/Bermuda'],
  ])('%s → %s %s', (code, region, zone) => {
    expect(areaCodeInfo(code)).toEqual({ region, zone });
  });

  it.each(['800', '833', '844', '855', '866', '877', '888', '500', '521', '533', '600', '700', '900', '456', '999', '211', '911', '123', '', '21', '2125', 'abc'])(
    '%j → null',
    (code) => expect(areaCodeInfo(code)).toBeNull(),
  );
});

describe('nanpInfo', () => {
  it.each([
    ['+12125550100', { region: 'US-NY', zone: 'America/New_York' }],
    ['+18505550100', { region: 'US-FL', zone: 'America/Chicago' }],
    ['+14165550100', { region: 'CA-ON', zone: 'America/Toronto' }],
    ['+17875550100', { region: 'PR', zone: 'America/Puerto_Rico' }],
    ['+18005550100', null],
    ['+442079460958', null],
    ['+61412345678', null],
    ['garbage', null],
    ['', null],
    ['12125550100', null], // no '+'
    ['+1212555010', null], // too short
    ['+121255501000', null], // too long
    ['+12121550100', null], // exchange cannot start with 1
  ])('%j → %o', (e164, expected) => expect(nanpInfo(e164)).toEqual(expected));
});

describe('table integrity', () => {
  const allCodes = AREA_CODE_LINES.flatMap(([, , codes]) => codes.split(/\s+/).filter(Boolean));

  it('has no duplicate codes', () => {
    expect(new Set(allCodes).size).toBe(allCodes.length);
    expect(AREA_CODES.size).toBe(allCodes.length);
  });

  it('covers at least 300 US codes and every state + DC', () => {
    const us = [...AREA_CODES.values()].filter((i) => i.region.startsWith('US-'));
    expect(us.length).toBeGreaterThanOrEqual(300);
    expect(new Set(us.map((i) => i.region)).size).toBe(51);
  });

  it('covers every Canadian province', () => {
    const ca = new Set([...AREA_CODES.values()].filter((i) => i.region.startsWith('CA-')).map((i) => i.region));
    for (const p of ['CA-AB', 'CA-BC', 'CA-MB', 'CA-NB', 'CA-NL', 'CA-NS', 'CA-ON', 'CA-QC', 'CA-SK']) expect(ca).toContain(p);
  });

  it('uses only valid IANA zones', () => {
    const zones = new Set([...AREA_CODES.values()].map((i) => i.zone));
    for (const timeZone of zones) {
      expect(() => new Intl.DateTimeFormat(undefined, { timeZone }), timeZone).not.toThrow();
    }
  });

  it('uses well-formed region codes', () => {
    for (const { region } of AREA_CODES.values()) expect(region).toMatch(/^[A-Z]{2}(-[A-Z]{2})?$/);
  });

  it('contains no non-geographic code', () => {
    for (const code of NON_GEOGRAPHIC) expect(AREA_CODES.has(code), code).toBe(false);
  });

  it('refuses a table that lists a code twice, a malformed or a non-geographic code', () => {
    expect(() => buildAreaCodeTable([['US-NY', 'America/New_York', '212'], ['US-NJ', 'America/New_York', '201 212']])).toThrow(/212 listed twice/);
    expect(() => buildAreaCodeTable([['US-NY', 'America/New_York', '112']])).toThrow(/malformed/);
    expect(() => buildAreaCodeTable([['US-NY', 'America/New_York', '411']])).toThrow(/malformed/);
    expect(() => buildAreaCodeTable([['US-NY', 'America/New_York', '800']])).toThrow(/non-geographic/);
  });
});
