import { describe, expect, it } from 'vitest';
import { baseFor, earliestMoment, localMoment } from './local-schedule.js';

describe('local time for everyone', () => {
  it.each([
    // 2027-03-14: US DST starts (New York 02:00 EST → 03:00 EDT); Arizona and Hawaii keep standard time.
    ['2027-03-14', '10:00', 'America/New_York', '2027-03-14T14:00:00.000Z'],
    ['2027-03-13', '10:00', 'America/New_York', '2027-03-13T15:00:00.000Z'],
    ['2027-03-14', '10:00', 'America/Phoenix', '2027-03-14T17:00:00.000Z'],
    ['2027-03-14', '10:00', 'Pacific/Honolulu', '2027-03-14T20:00:00.000Z'],
    ['2027-03-14', '02:30', 'America/New_York', '2027-03-14T07:30:00.000Z'], // skipped hour: moved forward (03:30 EDT)
    // 2027-11-07: DST ends (01:00–02:00 happens twice): standard time (EST), as luxon resolves it.
    ['2027-11-07', '01:30', 'America/New_York', '2027-11-07T06:30:00.000Z'],
    ['2027-11-07', '10:00', 'America/New_York', '2027-11-07T15:00:00.000Z'],
    ['2027-11-07', '10:00', 'Not/AZone', '2027-11-07T18:00:00.000Z'], // invalid: the fallback (Los Angeles, PST)
  ])('%s %s in %s is %s', (date, localTime, zone, iso) => {
    expect(localMoment({ date, localTime }, zone, 'America/Los_Angeles').toISOString()).toBe(iso);
  });

  it('the earliest zone starts the campaign; a zone whose moment passed goes at once, a later one waits', () => {
    const s = { date: '2027-03-14', localTime: '10:00' };
    expect(earliestMoment(s, ['Pacific/Honolulu', 'America/New_York', 'America/Phoenix'], 'UTC')).toEqual({ zone: 'America/New_York', at: new Date('2027-03-14T14:00:00Z') });
    expect(earliestMoment(s, [], 'America/Phoenix').zone).toBe('America/Phoenix');
    const now = new Date('2027-03-14T16:00:00Z');
    const base = baseFor({ scheduleAt: new Date('2027-03-14T14:00:00Z'), local: s }, now, 'UTC');
    expect(base('America/New_York')).toEqual(now);
    expect(base('Pacific/Honolulu')).toEqual(new Date('2027-03-14T20:00:00Z'));
    expect(baseFor({ scheduleAt: null, local: null }, now, 'UTC')('Pacific/Honolulu')).toEqual(now);
  });
});
