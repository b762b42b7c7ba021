/**
 * Data-subject request rules (pure): legal deadlines, the one extension, status transitions,
 * the overdue flag and reminder stages. Times are computed in UTC.
 *
 * GDPR Art. 12(3): answer "within one month of receipt", extendable "by two further months"
 * once, with the reasons told to the person. CCPA (Cal. Civ. Code § 1798.130(a)(2)): 45
 * calendar days, extendable once by another 45. `other` gets GDPR's one month (the strictest).
 * A month ends on the same day of the next month, or that month's last day when it has no such
 * day (31 January → 28/29 February).
 */
import { DateTime } from 'luxon';

export const REQUEST_TYPES = ['access', 'correction', 'deletion', 'opt_out'] as const;
export const REQUEST_CHANNELS = ['web', 'phone', 'email', 'other'] as const;
export const REGIMES = ['gdpr', 'ccpa', 'other'] as const;
export const STATUSES = ['received', 'verified', 'in_progress', 'completed', 'denied'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export type Regime = (typeof REGIMES)[number];
export type Status = (typeof STATUSES)[number];

const utc = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' });

/** The legal deadline of a request received at `receivedAt`. */
export function dueDate(receivedAt: Date, regime: Regime): Date {
  return regime === 'ccpa' ? utc(receivedAt).plus({ days: 45 }).toJSDate() : utc(receivedAt).plus({ months: 1 }).toJSDate();
}

/** The deadline after the one allowed extension (GDPR two further months, CCPA 45 further days), from the current due date. */
export function extendedDueDate(dueAt: Date, regime: Regime): Date {
  return regime === 'ccpa' ? utc(dueAt).plus({ days: 45 }).toJSDate() : utc(dueAt).plus({ months: 2 }).toJSDate();
}

/** The regime a request falls under by default, from the business's country (EU/EEA/UK: GDPR; US: CCPA). */
const GDPR_COUNTRIES = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB'.split(' '));
export function defaultRegime(country: string | null | undefined): Regime {
  const c = (country ?? '').toUpperCase();
  return GDPR_COUNTRIES.has(c) ? 'gdpr' : c === 'US' ? 'ccpa' : 'other';
}

const NEXT: Record<Status, readonly Status[]> = {
  received: ['verified', 'denied'], // not in_progress: starting it would skip the identity check, and completing it then act on whoever called
  verified: ['in_progress', 'completed', 'denied'],
  in_progress: ['completed', 'denied'],
  completed: [],
  denied: [],
};

export const isClosed = (s: Status) => s === 'completed' || s === 'denied';

/**
 * Whether a request may move from one status to the next: forward only (received → verified →
 * in progress → completed | denied). A request whose identity was never verified may be denied
 * (e.g. the person could not be verified) but neither started nor completed: verifying is a step of its own.
 */
export function canMove(from: Status, to: Status): boolean {
  return NEXT[from].includes(to);
}

/** An open request past its due date. */
export const isOverdue = (r: { dueAt: Date; closedAt: Date | null }, now: Date) => r.closedAt === null && r.dueAt.getTime() <= now.getTime();

export const REMINDER_STAGES = ['week', 'day', 'overdue'] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];
const DAY = 86_400_000;

/** Which reminder an open request is due for now (7 days before, 1 day before, overdue), if newer than the last one sent. */
export function reminderDue(dueAt: Date, now: Date, last: ReminderStage | null): ReminderStage | null {
  const left = dueAt.getTime() - now.getTime();
  const stage: ReminderStage | null = left <= 0 ? 'overdue' : left <= DAY ? 'day' : left <= 7 * DAY ? 'week' : null;
  if (!stage) return null;
  const rank = (s: ReminderStage | null) => (s === null ? -1 : REMINDER_STAGES.indexOf(s));
  return rank(stage) > rank(last) ? stage : null;
}

/** What the person is told when the business extends the due date (the law wants the reason and the new date told). */
export function extensionNotice(business: string, dueAt: Date, reason: string): string {
  return `${business}: we need more time for your privacy request and will answer by ${dueAt.toISOString().slice(0, 10)}. Why: ${reason}`.slice(0, 1000);
}

/** The answer texted or emailed to the person when the business closes a request (unless it writes its own). */
export function defaultAnswer(business: string, type: RequestType, status: 'completed' | 'denied', reason: string | null): string {
  if (status === 'denied') return `${business}: we could not complete your privacy request${reason ? `: ${reason}` : '.'}`.slice(0, 1000);
  switch (type) {
    case 'access': return `${business}: your data access request is complete.`;
    case 'correction': return `${business}: we corrected your details as you asked.`;
    case 'deletion': return `${business}: we deleted your personal data (only a coded record that you opted out stays, so you are never texted again).`;
    case 'opt_out': return `${business}: you are opted out of all our texts.`;
  }
}

/** The answer to a correction when the business holds nothing about the person any more (erased since): nothing was corrected. */
export const nothingHeldAnswer = (business: string) =>
  `${business}: we hold no personal data about you any more, so there was nothing to correct.`.slice(0, 1000);
