import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, openingHoursProblem, type BusinessCalendar, type OpeningHours } from './sla-time.js';

const weekdays = (start: string, end: string): OpeningHours[] => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const NY: BusinessCalendar = { zone: 'America/New_York', hours: weekdays('09:00', '17:00'), holidays: ['2026-12-25', '2026-07-03'] };
const BERLIN: BusinessCalendar = { zone: 'Europe/Berlin', hours: [...weekdays('08:00', '18:00'), { day: 6, start: '10:00', end: '14:00' }], holidays: ['2026-12-24'] };
const BERLIN_SPLIT: BusinessCalendar = { zone: 'Europe/Berlin', hours: [{ day: 1, start: '08:00', end: '12:00' }, { day: 1, start: '13:00', end: '17:00' }], holidays: [] };
const NY_ALWAYS: BusinessCalendar = { zone: 'America/New_York', hours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })), holidays: [] };
const CLOCK: BusinessCalendar = { zone: 'America/New_York', hours: [], holidays: [] };

describe('addBusinessMinutes', () => {
  it.each<[string, BusinessCalendar, string, number, string]>([
    // [label, calendar, from (UTC), minutes, expected (UTC)]
    ['NY Monday 10:00 + 60 → 11:00 same day', NY, '2026-11-30T15:00:00Z', 60, '2026-11-30T16:00:00Z'],
    ['NY 16:30 + 60 → next morning 09:30 (overnight)', NY, '2026-11-30T21:30:00Z', 60, '2026-12-01T14:30:00Z'],
    ['NY 16:00 + 60 ends exactly at closing 17:00', NY, '2026-11-30T21:00:00Z', 60, '2026-11-30T22:00:00Z'],
    ['NY 07:00 (before opening) + 15 → 09:15', NY, '2026-11-30T12:00:00Z', 15, '2026-11-30T14:15:00Z'],
    ['NY Friday 16:00 + 120 → Monday 10:00 (weekend)', NY, '2026-12-04T21:00:00Z', 120, '2026-12-07T15:00:00Z'],
    ['NY Saturday noon + 30 → Monday 09:30', NY, '2026-12-05T17:00:00Z', 30, '2026-12-07T14:30:00Z'],
    ['NY Saturday + 0 → Monday opening', NY, '2026-12-05T17:00:00Z', 0, '2026-12-07T14:00:00Z'],
    ['NY Thursday 24 Dec 16:00 + 120 → Monday 28 Dec 10:00 (Christmas holiday, weekend)', NY, '2026-12-24T21:00:00Z', 120, '2026-12-28T15:00:00Z'],
    ['NY Thursday 2 Jul 16:30 + 60 → Monday 6 Jul 09:30 (3 Jul holiday)', NY, '2026-07-02T20:30:00Z', 60, '2026-07-06T13:30:00Z'],
    ['NY DST starts (8 Mar): Friday 16:00 EST + 120 → Monday 10:00 EDT', NY, '2026-03-06T21:00:00Z', 120, '2026-03-09T14:00:00Z'],
    ['NY DST ends (1 Nov): Friday 16:00 EDT + 120 → Monday 10:00 EST', NY, '2026-10-30T20:00:00Z', 120, '2026-11-02T15:00:00Z'],
    ['NY 24/7 hours across the spring-forward night: 180 real minutes', NY_ALWAYS, '2026-03-08T05:00:00Z', 180, '2026-03-08T08:00:00Z'],
    ['NY 24/7 hours across the fall-back night: 180 real minutes', NY_ALWAYS, '2026-11-01T04:00:00Z', 180, '2026-11-01T07:00:00Z'],
    ['NY a 5-day target spans a week', NY, '2026-11-30T14:00:00Z', 5 * 8 * 60, '2026-12-04T22:00:00Z'],
    ['Berlin Saturday 13:00 CET + 120 → Monday 09:00 CEST (DST starts 29 Mar)', BERLIN, '2026-03-28T12:00:00Z', 120, '2026-03-30T07:00:00Z'],
    ['Berlin Saturday 13:30 CEST + 60 → Monday 08:30 CET (DST ends 25 Oct)', BERLIN, '2026-10-24T11:30:00Z', 60, '2026-10-26T07:30:00Z'],
    ['Berlin Wednesday 23 Dec 17:30 + 60 → Friday 25 Dec 08:30 (24 Dec holiday)', BERLIN, '2026-12-23T16:30:00Z', 60, '2026-12-25T07:30:00Z'],
    ['Berlin lunch break: Monday 11:30 + 60 → 13:30', BERLIN_SPLIT, '2026-11-30T10:30:00Z', 60, '2026-11-30T12:30:00Z'],
    ['Berlin split hours: Monday 16:30 + 60 → next Monday 08:30', BERLIN_SPLIT, '2026-11-30T15:30:00Z', 60, '2026-12-07T07:30:00Z'],
    ['No opening hours: every minute counts', CLOCK, '2026-12-05T17:00:00Z', 90, '2026-12-05T18:30:00Z'],
  ])('%s', (_label, cal, from, minutes, expected) => {
    expect(addBusinessMinutes(new Date(from), minutes, cal)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('answers null when the calendar is never open', () => {
    const closed: BusinessCalendar = { zone: 'UTC', hours: [{ day: 1, start: '09:00', end: '10:00' }], holidays: [] };
    closed.holidays = Array.from({ length: 3 * 53 + 2 }, (_, i) => new Date(Date.UTC(2026, 10, 30) + i * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(addBusinessMinutes(new Date('2026-11-30T00:00:00Z'), 1, closed)).toBeNull();
  });
});

describe('businessMinutesBetween', () => {
  it.each<[string, BusinessCalendar, string, string, number]>([
    ['NY Friday 16:00 → Monday 10:00', NY, '2026-12-04T21:00:00Z', '2026-12-07T15:00:00Z', 120],
    ['NY across the spring-forward weekend', NY, '2026-03-06T21:00:00Z', '2026-03-09T14:00:00Z', 120],
    ['Berlin inside the lunch break', BERLIN_SPLIT, '2026-11-30T11:10:00Z', '2026-11-30T11:50:00Z', 0],
    ['backwards is 0', NY, '2026-12-07T15:00:00Z', '2026-12-04T21:00:00Z', 0],
    ['no hours: real minutes', CLOCK, '2026-12-05T17:00:00Z', '2026-12-05T18:30:00Z', 90],
  ])('%s', (_label, cal, from, to, minutes) => expect(businessMinutesBetween(new Date(from), new Date(to), cal)).toBe(minutes));

  it('inverts addBusinessMinutes', () => {
    for (const [cal, from] of [[NY, '2026-03-06T20:10:00Z'], [BERLIN, '2026-10-23T15:00:00Z']] as const) {
      for (const m of [1, 59, 61, 480, 1000]) expect(businessMinutesBetween(new Date(from), addBusinessMinutes(new Date(from), m, cal)!, cal)).toBe(m);
    }
  });
});

describe('openingHoursProblem', () => {
  it.each<[OpeningHours[], string | null]>([
    [weekdays('09:00', '17:00'), null],
    [[{ day: 1, start: '00:00', end: '24:00' }], null],
    [[{ day: 0, start: '09:00', end: '17:00' }], 'day 0 is not an ISO weekday (1 = Monday … 7 = Sunday)'],
    [[{ day: 1, start: '9:00', end: '17:00' }], '9:00–17:00 is not HH:mm–HH:mm'],
    [[{ day: 1, start: '24:00', end: '24:00' }], '24:00–24:00 is not HH:mm–HH:mm'],
    [[{ day: 1, start: '17:00', end: '09:00' }], '17:00–09:00 ends before it starts'],
    [[{ day: 2, start: '09:00', end: '13:00' }, { day: 2, start: '12:00', end: '17:00' }], 'the hours of day 2 overlap'],
  ])('%j → %s', (hours, problem) => expect(openingHoursProblem(hours)).toBe(problem));
});
