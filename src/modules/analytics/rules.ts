import { DateTime } from 'luxon';

/**
 * Pure rules of the analytics rollups: what one outbox event adds to a day's row, and how days
 * are grouped into a series. No I/O here (table-driven tests in rules.test.ts).
 */

/** The "no number" / "no campaign" key of a rollup row (they stay in the primary key). */
export const NONE = '00000000-0000-0000-0000-000000000000';

/** What a status move adds to the outbound counters. */
export interface StatusCounts { sent: number; delivered: number; failed: number }

const HANDED_OVER = new Set(['sending', 'sent', 'delivered', 'undelivered']);
const NOT_YET_HANDED = new Set([null, 'accepted', 'scheduled', 'queued']);

/**
 * One transition of an outbound text (`from` null: its creation). `sent` counts a text once, when
 * it first reaches the carrier (sending, sent, or a receipt that overtook our own write); a refusal
 * at submit (queued → failed) is failed, never sent. Statuses only move forward, so each text is
 * counted at most once per counter.
 */
export function countsOf(from: string | null, to: string): StatusCounts {
  const firstHandOver = HANDED_OVER.has(to) && NOT_YET_HANDED.has(from);
  return {
    sent: firstHandOver ? 1 : 0,
    delivered: to === 'delivered' ? 1 : 0,
    failed: to === 'failed' || to === 'undelivered' ? 1 : 0,
  };
}

/** The response-time buckets a wait falls in (cumulative: ≤ 5 min is also ≤ 1 h). */
export function responseBuckets(ms: number): { le5m: number; le1h: number; le24h: number } {
  return { le5m: ms <= 300_000 ? 1 : 0, le1h: ms <= 3_600_000 ? 1 : 0, le24h: ms <= 86_400_000 ? 1 : 0 };
}

/** The UTC day (YYYY-MM-DD) of an instant. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The rollups' key: the UTC hour an instant falls in (its start, ISO). Days are the account's
 * local days, summed from hours when read, so a change of zone or DST needs no rewrite; in a
 * zone with a half-hour offset (Asia/Kolkata, America/St_Johns) an hour counts on the local day
 * of its start (up to 30 or 45 minutes of a night on the neighbouring day).
 */
export const utcHour = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();

/** The instants [start, end) of the local days `from`..`to` (inclusive) in `zone`. */
export function localDayBounds(from: string, to: string, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
  return { start: start.toUTC().toISO()!, end: end.toUTC().toISO()! };
}

export type Granularity = 'day' | 'week' | 'month';

/** The first day of the period a UTC day belongs to (weeks start on Monday, ISO). */
export function periodOf(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return utcDay(new Date(d.getTime() - back * 86_400_000));
}

/** Every period start from `from` to `to` (inclusive days), so a series has no gaps. */
export function periodsBetween(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  let d = new Date(`${periodOf(from, g)}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end) {
    out.push(utcDay(d));
    if (g === 'day') d = new Date(d.getTime() + 86_400_000);
    else if (g === 'week') d = new Date(d.getTime() + 7 * 86_400_000);
    else d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return out;
}

/** A share in percent with one decimal; null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

/** Micro-dollars as a decimal string with 4 places (as the pricing module prints costs). */
export const money = (micros: number) => (Math.round(micros / 100) / 10_000).toFixed(4);

/** A CSV field: quoted when needed, formula-leading characters neutralised. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
