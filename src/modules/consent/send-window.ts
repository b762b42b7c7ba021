/**
 * Quiet hours and frequency caps for marketing messages, in the recipient's local time.
 *
 * Federal (TCPA): 08:00–21:00. Florida and Oklahoma: 08:00–20:00 and at most 3 marketing messages
 * per rolling 24 h to the same number. The end hour is exclusive (21:00:00 is outside).
 * Conversational replies (a conversation the customer started) are never deferred.
 */
import { DateTime } from 'luxon';

export interface WindowRule {
  startHour: number;
  endHour: number;
  maxPer24h: number | null;
}

export type SendKind = 'marketing' | 'conversational';

const FEDERAL_RULE: WindowRule = Object.freeze({ startHour: 8, endHour: 21, maxPer24h: null });
const STATE_RULES: Readonly<Record<string, WindowRule>> = Object.freeze({
  'US-FL': Object.freeze({ startHour: 8, endHour: 20, maxPer24h: 3 }),
  'US-OK': Object.freeze({ startHour: 8, endHour: 20, maxPer24h: 3 }),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** The rule for a region such as 'US-FL' (case-insensitive); the federal rule for anything else or null. */
export function ruleFor(region: string | null): WindowRule {
  const key = region?.trim().toUpperCase() ?? '';
  return STATE_RULES[key] ?? FEDERAL_RULE;
}

function localTime(now: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) throw new RangeError(`Invalid time zone or date: ${zone} (${local.invalidExplanation ?? ''})`);
  return local;
}

/** Whether `now` falls inside [startHour, endHour) recipient local time. */
export function isInsideWindow(now: Date, zone: string, region: string | null): boolean {
  return sendWindowAt(now, zone, region).allowed;
}

/**
 * When the message may be sent: `now` itself if inside the window (or conversational), else the
 * next window opening (startHour local, the next day if past the end), as a UTC Date. DST-safe.
 */
export function nextSendTime(now: Date, zone: string, region: string | null, kind: SendKind): Date {
  return kind === 'conversational' ? now : sendWindowAt(now, zone, region).nextAllowedAt;
}

/**
 * Given the send times of marketing messages to this number, whether another may go now under the
 * region's cap. A send counts while it is within the 24 h before `now` (exactly 24 h old no longer
 * counts); when capped, `notBefore` is when enough of them have aged out.
 */
export function frequencyAllows(
  now: Date,
  recentSends: Date[],
  region: string | null,
): { ok: true } | { ok: false; notBefore: Date } {
  const { maxPer24h } = ruleFor(region);
  if (maxPer24h === null) return { ok: true };
  const t = now.getTime();
  const inWindow = recentSends
    .map((d) => d.getTime())
    .filter((s) => s > t - DAY_MS && s <= t)
    .sort((a, b) => a - b);
  if (inWindow.length < maxPer24h) return { ok: true };
  // Once the (n − max + 1) oldest sends have aged out, max − 1 remain and one more may go.
  return { ok: false, notBefore: new Date(inWindow[inWindow.length - maxPer24h] + DAY_MS) };
}

/**
 * Earliest moment from `now` a message may go, combining quiet hours (and the account's own hours,
 * when given) and the region's daily cap. `marketingSends` are the moments the number's other
 * marketing texts go — sent or still planned, before or after `now`: no 24 h window holding the new
 * text may hold `maxPer24h` others (a text planned for tomorrow counts tomorrow). The cap lifts when
 * a text ages out (24 h after it), so the answer is the window's opening at `now` or at one of those
 * moments. Conversational messages go at `now`.
 */
export function earliestSendTime(
  now: Date,
  zone: string,
  region: string | null,
  kind: SendKind,
  marketingSends: Date[],
  hours: AccountHours | null = null,
): Date {
  if (kind === 'conversational') return now;
  const open = (at: Date) => sendWindowAt(at, zone, region, hours).nextAllowedAt;
  const opening = open(now);
  const { maxPer24h } = ruleFor(region);
  if (maxPer24h === null) return opening;
  const sends = marketingSends.map((d) => d.getTime());
  const within = (end: number) => sends.filter((s) => s > end - DAY_MS && s <= end).length;
  const fits = (t: number) => within(t) < maxPer24h && sends.every((s) => s <= t || s >= t + DAY_MS || within(s) < maxPer24h);
  const candidates = [opening, ...sends.map((s) => open(new Date(Math.max(s + DAY_MS, opening.getTime()))))].sort((a, b) => a.getTime() - b.getTime());
  return candidates.find((c) => fits(c.getTime())) ?? candidates[candidates.length - 1];
}

/** Which rule decides a send window: federal (TCPA), Florida, Oklahoma, or the account's own quiet hours. */
export type WindowRuleName = 'TCPA' | 'FL' | 'OK' | 'account';

/** An account's own sending hours, recipient local time ("HH:mm", start inclusive, end exclusive, start < end). */
export interface AccountHours { start: string; end: string }

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`Not a time of day (HH:mm): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Whether account hours are well-formed and leave some time inside the federal window (08:00–21:00). */
export function accountHoursProblem(h: AccountHours): string | null {
  if (!HHMM.test(h.start) || !HHMM.test(h.end)) return 'Use times of day as HH:mm (00:00–23:59).';
  const [s, e] = [minutesOf(h.start), minutesOf(h.end)];
  if (s >= e) return 'The start must be before the end (overnight sending is never allowed).';
  if (e <= 8 * 60 || s >= 21 * 60) return 'These hours leave no time inside 08:00–21:00.';
  return null;
}

export const ruleNameOf = (region: string | null): Exclude<WindowRuleName, 'account'> => {
  const key = region?.trim().toUpperCase() ?? '';
  return key === 'US-FL' ? 'FL' : key === 'US-OK' ? 'OK' : 'TCPA';
};

/** The next moment at or after `at` inside [start, end) minutes of the local day in `zone`. */
function nextInside(at: Date, zone: string, startMin: number, endMin: number): Date {
  const local = localTime(at, zone);
  const m = local.hour * 60 + local.minute;
  if (m >= startMin && m < endMin) return at;
  const day = m < startMin ? local : local.plus({ days: 1 });
  return day.set({ hour: Math.floor(startMin / 60), minute: startMin % 60, second: 0, millisecond: 0 }).toJSDate();
}

export interface WindowAnswer { allowed: boolean; nextAllowedAt: Date; rule: WindowRuleName }

/**
 * May a marketing text go to a recipient in `zone` (number in `region`) at `at`? The statutory
 * window (TCPA 08:00–21:00; FL/OK 08:00–20:00) and, when the account has them, its own hours must
 * both be open: the day's window is their intersection (account hours that do not overlap the
 * statutory window of this region are ignored for it). `nextAllowedAt` is `at` when allowed, else the
 * window's next opening (local wall-clock, so DST-safe). `rule` names the rule that applies: the
 * statutory one when allowed or when it is closed at `at`; `account` when only the account's hours are.
 */
export function sendWindowAt(at: Date, zone: string, region: string | null, account?: AccountHours | null): WindowAnswer {
  const statutory = ruleNameOf(region);
  const { startHour, endHour } = ruleFor(region);
  const [s0, e0] = [startHour * 60, endHour * 60];
  let [s, e] = [s0, e0];
  if (account) {
    const [as, ae] = [Math.max(s0, minutesOf(account.start)), Math.min(e0, minutesOf(account.end))];
    if (as < ae) [s, e] = [as, ae];
  }
  const nextAllowedAt = nextInside(at, zone, s, e);
  const allowed = nextAllowedAt.getTime() === at.getTime();
  const statutoryOpen = nextInside(at, zone, s0, e0).getTime() === at.getTime();
  return { allowed, nextAllowedAt, rule: allowed || !statutoryOpen ? statutory : 'account' };
}
