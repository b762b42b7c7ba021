import { DateTime } from 'luxon';

/**
 * Business time (pure): when a target of N business minutes falls due, counted only inside an
 * account's weekly opening hours in its time zone, skipping its holidays. Local times are
 * turned into instants per day with the zone's rules of that day, so a daylight-saving change
 * shortens or lengthens that day's hours as a wall clock does.
 */

/** One opening interval of a weekday: ISO weekday 1 (Monday) … 7 (Sunday), local "HH:mm" from start to end ("24:00" = midnight after). */
export interface OpeningHours { day: number; start: string; end: string }

export interface BusinessCalendar {
  zone: string;
  /** Empty: open around the clock (every minute counts). */
  hours: OpeningHours[];
  /** Local dates ("YYYY-MM-DD") on which the business is closed. */
  holidays: string[];
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minutesOf = (hhmm: string) => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

/** What is wrong with a weekly schedule, or null (each interval ends after it starts; a day's intervals do not overlap). */
export function openingHoursProblem(hours: OpeningHours[]): string | null {
  for (const h of hours) {
    if (!Number.isInteger(h.day) || h.day < 1 || h.day > 7) return `day ${h.day} is not an ISO weekday (1 = Monday … 7 = Sunday)`;
    if (!HHMM.test(h.start) || h.start === '24:00' || !HHMM.test(h.end)) return `${h.start}–${h.end} is not HH:mm–HH:mm`;
    if (minutesOf(h.end) <= minutesOf(h.start)) return `${h.start}–${h.end} ends before it starts`;
  }
  for (let d = 1; d <= 7; d++) {
    const day = hours.filter((h) => h.day === d).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < day.length; i++) if (minutesOf(day[i].start) < minutesOf(day[i - 1].end)) return `the hours of day ${d} overlap`;
  }
  return null;
}

/** The instant of a local wall time of a local date (minutes after its midnight, 1440 = next midnight). */
function instant(date: DateTime, minutes: number): number {
  const midnight = date.startOf('day');
  if (minutes >= 1440) return midnight.plus({ days: 1 }).toMillis();
  return midnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/** The open intervals [from, to) of one local date, as instants in ms, earliest first. */
function openIntervals(cal: BusinessCalendar, date: DateTime, holidays: Set<string>): Array<[number, number]> {
  if (holidays.has(date.toISODate()!)) return [];
  return cal.hours
    .filter((h) => h.day === date.weekday)
    .map((h): [number, number] => [instant(date, minutesOf(h.start)), instant(date, minutesOf(h.end))])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
}

const MAX_DAYS = 3 * 366;

/**
 * The instant `minutes` business minutes after `from`. With no opening hours every minute
 * counts; a calendar that is never open within three years answers null (the target never falls due).
 */
export function addBusinessMinutes(from: Date, minutes: number, cal: BusinessCalendar): Date | null {
  if (!cal.hours.length) return new Date(from.getTime() + minutes * 60_000);
  const holidays = new Set(cal.holidays);
  let left = minutes * 60_000;
  let cursor = from.getTime();
  let date = DateTime.fromMillis(cursor, { zone: cal.zone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, date = date.plus({ days: 1 }).startOf('day')) {
    for (const [a, b] of openIntervals(cal, date, holidays)) {
      if (b <= cursor) continue;
      const start = Math.max(a, cursor);
      if (left <= b - start) return new Date(start + left);
      left -= b - start;
      cursor = b;
    }
  }
  return null;
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  if (to <= from) return 0;
  if (!cal.hours.length) return (to.getTime() - from.getTime()) / 60_000;
  const holidays = new Set(cal.holidays);
  let total = 0;
  let date = DateTime.fromMillis(from.getTime(), { zone: cal.zone }).startOf('day');
  for (let i = 0; i < MAX_DAYS && date.toMillis() < to.getTime(); i++, date = date.plus({ days: 1 }).startOf('day')) {
    for (const [a, b] of openIntervals(cal, date, holidays)) total += Math.max(0, Math.min(b, to.getTime()) - Math.max(a, from.getTime()));
  }
  return total / 60_000;
}
