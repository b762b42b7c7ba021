/**
 * "Local time for everyone": a campaign scheduled at a wall-clock time on a date reaches each
 * recipient at that time in their own zone (quiet hours and daily caps still apply after it).
 */
import { DateTime } from 'luxon';

export interface LocalSchedule { localTime: string; date: string }

/**
 * The moment `date` `localTime` happens in `zone` (UTC). A time that does not exist that day (the
 * hour skipped when DST starts) is moved forward by the gap; an ambiguous one (DST end) is the one
 * luxon picks (standard time, the second occurrence). An invalid zone is `fallbackZone`'s.
 */
export function localMoment(s: LocalSchedule, zone: string, fallbackZone?: string): Date {
  const [year, month, day] = s.date.split('-').map(Number);
  const [hour, minute] = s.localTime.split(':').map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!dt.isValid) {
    if (fallbackZone && fallbackZone !== zone) return localMoment(s, fallbackZone);
    throw new RangeError(`No such local time: ${s.date} ${s.localTime} in ${zone} (${dt.invalidExplanation ?? ''})`);
  }
  return dt.toJSDate();
}

/** The earliest of the zones' moments (the campaign's start), with its zone. */
export function earliestMoment(s: LocalSchedule, zones: string[], fallbackZone: string): { at: Date; zone: string } {
  const all = (zones.length ? zones : [fallbackZone]).map((zone) => ({ zone, at: localMoment(s, zone, fallbackZone) }));
  return all.reduce((a, b) => (b.at < a.at ? b : a));
}

/**
 * The moment from which a recipient in `zone` may be texted: the campaign's start (`at`), or with a
 * local-time schedule their zone's moment — never before `now`.
 */
export function baseFor(c: { scheduleAt: Date | null; local: LocalSchedule | null }, now: Date, fallbackZone: string): (zone: string) => Date {
  if (!c.local) {
    const base = c.scheduleAt && c.scheduleAt > now ? c.scheduleAt : now;
    return () => base;
  }
  const local = c.local;
  const memo = new Map<string, Date>();
  return (zone) => {
    let at = memo.get(zone);
    if (!at) {
      const m = localMoment(local, zone, fallbackZone);
      at = m > now ? m : now;
      memo.set(zone, at);
    }
    return at;
  };
}

/** A campaign row's local-time schedule, if it has one. */
export const localScheduleOf = (c: { scheduleLocalTime: string | null; scheduleLocalDate: string | null }): LocalSchedule | null =>
  c.scheduleLocalTime && c.scheduleLocalDate ? { localTime: c.scheduleLocalTime, date: c.scheduleLocalDate } : null;
